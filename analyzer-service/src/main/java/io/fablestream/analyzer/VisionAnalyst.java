package io.fablestream.analyzer;

import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ModelRole;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.FailureReason;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What the analyzer asks the vision model, and what it makes of the answers: setting, characters,
 * mood, objects and potential conflicts, as JSON constrained by {@link AnalysisParser#SCHEMA}. An
 * unusable answer gets repair attempts that say what was wrong; a model that cannot answer is a
 * failure value. It makes no call itself: the processor issues the requests off its stream thread.
 *
 * @param model the vision model
 * @param repairAttempts how many times the model is asked again after an unusable answer
 * @param server the model server's settings, which the failures' messages name
 */
public record VisionAnalyst(String model, int repairAttempts, ModelSettings server) {
  /** How much of a raw answer a BookFailed message or a repair prompt quotes. */
  static final int RAW_ANSWER_BYTES = 2048;

  static final String SYSTEM =
      "You are a careful observer helping a novelist. You describe only what the picture shows"
          + " or clearly suggests, and you answer with JSON only.";

  static final String PROMPT =
      """
      Look at the picture and describe it as the seed of a story. Answer with one JSON object \
      with exactly these fields:
      - "setting": where and when the scene takes place, in one or two sentences.
      - "characters": the people or animals in the picture (or, if there are none, the ones the \
      scene implies), each as a short description; at least one.
      - "mood": the feeling of the scene, in a few words.
      - "objects": notable objects in the picture, each in a few words.
      - "potentialConflicts": tensions or problems a story could grow from this scene, each in \
      one sentence; at least one.""";

  /** The first request about a model-ready image. */
  public ModelRequest firstRequest(ModelImage image) {
    return ModelRequest.text(model, PROMPT)
        .withSystem(SYSTEM)
        .withImages(List.of(image.encoded()))
        .withJsonSchema(AnalysisParser.SCHEMA)
        // Its temperature is model.vision.temperature (low: the content stays close to the image).
        .withRole(ModelRole.VISION)
        .withAnswerWords(BookBudget.ANALYSIS_WORDS);
  }

  /** What to do after one answer: a validated analysis, a repair request, or a failure. */
  public sealed interface Next {}

  /** Ask again, told what was wrong with the answer. */
  public record Repair(ModelRequest request) implements Next {}

  /** The outcome is known: an analysis, or why there is none. */
  public record Done(VisionOutcome outcome) implements Next {}

  /**
   * The next step after the model's answer to attempt {@code attempt} (from 1) of {@code request};
   * {@code usage} is what every attempt cost, this one included.
   */
  public Next next(ModelRequest request, int attempt, ModelAnswer answer, Usage usage) {
    AnalysisParser.Parsed parsed = AnalysisParser.parse(answer.text());
    if (parsed instanceof AnalysisParser.Valid valid) {
      return new Done(new VisionOutcome.Analysed(valid.analysis(), answer.model(), usage));
    }
    AnalysisParser.Invalid invalid = (AnalysisParser.Invalid) parsed;
    if (attempt > repairAttempts) {
      return new Done(
          new VisionOutcome.Failed(
              FailureReason.INVALID_MODEL_OUTPUT,
              "The vision model "
                  + model
                  + " did not answer with the JSON asked for after "
                  + attempt
                  + (attempt == 1 ? " attempt" : " attempts")
                  + " ("
                  + invalid.describe()
                  + "). Submit the image again, or set ollama.vision.model to a stronger vision"
                  + " model. Its last answer: "
                  + cut(answer.text()),
              usage));
    }
    return new Repair(request.withPrompt(repairPrompt(answer.text(), invalid)));
  }

  /** The failure of a book whose vision call failed for good. */
  public VisionOutcome.Failed failed(ModelException e, Usage usage) {
    return new VisionOutcome.Failed(FailureReason.MODEL_UNAVAILABLE, unavailable(e), usage);
  }

  private static String repairPrompt(String previous, AnalysisParser.Invalid invalid) {
    return PROMPT
        + "\n\nYour previous answer could not be used: "
        + invalid.describe()
        + ".\nIt was:\n"
        + cut(previous)
        + "\nAnswer again with only the JSON object, every field filled in.";
  }

  private String unavailable(ModelException e) {
    String key = ModelSettings.VISION_MODEL.name();
    String env = ModelSettings.VISION_MODEL.envName();
    return switch (e.kind()) {
      case MODEL_NOT_FOUND ->
          "The vision model "
              + model
              + " is not on "
              + server.serverName()
              + " ("
              + e.getMessage()
              + "). "
              + (server.provider() == ModelSettings.Provider.OLLAMA
                  ? "Run `ollama pull " + model + "` there, or set "
                  : "Set ")
              + key
              + " ("
              + env
              + ") to a vision model it has, then submit the image again.";
      case UNAVAILABLE ->
          "The model server could not answer after "
              + e.attempts()
              + (e.attempts() == 1 ? " attempt" : " attempts")
              + " ("
              + e.getMessage()
              + "). Fix: "
              + server.serverFix(List.of(ModelRole.VISION))
              + ", with room for the model, then submit the image again.";
      case REJECTED ->
          capitalized(server.serverName())
              + " refused the vision request ("
              + e.getMessage()
              + "). Check that "
              + key
              + " ("
              + model
              + ") names a vision model, one that accepts images, such as "
              + (server.provider() == ModelSettings.Provider.OLLAMA ? "llava:7b." : "gpt-4o-mini.");
    };
  }

  private static String capitalized(String words) {
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  /** At most {@link #RAW_ANSWER_BYTES} bytes of UTF-8, never splitting a character. */
  static String cut(String raw) {
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= RAW_ANSWER_BYTES) {
      return raw;
    }
    int end = RAW_ANSWER_BYTES - 3;
    while (end > 0 && (bytes[end] & 0xc0) == 0x80) {
      end--; // back off a continuation byte
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8) + "...";
  }
}
