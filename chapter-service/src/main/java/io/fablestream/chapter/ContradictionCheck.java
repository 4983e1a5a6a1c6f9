package io.fablestream.chapter;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.chapter.state.ChapterStep;
import io.fablestream.events.Contradiction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The judge's {@code contradictions}: each a fact of the story bible it was given and the sentence
 * of the chapter that contradicts it. One counts only when the fact is one of those given (matched
 * loosely) and the sentence is in the chapter ({@link Quotes}): a judge cannot fail a chapter on a
 * fact it made up or a sentence the chapter does not have. A chapter with one is rewritten with the
 * fact and the sentence as feedback; the chapter's step keeps every one found, so the accepted
 * chapter records how many were found and fixed.
 */
final class ContradictionCheck {
  private static final char SEPARATOR = '\u001f';

  private ContradictionCheck() {}

  /**
   * A contradiction found.
   *
   * @param fact the bible's fact, as the bible words it
   * @param factChapter the chapter that set it
   * @param sentence the chapter's sentence, as the judge quoted it
   */
  record Found(String fact, int factChapter, String sentence) {
    /** The line the rewrite is given. */
    String note() {
      return "The chapter contradicts the story bible. The fact: \""
          + fact
          + "\""
          + (factChapter > 0 ? " (set in chapter " + factChapter + ")" : "")
          + ". The sentence that contradicts it: \""
          + sentence
          + "\". Rewrite so the chapter keeps the fact.";
    }

    /** As the state keeps it. */
    String encoded() {
      return fact.replace(SEPARATOR, ' ')
          + SEPARATOR
          + factChapter
          + SEPARATOR
          + sentence.replace(SEPARATOR, ' ');
    }

    Contradiction event() {
      return new Contradiction(fact, factChapter, sentence);
    }

    static Found decoded(String line) {
      int a = line.indexOf(SEPARATOR);
      int b = line.indexOf(SEPARATOR, a + 1);
      return new Found(
          line.substring(0, a), Integer.parseInt(line.substring(a + 1, b)), line.substring(b + 1));
    }
  }

  /** The contradictions in the judge's answer that hold: a fact given, a sentence of the text. */
  static List<Found> read(JsonNode answer, List<StoryBible.Fact> facts, String text) {
    Map<String, Found> found = new LinkedHashMap<>();
    for (JsonNode c : answer.path("contradictions")) {
      String said = c.path("fact").asText("");
      String sentence = c.path("sentence").asText("").strip();
      if (said.isBlank() || !Quotes.in(sentence, text)) {
        continue;
      }
      facts.stream()
          .filter(f -> StoryBible.like(f.fact(), said))
          .findFirst()
          .ifPresent(f -> found.putIfAbsent(f.fact(), new Found(f.fact(), f.chapter(), sentence)));
    }
    return new ArrayList<>(found.values());
  }

  /** The step's record of every contradiction found so far, one per fact, with these added. */
  static List<String> remembered(ChapterStep step, List<Found> now) {
    Map<String, String> all = new LinkedHashMap<>();
    for (String line : step.getContradictionsFound()) {
      all.put(Found.decoded(line).fact(), line);
    }
    now.forEach(f -> all.putIfAbsent(f.fact(), f.encoded()));
    return new ArrayList<>(all.values());
  }

  /** The contradictions of a kept attempt. */
  static List<Found> decoded(List<String> lines) {
    return lines.stream().map(Found::decoded).toList();
  }

  /** How many of the facts found contradicted in the step are not among those left. */
  static int fixed(List<String> foundInStep, List<String> left) {
    List<String> leftFacts = decoded(left).stream().map(Found::fact).toList();
    return (int) decoded(foundInStep).stream().filter(f -> !leftFacts.contains(f.fact())).count();
  }
}
