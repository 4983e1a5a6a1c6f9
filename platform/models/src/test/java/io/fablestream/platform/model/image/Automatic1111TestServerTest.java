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
}
