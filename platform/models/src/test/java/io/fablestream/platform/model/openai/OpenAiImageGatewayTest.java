package io.fablestream.platform.model.openai;

import static io.fablestream.platform.model.ModelGatewayContract.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.image.DrawRequest;
import io.fablestream.platform.model.image.DrawnImage;
import io.fablestream.platform.model.image.IllustrationSettings;
import io.fablestream.platform.model.image.TestPictures;
import io.fablestream.platform.retry.Backoff;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the OpenAI images API's gateway does; the rest is in ImageGatewayContractTest. */
class OpenAiImageGatewayTest {
  private static final String PROMPT = "A red kite over the harbour, watercolour";

  private final OpenAiImagesTestServer server =
      OpenAiImagesTestServer.start("dall-e-2", OpenAiImagesTestServer.GPT_IMAGE_1);

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAiImageGateway gateway(String model, String key) {
    server.latency(Duration.ofMillis(10));
    return new OpenAiImageGateway(
        server.settings(model, 256, 256, key), Backoff.exponential(2, Duration.ofMillis(5)), null);
  }

  private static DrawRequest request() {
    return new DrawRequest(PROMPT, 256, 256, 7, null);
  }

  @Test
  void aDrawingAsksForOnePictureOfTheSizeInBase64() {
    DrawnImage image = gateway("dall-e-2", "").draw(request());

    JsonNode sent = server.drawings().getLast().body();
    assertThat(sent.get("model").asText()).isEqualTo("dall-e-2");
    assertThat(sent.get("prompt").asText()).isEqualTo(PROMPT);
    assertThat(sent.get("n").asInt()).isEqualTo(1);
    assertThat(sent.get("size").asText()).isEqualTo("256x256");
    assertThat(sent.get("response_format").asText()).isEqualTo("b64_json");
    assertThat(sent.has("seed")).isFalse();
    assertThat(image.data()).isEqualTo(TestPictures.png(PROMPT, 0, 256, 256));
    assertThat(image.model()).isEqualTo("dall-e-2");
  }

  @Test
  void noModelSetLeavesTheServersOwn() {
    gateway("", "").draw(request());

    assertThat(server.drawings().getLast().body().has("model")).isFalse();
  }

  @Test
  void gptImage1sRefusalOfResponseFormatIsMetByAskingWithoutItFromThenOn() {
    OpenAiImageGateway gateway = gateway(OpenAiImagesTestServer.GPT_IMAGE_1, "");

    assertThat(gateway.draw(request()).width()).isEqualTo(256);
    assertThat(gateway.draw(request()).width()).isEqualTo(256);

    // The refused request, the one asked again at once, and the second drawing asked without it.
    assertThat(server.calls()).isEqualTo(3);
    assertThat(server.drawings())
        .hasSize(2)
        .allSatisfy(d -> assertThat(d.body().has("response_format")).isFalse());
  }

  @Test
  void anAnswerWithALinkIsFetched() {
    server.answerWithLinks();

    DrawnImage image = gateway("dall-e-2", "").draw(request());

    assertThat(image.contentType()).isEqualTo("image/png");
    assertThat(image.data()).isEqualTo(TestPictures.png(PROMPT, 0, 256, 256));
    // The drawing, then the picture behind the link.
    assertThat(server.calls()).isEqualTo(2);
  }

  @Test
  void aContentPolicyRefusalIsFinalAndSaysSo() {
    server.refuseNext(1);

    assertFails(ModelException.Kind.REJECTED, () -> gateway("dall-e-2", "").draw(request()))
        .isEqualTo(
            server.baseUrl()
                + " refused to draw with model dall-e-2 (content_policy_violation): HTTP 400: "
                + OpenAiImagesTestServer.CONTENT_POLICY);
    assertThat(server.calls()).isEqualTo(1);
  }

  @Test
  void aModelTheServerDoesNotServeIsNotFoundNamingTheSetting() {
    assertFails(ModelException.Kind.MODEL_NOT_FOUND, () -> gateway("dall-e-9", "").draw(request()))
        .startsWith("image model dall-e-9 is not served at " + server.baseUrl())
        .contains("illustrations.model");
  }

  @Test
  void theKeyGoesAsABearerTokenAndARefusedOneIsNeverShown() {
    server.requireApiKey("sk-right-key-0000");

    assertThat(gateway("dall-e-2", "sk-right-key-0000").draw(request()).width()).isEqualTo(256);
    assertThat(server.drawings().getLast().authorization()).isEqualTo("Bearer sk-right-key-0000");

    assertFails(
            ModelException.Kind.REJECTED,
            () -> gateway("dall-e-2", "sk-wrong-key-1234").draw(request()))
        .contains("refused the API key (HTTP 401: invalid_api_key)")
        .contains("illustrations.api.key")
        .doesNotContain("sk-wrong");
  }

  @Test
  void aLinkToSomethingElseThanAPictureIsAFailureThatNamesIt() {
    server.answerWithLinks();
    OpenAiImageGateway gateway =
        new OpenAiImageGateway(
            server.settings("dall-e-2", 256, 256, ""),
            Backoff.exponential(0, Duration.ofMillis(5)),
            null);
    server.notAPictureNext(1);

    assertFails(ModelException.Kind.UNAVAILABLE, () -> gateway.draw(request()))
        .contains("answered with no PNG, JPEG or WebP picture");
  }

  @Test
  void aOneModelServerThatDrawsWhateverTheNamePassesAsTheTextCheckDoes() {
    server.asStableDiffusionCpp();
    OpenAiImageGateway sdCpp = gateway("dall-e-3", "");

    assertThatCode(sdCpp::requireConfiguredModel).doesNotThrowAnyException();
    assertThat(sdCpp.draw(request()).width()).isEqualTo(256);

    try (OpenAiImagesTestServer one = OpenAiImagesTestServer.start("flux-schnell")) {
      OpenAiImageGateway llamaServer =
          new OpenAiImageGateway(
              one.ownedBy("llamacpp").settings("dall-e-3", 256, 256, ""),
              Backoff.exponential(0, Duration.ofMillis(5)),
              null);
      assertThatCode(llamaServer::requireConfiguredModel).doesNotThrowAnyException();

      // The same one-model listing from another server is held to the configured name.
      one.ownedBy("system");
      assertFails(ModelException.Kind.MODEL_NOT_FOUND, llamaServer::requireConfiguredModel)
          .contains("; it serves: flux-schnell.");
    }
  }

  @Test
  void theStartCheckSaysWhatToDoWhenTheKeyIsRefusedOrTheUrlIsWrong() {
    server.requireApiKey("sk-right-key-0000");
    assertFails(
            ModelException.Kind.REJECTED,
            () -> gateway("dall-e-2", "sk-wrong-key-1234").requireConfiguredModel())
        .contains("refused the API key (HTTP 401: invalid_api_key)")
        .contains("illustrations.api.key")
        .doesNotContain("sk-wrong");

    String root = server.baseUrl().toString().replace("/v1", "");
    IllustrationSettings noV1 =
        new IllustrationSettings(
            true,
            IllustrationSettings.Provider.OPENAI,
            URI.create(root),
            "dall-e-2",
            256,
            256,
            "sk-right-key-0000",
            "watercolour",
            Duration.ofSeconds(5));
    assertFails(
            ModelException.Kind.REJECTED,
            () ->
                new OpenAiImageGateway(noV1, Backoff.exponential(0, Duration.ZERO), null)
                    .requireConfiguredModel())
        .isEqualTo(
            "no OpenAI images API at "
                + root
                + " (HTTP 404: Invalid URL (GET /models)): check illustrations.url; it usually"
                + " ends in /v1");
  }
}
