package io.fablestream.platform.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One generation request.
 *
 * @param model the model's name as the server knows it, for example {@code llava:7b}
 * @param system the system prompt, or null
 * @param prompt the user prompt
 * @param images images for a vision model, each already encoded (PNG or JPEG bytes); empty for text
 * @param jsonSchema a JSON schema (as JSON text) the answer must follow, {@code json} for any JSON
 *     object, or null for free text
 * @param options model options as Ollama names them ({@code temperature}, {@code seed}); empty for
 *     the defaults. They win over the role's settings and the configured {@code ollama.options}
 * @param answerWords the most words the answer may have: the gateway sizes the call's context for
 *     them and ends an answer that runs past them (with a margin); 0 for {@link
 *     ContextBudget#DEFAULT_ANSWER_WORDS}
 * @param role what the call asks of the model, for the role's settings (its temperature); null (a
 *     request kept before roles existed) reads as {@link ModelRole#VISION} when it has images and
 *     {@link ModelRole#TEXT} otherwise
 */
public record ModelRequest(
    String model,
    String system,
    String prompt,
    List<byte[]> images,
    String jsonSchema,
    Map<String, Object> options,
    int answerWords,
    ModelRole role,
    int answerTokens) {

  public ModelRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prompt, "prompt");
    images = List.copyOf(images);
    options = Map.copyOf(options);
    if (role == null) {
      // A service's ledger keeps pending requests as JSON across a deploy; one written before
      // roles existed has none, and its options still carry the temperature it was sent with.
      role = images.isEmpty() ? ModelRole.TEXT : ModelRole.VISION;
    }
    if (answerWords < 0 || answerTokens < 0) {
      throw new IllegalArgumentException(
          "answerWords and answerTokens must not be negative: "
              + answerWords
              + ", "
              + answerTokens);
    }
  }

  /** A free-text request for the text role, with no images and default options. */
  public static ModelRequest text(String model, String prompt) {
    return new ModelRequest(model, null, prompt, List.of(), null, Map.of(), 0, ModelRole.TEXT, 0);
  }

  /** This request constrained to a JSON schema. */
  public ModelRequest withJsonSchema(String schema) {
    return new ModelRequest(
        model, system, prompt, images, schema, options, answerWords, role, answerTokens);
  }

  /** This request with a system prompt. */
  public ModelRequest withSystem(String systemPrompt) {
    return new ModelRequest(
        model, systemPrompt, prompt, images, jsonSchema, options, answerWords, role, answerTokens);
  }

  /** This request with images. */
  public ModelRequest withImages(List<byte[]> encodedImages) {
    return new ModelRequest(
        model, system, prompt, encodedImages, jsonSchema, options, answerWords, role, answerTokens);
  }

  /** This request with model options. */
  public ModelRequest withOptions(Map<String, Object> modelOptions) {
    return new ModelRequest(
        model, system, prompt, images, jsonSchema, modelOptions, answerWords, role, answerTokens);
  }

  /** This request with another prompt, everything else kept (for a repair or rewrite). */
  public ModelRequest withPrompt(String newPrompt) {
    return new ModelRequest(
        model, system, newPrompt, images, jsonSchema, options, answerWords, role, answerTokens);
  }

  /** This request allowing an answer of at most this many words. */
  public ModelRequest withAnswerWords(int words) {
    return new ModelRequest(
        model, system, prompt, images, jsonSchema, options, words, role, answerTokens);
  }

  /** This request playing another role (the vision model's, the judge's). */
  public ModelRequest withRole(ModelRole newRole) {
    return new ModelRequest(
        model, system, prompt, images, jsonSchema, options, answerWords, newRole, answerTokens);
  }

  /** This request bounding its answer to so many tokens (0: from its words). */
  public ModelRequest withAnswerTokens(int tokens) {
    return new ModelRequest(
        model, system, prompt, images, jsonSchema, options, answerWords, role, tokens);
  }

  /** The answer's bound in tokens: as set, or from its words at English prose's rate. */
  public int answerTokensOrDefault() {
    return answerTokens > 0 ? answerTokens : ContextBudget.answerTokens(answerWordsOrDefault());
  }

  /** The answer's word bound, the default when the request names none. */
  public int answerWordsOrDefault() {
    return answerWords > 0 ? answerWords : ContextBudget.DEFAULT_ANSWER_WORDS;
  }
}
