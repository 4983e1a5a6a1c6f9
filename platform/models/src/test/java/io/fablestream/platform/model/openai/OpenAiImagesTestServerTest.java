package io.fablestream.platform.model.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.images.Image;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.images.ImagesResponse;
import com.openai.models.models.Model;
import io.fablestream.platform.model.image.DrawnBytes;
import io.fablestream.platform.model.image.TestPictures;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI images test server, read by the official client (openai-java): what that client parses
 * without complaint is the API's JSON, and its errors are the API's.
 */
class OpenAiImagesTestServerTest {
  private static final String PROMPT = "A lighthouse in the fog";

  private final OpenAiImagesTestServer server =
      (OpenAiImagesTestServer)
          OpenAiImagesTestServer.start("dall-e-2", OpenAiImagesTestServer.GPT_IMAGE_1)
              .latency(Duration.ofMillis(10));

  private final OpenAIClient client =
      OpenAIOkHttpClient.builder()
          .baseUrl(server.baseUrl().toString())
          .apiKey("sk-test")
          .maxRetries(0)
          .timeout(Duration.ofSeconds(20))
          .build();

  @AfterEach
  void stop() {
    server.close();
  }

  private static ImageGenerateParams.Builder draw(String model) {
    return ImageGenerateParams.builder()
        .prompt(PROMPT)
        .model(ImageModel.of(model))
        .n(1)
        .size(ImageGenerateParams.Size.of("256x256"));
  }

  @Test
  void theOfficialClientReadsABase64Picture() {
    ImagesResponse response =
        client
            .images()
            .generate(
                draw("dall-e-2")
                    .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                    .build())
            .validate();

    Image image = response.data().orElseThrow().getFirst();
    byte[] png = Base64.getDecoder().decode(image.b64Json().orElseThrow());
    assertThat(png).isEqualTo(TestPictures.png(PROMPT, 0, 256, 256));
    assertThat(DrawnBytes.read(png)).contains(new DrawnBytes("image/png", 256, 256));
    assertThat(response.created()).isPositive();
  }

  @Test
  void theOfficialClientReadsALinkThatServesThePicture() throws Exception {
    ImagesResponse response =
        client
            .images()
            .generate(
                draw("dall-e-2").responseFormat(ImageGenerateParams.ResponseFormat.URL).build())
            .validate();

    String url = response.data().orElseThrow().getFirst().url().orElseThrow();
    byte[] png = java.net.URI.create(url).toURL().openStream().readAllBytes();
    assertThat(png).isEqualTo(TestPictures.png(PROMPT, 0, 256, 256));
  }

  @Test
  void theApisRefusalsReachTheOfficialClientAsItsExceptions() {
    server.refuseNext(1);

    assertThatThrownBy(() -> client.images().generate(draw("dall-e-2").build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("400: " + OpenAiImagesTestServer.CONTENT_POLICY);
              assertThat(e.body().toString()).contains("content_policy_violation");
            });
    assertThatThrownBy(
            () ->
                client
                    .images()
                    .generate(
                        draw(OpenAiImagesTestServer.GPT_IMAGE_1)
                            .responseFormat(ImageGenerateParams.ResponseFormat.B64_JSON)
                            .build()))
        .isInstanceOfSatisfying(
            BadRequestException.class,
            e -> assertThat(e.getMessage()).contains("Unknown parameter: 'response_format'."));
    assertThatThrownBy(() -> client.images().generate(draw("dall-e-9").build()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void theOfficialClientReadsTheListOfModelsAndAnSdCppServerListsItsOne() {
    assertThat(client.models().list().data())
        .extracting(Model::id, Model::ownedBy)
        .containsExactly(
            tuple("dall-e-2", "system"), tuple(OpenAiImagesTestServer.GPT_IMAGE_1, "system"));

    server.asStableDiffusionCpp();

    assertThat(client.models().list().data())
        .extracting(Model::id, Model::ownedBy)
        .containsExactly(tuple(OpenAiImagesTestServer.SD_CPP_LOCAL, "local"));
    // It draws with the model it was started with, whatever name the call gives.
    assertThat(client.images().generate(draw("dall-e-3").build()).data().orElseThrow()).hasSize(1);
  }
}
