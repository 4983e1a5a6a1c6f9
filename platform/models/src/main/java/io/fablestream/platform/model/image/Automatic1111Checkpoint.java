package io.fablestream.platform.model.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One checkpoint of an Automatic1111 server's {@code GET /sdapi/v1/sd-models}: {@code [{"title":
 * "sub/v1-5-pruned-emaonly.safetensors [6ce0161689]", "model_name": "sub_v1-5-pruned-emaonly",
 * "hash": "6ce0161689", "sha256": "6ce0...", "filename": "/models/Stable-diffusion/sub/v1-5...",
 * "config": null}]}.
 *
 * <p>The webui takes a checkpoint in {@code override_settings.sd_model_checkpoint} only by one of
 * its aliases ({@code checkpoint_aliases} in its {@code sd_models.py}); any other name is dropped
 * without a word and the loaded checkpoint draws ({@code process_images} in its {@code
 * processing.py}; SD.Next and Forge do the same). {@link #names} are the aliases a listing shows:
 * the title, the model name, the short hash, the sha256, the file's name under the checkpoint
 * folder (the title without its {@code [hash]}), the file's base name without its extension, and
 * that base name with the hash.
 *
 * @param title the title, {@code NAME [SHORTHASH]} (or {@code NAME} before the hash is known)
 * @param modelName the name without extension, folders joined by {@code _}
 * @param hash the short hash (the sha256's first ten digits), or empty
 * @param sha256 the sha256, or empty
 * @param filename the file's path on the server, or empty
 */
public record Automatic1111Checkpoint(
    String title, String modelName, String hash, String sha256, String filename) {

  /** The checkpoints of a {@code /sdapi/v1/sd-models} answer; entries with no title are passed. */
  public static List<Automatic1111Checkpoint> of(JsonNode list) {
    List<Automatic1111Checkpoint> out = new ArrayList<>();
    for (JsonNode entry : list) {
      if (entry.path("title").isTextual()) {
        out.add(
            new Automatic1111Checkpoint(
                entry.get("title").asText(),
                entry.path("model_name").asText(""),
                entry.path("hash").asText(""),
                entry.path("sha256").asText(""),
                entry.path("filename").asText("")));
      }
    }
    return out;
  }

  /** The names the webui draws this checkpoint for, as far as the listing shows them. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    names.add(title);
    names.add(modelName);
    names.add(hash);
    names.add(sha256);
    String suffix = " [" + hash + "]";
    if (!hash.isEmpty() && title.endsWith(suffix)) {
      names.add(title.substring(0, title.length() - suffix.length()));
    }
    String base =
        filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
    int dot = base.lastIndexOf('.');
    String stem = dot > 0 ? base.substring(0, dot) : base;
    names.add(stem);
    if (!hash.isEmpty() && !stem.isEmpty()) {
      names.add(stem + suffix);
    }
    names.remove("");
    return names;
  }

  /** Whether the webui would draw with this checkpoint when asked for this name. */
  public boolean answersTo(String name) {
    return names().contains(name);
  }

  /** The name a person would set: the model name, else the title. */
  public String shown() {
    return modelName.isEmpty() ? title : modelName;
  }
}
