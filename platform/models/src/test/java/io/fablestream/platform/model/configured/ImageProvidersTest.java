package io.fablestream.platform.model.configured;

import static io.fablestream.platform.model.ModelGatewayContract.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.image.Automatic1111ImageGateway;
import io.fablestream.platform.model.image.Automatic1111TestServer;
import io.fablestream.platform.model.image.IllustrationSettings;
import io.fablestream.platform.model.openai.OpenAiImageGateway;
import io.fablestream.platform.retry.Backoff;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageProvidersTest {
  private static Config config(String... pairs) {
    Map<String, String> values = new HashMap<>();
    values.put("model.vision", "llava:7b");
    values.put("model.text", "llama3.1:8b");
    for (int i = 0; i < pairs.length; i += 2) {
      values.put(pairs[i], pairs[i + 1]);
    }
    return Config.of(values);
  }

  @Test
  void illustrationsOffMakeNoGateway() {
    assertThat(ImageProviders.fromConfig(config(), null)).isEmpty();
  }

  @Test
  void theProviderPicksTheGateway() {
    assertThat(
            ImageProviders.fromConfig(
                config("illustrations.enabled", "true", "illustrations.provider", "automatic1111"),
                null))
        .containsInstanceOf(Automatic1111ImageGateway.class);
    assertThat(
            ImageProviders.fromConfig(
                config(
                    "illustrations.enabled",
                    "true",
                    "illustrations.provider",
                    "openai",
                    "illustrations.url",
                    "http://localhost:8080/v1"),
                null))
        .containsInstanceOf(OpenAiImageGateway.class);
  }

  @Test
  void aWrongSettingStopsTheProcessEvenWithIllustrationsOff() {
    assertThatThrownBy(
            () -> ImageProviders.fromConfig(config("illustrations.timeout", "soon"), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("illustrations.timeout");
  }

  @Test
  void aDrawingsBoundCoversEveryAttemptAtTwiceTheTimeoutAndTheReask() {
    IllustrationSettings settings =
        IllustrationSettings.from(config("illustrations.timeout", "10s"));

    // Two retries of a 1 s backoff, each pause stretched to Backoff's cap, three attempts of 20 s,
    // and one more 10 s for a refused response_format.
    Backoff backoff = Backoff.exponential(2, Duration.ofSeconds(1));
    assertThat(settings.callBound(backoff))
        .isEqualTo(backoff.worstCase(Duration.ofSeconds(20), true).plusSeconds(10));
    assertThat(settings.callBound(backoff)).isGreaterThan(Duration.ofSeconds(70));
  }

  @Test
  void theStartCheckAsksTheImageServerOnlyWhenIllustrationsAreOn() {
    try (Automatic1111TestServer server = Automatic1111TestServer.start("dreamshaper_8")) {
      String[] wrongModel = {
        "illustrations.provider", "automatic1111",
        "illustrations.url", server.baseUrl().toString(),
        "illustrations.model", "sdxl_base",
        "model.retries", "0"
      };

      ImageProviders.requireConfiguredModel(config(wrongModel));
      assertThat(server.calls()).isZero();

      String[] on = Arrays.copyOf(wrongModel, wrongModel.length + 2);
      on[wrongModel.length] = "illustrations.enabled";
      on[wrongModel.length + 1] = "true";
      assertFails(
              ModelException.Kind.MODEL_NOT_FOUND,
              () -> ImageProviders.requireConfiguredModel(config(on)))
          .startsWith("image model sdxl_base (illustrations.model, environment")
          .contains("it serves: dreamshaper_8.");
      assertThat(server.calls()).isEqualTo(1);
    }
  }
}
