package io.fablestream.summarizer;

import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.FailureReason;
import io.fablestream.summarizer.state.ArcChapter;
import java.util.List;

/** Asks the text model for one arc's summary; model failures become a reason, never a throw. */
final class ArcSummaryWriter {
  private final ModelGateway models;
  private final SummarizerSettings settings;

  ArcSummaryWriter(ModelGateway models, SummarizerSettings settings) {
    this.models = models;
    this.settings = settings;
  }

  /** What came of asking: a summary, or why there is none. */
  sealed interface Outcome {}

  /** The summary, the model that wrote it, and what every call cost. */
  record Written(String summary, String model, Usage usage) implements Outcome {}

  /** No summary, with the stable reason and a message for a person. */
  record Failed(FailureReason reason, String message) implements Outcome {}

  Outcome write(int from, int through, List<ArcChapter> chapters, String previousSummary) {
    String prompt = SummaryPrompt.of(from, through, chapters, previousSummary);
    Usage spent = Usage.NONE;
    try {
      for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
        ModelAnswer answer = models.generate(ModelRequest.text(settings.textModel(), prompt));
        spent = spent.plus(answer.usage());
        String summary = answer.text().replaceAll("\\s+", " ").strip();
        if (!summary.isEmpty()) {
          return new Written(summary, answer.model(), spent);
        }
      }
      return new Failed(
          FailureReason.INVALID_MODEL_OUTPUT,
          "The text model "
              + settings.textModel()
              + " answered the summary of chapters "
              + from
              + "-"
              + through
              + " with no text "
              + settings.maxAttempts()
              + " times. Try another model (ollama.text.model), then submit the picture again.");
    } catch (ModelException e) {
      return new Failed(
          FailureReason.MODEL_UNAVAILABLE,
          "The model server could not summarise chapters "
              + from
              + "-"
              + through
              + " ("
              + e.kind()
              + " after "
              + e.attempts()
              + " tries): "
              + e.getMessage()
              + ". Fix: start Ollama where OLLAMA_HOST points and pull "
              + settings.textModel()
              + ", then submit the picture again.");
    }
  }
}
