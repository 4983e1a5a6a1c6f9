package io.fablestream.platform.model.image;

import static io.fablestream.platform.model.ModelGatewayContract.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.configured.ImageProviders;
import io.fablestream.platform.model.openai.OpenAiImagesTestServer;
import io.fablestream.platform.retry.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What both image gateways do alike, each against its API's test server: draw a real picture of the
 * asked size, retry what may pass (a server error, a body that is not the API's JSON, an answer
 * that is no picture, a timeout) with the same prompt and seed, give up as unavailable with the
 * last error, and take a refusal as final at once; and check at start that the server serves the
 * configured model.
 */
class ImageGatewayContractTest {
  private static final String PROMPT = "A lighthouse keeper and her grey cat on the rocks at dusk";
  private static final long SEED = 424242L;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private ImageTestServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private ImageTestServer start(IllustrationSettings.Provider provider) {
    server =
        switch (provider) {
          case OPENAI -> OpenAiImagesTestServer.start("dall-e-2");
          case AUTOMATIC1111 -> Automatic1111TestServer.start("v1-5-pruned-emaonly");
        };
    return server.latency(Duration.ofMillis(20));
  }

  private Config config(Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    values.put("illustrations.enabled", "true");
    values.put("illustrations.provider", server.provider().name().toLowerCase());
    values.put("illustrations.url", server.baseUrl().toString());
    values.put("illustrations.size", "320x192");
    values.put("illustrations.timeout", "5s");
    values.putAll(overrides);
    return Config.of(values);
  }

  private ImageGateway gateway(Map<String, String> overrides) {
    return ImageProviders.from(
        IllustrationSettings.from(config(overrides), null),
        Backoff.exponential(2, Duration.ofMillis(5)),
        registry);
  }

  private ImageGateway gateway() {
    return gateway(Map.of());
  }

  private static DrawRequest request() {
    return new DrawRequest(PROMPT, 320, 192, SEED, null);
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void drawsAPngOfTheAskedSizeFromThePrompt(IllustrationSettings.Provider provider) {
    start(provider);

    DrawnImage image = gateway().draw(request());

    assertThat(image.contentType()).isEqualTo("image/png");
    assertThat(image.attempts()).isEqualTo(1);
    assertThat(image.width()).isEqualTo(320);
    assertThat(image.height()).isEqualTo(192);
    assertThat(image.data()).isEqualTo(TestPictures.png(PROMPT, seedSent(provider), 320, 192));
    assertThat(server.drawings())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.prompt()).isEqualTo(PROMPT);
              assertThat(d.width()).isEqualTo(320);
              assertThat(d.height()).isEqualTo(192);
            });
    assertThat(registry.find("fablestream.model.retries").counters()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void aServerErrorIsRetriedWithTheSamePromptAndSeed(IllustrationSettings.Provider provider) {
    start(provider).failNext(1);

    DrawnImage image = gateway().draw(request());

    assertThat(image.width()).isEqualTo(320);
    assertThat(image.attempts()).as("the answering attempt and the one before it").isEqualTo(2);
    assertThat(server.calls()).isEqualTo(2);
    assertThat(server.drawings()).hasSize(2);
    assertThat(server.drawings().get(1)).isEqualTo(server.drawings().get(0));
    assertThat(server.drawings().get(0).seed()).isEqualTo(seedOrNull(provider));
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void aBodyThatIsNotTheApisJsonIsRetried(IllustrationSettings.Provider provider) {
    start(provider).malformedNext(1);

    assertThat(gateway().draw(request()).height()).isEqualTo(192);
    assertThat(server.calls()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void anAnswerThatIsNoPictureIsRetriedThenUnavailable(IllustrationSettings.Provider provider) {
    start(provider).notAPictureNext(3);

    assertFails(ModelException.Kind.UNAVAILABLE, 3, () -> gateway().draw(request()))
        .endsWith(
            "after 3 attempts; last error: "
                + server.baseUrl()
                + " answered with no PNG, JPEG or WebP picture: 41 bytes starting <html><body>502 ");
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void aDrawingSlowerThanTheTimeoutIsUnavailableAfterTheRetries(
      IllustrationSettings.Provider provider) {
    start(provider).stallNext(3, Duration.ofSeconds(30));

    assertFails(
            ModelException.Kind.UNAVAILABLE,
            () -> gateway(Map.of("illustrations.timeout", "200ms")).draw(request()))
        .endsWith("after 3 attempts; last error: no answer within 200 ms");
    assertThat(server.calls()).isEqualTo(3);
    assertThat(registry.get("fablestream.model.retries").tag("reason", "timeout").counter().count())
        .isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void aServerThatKeepsFailingIsUnavailableWithItsLastError(
      IllustrationSettings.Provider provider) {
    start(provider).failNext(3, 503, "RuntimeError: the GPU is busy");

    assertFails(ModelException.Kind.UNAVAILABLE, () -> gateway().draw(request()))
        .contains("after 3 attempts; last error: HTTP 503: ")
        .contains("the GPU is busy");
    assertThat(server.calls()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void aRefusedRequestIsFinalAtOnce(IllustrationSettings.Provider provider) {
    start(provider).failNext(1, 400, "the prompt is refused");

    assertFails(ModelException.Kind.REJECTED, 1, () -> gateway().draw(request()))
        .startsWith(server.baseUrl().toString())
        .endsWith("HTTP 400: the prompt is refused");
    assertThat(server.calls()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void aBaseUrlWithNoImageApiIsRejectedNamingTheSetting(IllustrationSettings.Provider provider) {
    start(provider);

    assertFails(
            ModelException.Kind.REJECTED,
            () ->
                gateway(Map.of("illustrations.url", server.baseUrl() + "/nowhere")).draw(request()))
        .contains("HTTP 404")
        .contains("illustrations.url");
    assertThat(server.calls()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void drawingsQueueForTheServersSlots(IllustrationSettings.Provider provider) throws Exception {
    start(provider).slots(2).latency(Duration.ofMillis(300));
    ImageGateway gateway = gateway();

    try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var drawn =
          java.util.stream.IntStream.range(0, 5)
              .mapToObj(
                  i ->
                      executor.submit(
                          () -> gateway.draw(new DrawRequest(PROMPT + " " + i, 320, 192, i, null))))
              .toList();
      for (var future : drawn) {
        assertThat(future.get().width()).isEqualTo(320);
      }
    }

    assertThat(server.mostInFlight()).isEqualTo(2);
    assertThat(server.drawings()).hasSize(5);
  }

  /** The start check with illustrations on at the test server, one retry at once. */
  private void check(String model) {
    ImageProviders.requireConfiguredModel(
        config(
            Map.of(
                "illustrations.model", model, "model.retries", "1", "model.retry.backoff", "5ms")));
  }

  /** The model the test server serves. */
  private static String served(IllustrationSettings.Provider provider) {
    return provider == IllustrationSettings.Provider.OPENAI ? "dall-e-2" : "v1-5-pruned-emaonly";
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void theStartCheckPassesForAModelTheServerServesOrNoneAndDrawsNothing(
      IllustrationSettings.Provider provider) {
    start(provider);

    check(served(provider));
    check("");

    assertThat(server.calls()).isEqualTo(2);
    assertThat(server.drawings()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void theStartCheckFailsForAModelTheServerDoesNotServeNamingTheSettingAndWhatItServes(
      IllustrationSettings.Provider provider) {
    start(provider);

    assertFails(ModelException.Kind.MODEL_NOT_FOUND, 1, () -> check("storybook-xl"))
        .startsWith(
            "image model storybook-xl (illustrations.model, environment"
                + " FABLESTREAM_ILLUSTRATIONS_MODEL) is not served at "
                + server.baseUrl())
        .endsWith(
            "; it serves: "
                + served(provider)
                + ". Set illustrations.model to a model it serves, or leave it empty for the"
                + " server's own.");
  }

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void theStartCheckOfAServerThatIsNotThereIsUnavailableNamingTheUrlSetting(
      IllustrationSettings.Provider provider) {
    start(provider).close();

    assertFails(ModelException.Kind.UNAVAILABLE, 2, () -> check(served(provider)))
        .startsWith("no ")
        .contains(" API answers at " + server.baseUrl() + " (")
        .endsWith(", or set illustrations.url (environment FABLESTREAM_ILLUSTRATIONS_URL).");
  }

  private static long seedSent(IllustrationSettings.Provider provider) {
    Long seed = seedOrNull(provider);
    return seed == null ? 0 : seed;
  }

  /** The seed the request carries on the wire: A1111 takes one, the OpenAI images API none. */
  private static Long seedOrNull(IllustrationSettings.Provider provider) {
    return provider == IllustrationSettings.Provider.AUTOMATIC1111 ? SEED : null;
  }
}
