package io.fablestream.platform.model.image;

import static io.fablestream.platform.model.ModelGatewayContract.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.retry.Backoff;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What only the Automatic1111 gateway does; the rest is in ImageGatewayContractTest. */
class Automatic1111ImageGatewayTest {
  private static final String PROMPT = "A boy and his dog in a snowy forest, watercolour";

  private final Automatic1111TestServer server =
      Automatic1111TestServer.start("v1-5-pruned-emaonly", "dreamshaper_8");

  @AfterEach
  void stop() {
    server.close();
  }

  private Automatic1111ImageGateway gateway(String model, String key) {
    server.latency(Duration.ofMillis(10));
    return new Automatic1111ImageGateway(
        server.settings(model, 512, 384, key), Backoff.exponential(2, Duration.ofMillis(5)), null);
  }

  @Test
  void aDrawingIsTxt2imgWithTheSeedSizeAndCheckpoint() {
    DrawnImage image =
        gateway("dreamshaper_8", "").draw(new DrawRequest(PROMPT, 512, 384, 1234567, null));

    Drawing drawing = server.drawings().getLast();
    assertThat(drawing.path()).isEqualTo("/sdapi/v1/txt2img");
    JsonNode sent = drawing.body();
    assertThat(sent.get("prompt").asText()).isEqualTo(PROMPT);
    assertThat(sent.get("negative_prompt").asText())
        .isEqualTo(Automatic1111ImageGateway.NEGATIVE_PROMPT);
    assertThat(sent.get("seed").asLong()).isEqualTo(1234567);
    assertThat(sent.get("width").asInt()).isEqualTo(512);
    assertThat(sent.get("height").asInt()).isEqualTo(384);
    assertThat(sent.get("steps").asInt()).isEqualTo(20);
    assertThat(sent.get("cfg_scale").asDouble()).isEqualTo(7.0);
    assertThat(sent.at("/override_settings/sd_model_checkpoint").asText())
        .isEqualTo("dreamshaper_8");
    assertThat(sent.has("init_images")).isFalse();
    assertThat(image.model()).isEqualTo("dreamshaper_8");
    assertThat(image.data()).isEqualTo(TestPictures.png(PROMPT, 1234567, 512, 384));
    assertThat(new int[] {image.width(), image.height()}).containsExactly(512, 384);
  }

  @Test
  void theSameRequestDrawsTheSamePictureAndAnotherSeedAnother() {
    Automatic1111ImageGateway gateway = gateway("", "");

    byte[] first = gateway.draw(new DrawRequest(PROMPT, 512, 384, 5, null)).data();
    byte[] again = gateway.draw(new DrawRequest(PROMPT, 512, 384, 5, null)).data();
    byte[] other = gateway.draw(new DrawRequest(PROMPT, 512, 384, 6, null)).data();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(server.drawings().getLast().body().has("override_settings")).isFalse();
  }

  @Test
  void aCheckpointTheServerLacksFallsBackAndTheAnswerNamesTheOneThatDrew() {
    DrawnImage image = gateway("sdxl_missing", "").draw(new DrawRequest(PROMPT, 512, 384, 1, null));

    assertThat(image.model()).isEqualTo("v1-5-pruned-emaonly");
  }

  @Test
  void aReferencePictureGoesToImg2imgAsTheInitImage() {
    byte[] reference = TestPictures.png("the person's photo", 0, 64, 64);

    DrawnImage image = gateway("", "").draw(new DrawRequest(PROMPT, 512, 384, 9, reference));

    Drawing drawing = server.drawings().getLast();
    assertThat(drawing.path()).isEqualTo("/sdapi/v1/img2img");
    assertThat(drawing.reference()).isTrue();
    assertThat(Base64.getDecoder().decode(drawing.body().at("/init_images/0").asText()))
        .isEqualTo(reference);
    assertThat(drawing.body().get("denoising_strength").asDouble())
        .isEqualTo(Automatic1111ImageGateway.DENOISING_STRENGTH);
    assertThat(image.width()).isEqualTo(512);
  }

  @Test
  void aUserAndPasswordKeyIsSentAsBasicAuthAndAWrongOneIsRefusedNamingTheSetting() {
    server.requireAuth("painter:brush");

    assertThat(gateway("", "painter:brush").draw(new DrawRequest(PROMPT, 512, 384, 1, null)))
        .isNotNull();
    assertThat(server.drawings().getLast().authorization())
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString("painter:brush".getBytes()));

    assertFails(
            ModelException.Kind.REJECTED,
            () -> gateway("", "painter:pencil").draw(new DrawRequest(PROMPT, 512, 384, 1, null)))
        .contains("HTTP 401: Incorrect username or password")
        .contains("illustrations.api.key")
        .doesNotContain("pencil");
  }

  @Test
  void aFieldTheApiRefusesIsRejectedWithFastApisWords() {
    server.failNext(
        1,
        422,
        "[{\"loc\":[\"body\",\"width\"],\"msg\":\"value is not a valid integer\","
            + "\"type\":\"type_error.integer\"}]",
        "list");

    assertFails(
            ModelException.Kind.REJECTED,
            () -> gateway("", "").draw(new DrawRequest(PROMPT, 512, 384, 1, null)))
        .endsWith("HTTP 422: body.width: value is not a valid integer");
    assertThat(server.calls()).isEqualTo(1);
  }

  @Test
  void anOutOfMemoryIsRetriedAndItsWordsKept() {
    server.failNext(3);

    assertFails(
            ModelException.Kind.UNAVAILABLE,
            () -> gateway("", "").draw(new DrawRequest(PROMPT, 512, 384, 1, null)))
        .contains("last error: HTTP 500: OutOfMemoryError: CUDA out of memory.");
  }

  @Test
  void theStartCheckTakesTheCheckpointByAnyNameTheWebuiTakesAndDrawsNothing() {
    String hash = Automatic1111TestServer.shortHash("dreamshaper_8");

    for (String name :
        List.of(
            "dreamshaper_8",
            "dreamshaper_8.safetensors",
            "dreamshaper_8.safetensors [" + hash + "]",
            "dreamshaper_8 [" + hash + "]",
            hash,
            "")) {
      assertThatCode(() -> gateway(name, "").requireConfiguredModel())
          .as(name)
          .doesNotThrowAnyException();
    }
    assertThat(server.calls()).isEqualTo(6);
    assertThat(server.drawings()).isEmpty();
  }

  @Test
  void aCheckpointTheServerLacksFailsTheStartCheckNamingTheSettingAndItsCheckpoints() {
    // A drawing would not fail: the webui draws with its loaded checkpoint instead.
    assertFails(
            ModelException.Kind.MODEL_NOT_FOUND,
            () -> gateway("dreamshaper", "").requireConfiguredModel())
        .isEqualTo(
            "image model dreamshaper (illustrations.model, environment"
                + " FABLESTREAM_ILLUSTRATIONS_MODEL) is not served at "
                + server.baseUrl()
                + ", which would draw with its loaded checkpoint instead; it serves:"
                + " v1-5-pruned-emaonly, dreamshaper_8. Set illustrations.model to a model it"
                + " serves, or leave it empty for the server's own.");
  }

  @Test
  void theStartCheckSaysWhatToDoWithWrongCredentialsOrWithoutApi() {
    server.requireAuth("painter:brush");
    assertFails(
            ModelException.Kind.REJECTED,
            () -> gateway("", "painter:pencil").requireConfiguredModel())
        .contains("HTTP 401: Incorrect username or password")
        .contains("set illustrations.api.key to the webui's --api-auth user:password");

    server.withoutApi();
    assertFails(ModelException.Kind.REJECTED, () -> gateway("", "").requireConfiguredModel())
        .isEqualTo(
            "no Automatic1111 API at "
                + server.baseUrl()
                + "/sdapi/v1/sd-models (HTTP 404: Not Found): start the webui with --api, or"
                + " check illustrations.url");
  }
}
