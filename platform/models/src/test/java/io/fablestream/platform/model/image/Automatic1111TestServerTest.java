package io.fablestream.platform.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.platform.model.RawHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Automatic1111 test server answers in the shapes the webui's modules/api/api.py and FastAPI
 * give: the answer's {@code images}/{@code parameters}/{@code info} (a JSON string), FastAPI's
 * {@code {"detail": ...}} and the webui's {@code {"error", "detail", "body", "errors"}}.
 */
class Automatic1111TestServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Automatic1111TestServer server =
      (Automatic1111TestServer)
          Automatic1111TestServer.start("v1-5-pruned-emaonly").latency(Duration.ZERO);

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return RawHttp.post(URI.create(server.baseUrl() + path), body);
  }

  @Test
  void aTxt2imgAnswerCarriesThePngItsParametersAndTheInfoAsAJsonString() throws Exception {
    HttpResponse<String> response =
        post(
            "/sdapi/v1/txt2img",
            "{\"prompt\": \"a fox\", \"seed\": -1, \"width\": 128, \"height\": 64}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    byte[] png = Base64.getDecoder().decode(answer.at("/images/0").asText());
    assertThat(DrawnBytes.read(png)).contains(new DrawnBytes("image/png", 128, 64));
    assertThat(answer.at("/parameters/prompt").asText()).isEqualTo("a fox");
    JsonNode info = JSON.readTree(answer.get("info").asText());
    // A seed of -1 is drawn with a random one, which the info tells.
    long seed = info.get("seed").asLong();
    assertThat(seed).isNotNegative();
    assertThat(info.at("/all_seeds/0").asLong()).isEqualTo(seed);
    assertThat(info.get("sd_model_name").asText()).isEqualTo("v1-5-pruned-emaonly");
    assertThat(png).isEqualTo(TestPictures.png("a fox", seed, 128, 64));
  }

  @Test
  void itsErrorsAreFastApisAndTheWebuisShapes() throws Exception {
    HttpResponse<String> unknown = post("/sdapi/v1/nothing", "{}");
    HttpResponse<String> invalid = post("/sdapi/v1/txt2img", "{\"width\": \"wide\"}");
    HttpResponse<String> noInit = post("/sdapi/v1/img2img", "{\"prompt\": \"x\"}");
    server.failNext(1);
    HttpResponse<String> failed = post("/sdapi/v1/txt2img", "{\"prompt\": \"x\"}");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(unknown.body()))
        .isEqualTo(JSON.readTree("{\"detail\":\"Not Found\"}"));
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(JSON.readTree(invalid.body()))
        .isEqualTo(
            JSON.readTree(
                "{\"detail\":[{\"loc\":[\"body\",\"width\"],\"msg\":\"value is not a valid"
                    + " integer\",\"type\":\"type_error.integer\"}]}"));
    assertThat(noInit.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(noInit.body()).get("detail").asText())
        .isEqualTo("Init image not found");
    assertThat(failed.statusCode()).isEqualTo(500);
    JsonNode error = JSON.readTree(failed.body());
    assertThat(error.fieldNames())
        .toIterable()
        .containsExactly("error", "detail", "body", "errors");
    assertThat(error.get("error").asText()).isEqualTo("OutOfMemoryError");
    assertThat(error.get("errors").asText()).startsWith("CUDA out of memory.");
  }

  @Test
  void theCheckpointListHasTheWebuisFieldsAndItsNamesChooseTheCheckpoint() throws Exception {
    Automatic1111TestServer two =
        (Automatic1111TestServer)
            Automatic1111TestServer.start("v1-5-pruned-emaonly", "dreamshaper_8")
                .latency(Duration.ZERO);
    try (two) {
      JsonNode list =
          JSON.readTree(RawHttp.get(URI.create(two.baseUrl() + "/sdapi/v1/sd-models")).body());
      String hash = Automatic1111TestServer.shortHash("dreamshaper_8");

      assertThat(list).hasSize(2);
      JsonNode second = list.get(1);
      assertThat(second.fieldNames())
          .toIterable()
          .containsExactly("title", "model_name", "hash", "sha256", "filename", "config");
      assertThat(second.get("title").asText())
          .isEqualTo("dreamshaper_8.safetensors [" + hash + "]");
      assertThat(second.get("model_name").asText()).isEqualTo("dreamshaper_8");
      assertThat(second.get("sha256").asText()).hasSize(64).startsWith(hash);
      assertThat(second.get("config").isNull()).isTrue();
      // Any name of the listing draws with that checkpoint; another with the first.
      assertThat(drawnBy(two, "dreamshaper_8.safetensors")).isEqualTo("dreamshaper_8");
      assertThat(drawnBy(two, hash)).isEqualTo("dreamshaper_8");
      assertThat(drawnBy(two, "dreamshaper")).isEqualTo("v1-5-pruned-emaonly");
    }
  }

  private static String drawnBy(Automatic1111TestServer server, String checkpoint)
      throws Exception {
    HttpResponse<String> response =
        RawHttp.post(
            URI.create(server.baseUrl() + "/sdapi/v1/txt2img"),
            "{\"prompt\": \"a fox\", \"override_settings\": {\"sd_model_checkpoint\": \""
                + checkpoint
                + "\"}}");
    return JSON.readTree(JSON.readTree(response.body()).get("info").asText())
        .get("sd_model_name")
        .asText();
  }

  @Test
  void withoutApiEveryApiPathIsFastApisNotFound() throws Exception {
    server.withoutApi();

    HttpResponse<String> list = RawHttp.get(URI.create(server.baseUrl() + "/sdapi/v1/sd-models"));

    assertThat(list.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(list.body())).isEqualTo(JSON.readTree("{\"detail\":\"Not Found\"}"));
    assertThat(post("/sdapi/v1/txt2img", "{\"prompt\": \"x\"}").statusCode()).isEqualTo(404);
  }
}
