package io.fablestream.platform.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The names a checkpoint of the webui's {@code /sdapi/v1/sd-models} answers to are the aliases its
 * {@code sd_models.CheckpointInfo} registers, as far as the listing shows them.
 */
class Automatic1111CheckpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA256 =
      "c9e3e68f89b8e38689e1097d4be4573cf308de4e3fd044c64ca697bdb4aa8bca";

  private static List<Automatic1111Checkpoint> listing(String json) throws Exception {
    return Automatic1111Checkpoint.of(JSON.readTree(json));
  }

  @Test
  void aHashedCheckpointInASubfolderAnswersToTheWebuisAliases() throws Exception {
    List<Automatic1111Checkpoint> listed =
        listing(
            "[{\"title\": \"SDXL/juggernautXL_v9.safetensors [c9e3e68f89]\","
                + " \"model_name\": \"SDXL_juggernautXL_v9\", \"hash\": \"c9e3e68f89\","
                + " \"sha256\": \""
                + SHA256
                + "\", \"filename\":"
                + " \"/home/sd/stable-diffusion-webui/models/Stable-diffusion/SDXL/juggernautXL_v9.safetensors\","
                + " \"config\": null}]");

    assertThat(listed)
        .singleElement()
        .extracting(Automatic1111Checkpoint::shown)
        .isEqualTo("SDXL_juggernautXL_v9");
    assertThat(listed.getFirst().names())
        .containsExactlyInAnyOrder(
            "SDXL/juggernautXL_v9.safetensors [c9e3e68f89]",
            "SDXL_juggernautXL_v9",
            "c9e3e68f89",
            SHA256,
            "SDXL/juggernautXL_v9.safetensors",
            "juggernautXL_v9",
            "juggernautXL_v9 [c9e3e68f89]");
    assertThat(listed.getFirst().answersTo("juggernautXL")).isFalse();
  }

  @Test
  void aCheckpointNotHashedYetOnWindowsAnswersToItsFileAndBaseName() throws Exception {
    List<Automatic1111Checkpoint> listed =
        listing(
            "[{\"title\": \"v1-5-pruned.ckpt\", \"model_name\": \"v1-5-pruned\", \"hash\": null,"
                + " \"sha256\": null, \"filename\":"
                + " \"C:\\\\sd\\\\models\\\\Stable-diffusion\\\\v1-5-pruned.ckpt\", \"config\": null},"
                + " {\"model_name\": \"no title\"}]");

    assertThat(listed).singleElement();
    assertThat(listed.getFirst().names())
        .containsExactlyInAnyOrder("v1-5-pruned.ckpt", "v1-5-pruned");
  }
}
