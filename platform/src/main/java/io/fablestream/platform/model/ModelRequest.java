package io.fablestream.platform.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One generation request.
 *
 * @param model the model's name as Ollama knows it, for example {@code llava:7b}
 * @param system the system prompt, or null
 * @param prompt the user prompt
 * @param images images for a vision model, each already encoded (PNG or JPEG bytes); empty for text
 * @param jsonSchema a JSON schema (as JSON text) the answer must follow, or null for free text
 * @param options model options as Ollama names them ({@code temperature}, {@code num_predict},
 *     {@code seed}); empty for the model's defaults
 */
public record ModelRequest(
    String model,
    String system,
    String prompt,
    List<byte[]> images,
    String jsonSchema,
    Map<String, Object> options) {

  public ModelRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prompt, "prompt");
    images = List.copyOf(images);
    options = Map.copyOf(options);
  }

  /** A free-text request with no images and default options. */
  public static ModelRequest text(String model, String prompt) {
    return new ModelRequest(model, null, prompt, List.of(), null, Map.of());
  }

  /** This request constrained to a JSON schema. */
  public ModelRequest withJsonSchema(String schema) {
    return new ModelRequest(model, system, prompt, images, schema, options);
  }

  /** This request with a system prompt. */
  public ModelRequest withSystem(String systemPrompt) {
    return new ModelRequest(model, systemPrompt, prompt, images, jsonSchema, options);
  }

  /** This request with images. */
  public ModelRequest withImages(List<byte[]> encodedImages) {
    return new ModelRequest(model, system, prompt, encodedImages, jsonSchema, options);
  }

  /** This request with model options. */
  public ModelRequest withOptions(Map<String, Object> modelOptions) {
    return new ModelRequest(model, system, prompt, images, jsonSchema, modelOptions);
  }

  /** This request with another prompt, everything else kept (for a repair or rewrite). */
  public ModelRequest withPrompt(String newPrompt) {
    return new ModelRequest(model, system, newPrompt, images, jsonSchema, options);
  }
}
