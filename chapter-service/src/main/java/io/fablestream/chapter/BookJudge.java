package io.fablestream.chapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.events.BookRubric;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ModelRole;
import io.fablestream.schemas.BookLanguage;
import java.util.List;
import java.util.Optional;

/**
 * The optional whole-book judge ({@code quality.judge}): one call after the synopsis that scores
 * the book on a small rubric, integers 1 to 10, with its evidence written first so the scores
 * follow from it. Its answer is kept in the book's state and read into
 * BookCompleted.quality.rubric; an answer that is not the rubric leaves the rubric out and the book
 * is published all the same.
 */
final class BookJudge {
  /** The rubric's criteria, as the answer names them. */
  static final List<String> CRITERIA =
      List.of("coherence", "characterConsistency", "pacing", "prose", "ending");

  static final String SCHEMA =
      """
      {"type":"object","properties":{\
      "evidence":{"type":"string"},\
      "coherence":{"type":"integer","minimum":1,"maximum":10},\
      "characterConsistency":{"type":"integer","minimum":1,"maximum":10},\
      "pacing":{"type":"integer","minimum":1,"maximum":10},\
      "prose":{"type":"integer","minimum":1,"maximum":10},\
      "ending":{"type":"integer","minimum":1,"maximum":10}},\
      "required":["evidence","coherence","characterConsistency","pacing","prose","ending"]}""";

  /** The most characters of each chapter the judge reads: a bounded prompt for any book. */
  static final int CHAPTER_CHARS = 4_000;

  /** The most characters of evidence kept. */
  static final int EVIDENCE_CHARS = 2_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private BookJudge() {}

  /** The judge's request for a finished book: its synopsis, then each chapter (cut if long). */
  static ModelRequest request(String judgeModel, BookState book, List<ChapterText> chapters) {
    StringBuilder prompt = new StringBuilder();
    prompt.append("You judge a whole book, written in ");
    prompt.append(BookLanguage.englishName(book.getLanguage())).append(".\n\n");
    if (book.getSynopsis() != null) {
      prompt.append("Its synopsis: ").append(book.getSynopsis()).append("\n\n");
    }
    for (ChapterText c : chapters) {
      String text = c.getText();
      prompt.append("Chapter ").append(c.getNumber()).append(", \"").append(c.getTitle());
      prompt.append("\":\n");
      prompt.append(
          text.length() > CHAPTER_CHARS ? text.substring(0, CHAPTER_CHARS) + " [...]" : text);
      prompt.append("\n\n");
    }
    prompt.append(
        "Answer in JSON. First evidence: a few short quotes or observations from the book that"
            + " bear on the scores below. Then score each from 1 (poor) to 10 (excellent), a whole"
            + " number, as the evidence supports: coherence (the story holds together from start"
            + " to end), characterConsistency (the characters stay who they are), pacing (the"
            + " story moves at a fitting speed), prose (the quality of the sentences), ending"
            + " (the ending resolves what the book set up).");
    return ModelRequest.text(judgeModel, prompt.toString())
        .withJsonSchema(SCHEMA)
        .withRole(ModelRole.JUDGE)
        .withAnswerWords(300);
  }

  /** The rubric in an answer, or empty when the answer is not one. */
  static Optional<BookRubric> rubric(String answer, String model) {
    if (answer == null) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = JSON.readTree(answer.strip());
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    int[] scores = new int[CRITERIA.size()];
    for (int i = 0; i < scores.length; i++) {
      JsonNode score = node.get(CRITERIA.get(i));
      if (score == null || !score.isNumber()) {
        return Optional.empty();
      }
      scores[i] = Math.max(1, Math.min(10, (int) Math.round(score.asDouble())));
    }
    String evidence = node.path("evidence").asText("");
    return Optional.of(
        BookRubric.newBuilder()
            .setEvidence(
                evidence.length() > EVIDENCE_CHARS
                    ? evidence.substring(0, EVIDENCE_CHARS)
                    : evidence)
            .setCoherence(scores[0])
            .setCharacterConsistency(scores[1])
            .setPacing(scores[2])
            .setProse(scores[3])
            .setEnding(scores[4])
            .setModel(model == null ? "" : model)
            .build());
  }
}
