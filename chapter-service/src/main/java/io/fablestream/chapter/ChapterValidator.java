package io.fablestream.chapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ModelRole;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.BookLanguage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The validation layer: a chapter must have the right length, keep the book's mood (scored by a
 * judge model), advance at least one open conflict, and not repeat an earlier chapter. The length
 * and repetition checks run here; the judge is asked through {@link #judgeRequest} by the caller,
 * off the stream thread, and its answer is read by {@link #verdict}.
 */
public final class ChapterValidator {
  /** Shortest chapter that passes, as a share of the target length. */
  static final double MIN_LENGTH = 0.8;

  /** Longest chapter that passes, as a share of the target length. */
  static final double MAX_LENGTH = 1.6;

  /** The judge's answer: a mood score and the conflicts it saw advanced. */
  public static final String JUDGE_SCHEMA =
      """
      {"type":"object","properties":{\
      "score":{"type":"number","minimum":0,"maximum":1},\
      "advancedConflicts":{"type":"array","items":{"type":"string"}}},\
      "required":["score","advancedConflicts"]}""";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChapterSettings settings;
  private final NGramOverlap overlap = new NGramOverlap(5);

  ChapterValidator(ChapterSettings settings) {
    this.settings = settings;
  }

  /** The checks that need no model: length, and repetition of an earlier chapter. */
  List<Verdict.Failure> localChecks(
      Draft draft, int wordsPerChapter, List<ChapterText> earlier, int number) {
    List<Verdict.Failure> failures = new ArrayList<>();
    checkLength(draft, wordsPerChapter, failures);
    checkRepetition(draft, earlier, number, failures);
    return failures;
  }

  /**
   * The verdict on one attempt: the checks that need no model, and what the judge answered.
   *
   * @param local the failures of {@link #localChecks}
   * @param judgeAnswer the judge model's answer text
   * @param judgeUsage what the judge call cost
   */
  Verdict verdict(
      List<Verdict.Failure> local, String judgeAnswer, Usage judgeUsage, StorySeed story) {
    List<Verdict.Failure> failures = new ArrayList<>(local);
    JsonNode judged = parse(judgeAnswer);
    double score = 0;
    List<String> advanced = List.of();
    if (judged == null
        || !judged.path("score").isNumber()
        || !judged.path("advancedConflicts").isArray()) {
      failures.add(
          new Verdict.Failure(
              Check.MOOD,
              "The mood could not be judged (the judge's answer was not the JSON asked for);"
                  + " keep the mood plainly: "
                  + story.getMood()
                  + "."));
    } else {
      score = Math.max(0, Math.min(1, judged.get("score").asDouble()));
      advanced = advancedConflicts(judged.get("advancedConflicts"), story.getConflicts());
      if (score < settings.moodThreshold()) {
        failures.add(
            new Verdict.Failure(
                Check.MOOD,
                String.format(
                    Locale.ROOT,
                    "The mood drifts (judged %.2f, needs %.2f): keep the mood %s throughout.",
                    score,
                    settings.moodThreshold(),
                    story.getMood())));
      }
      if (advanced.isEmpty()) {
        failures.add(
            new Verdict.Failure(
                Check.CONFLICT,
                "No open conflict moves forward: advance at least one of: "
                    + String.join("; ", story.getConflicts())
                    + "."));
      }
    }
    return new Verdict(score, advanced, failures, judgeUsage);
  }

  private void checkLength(Draft draft, int target, List<Verdict.Failure> failures) {
    int words = draft.wordCount();
    int min = (int) Math.ceil(target * MIN_LENGTH);
    int max = (int) Math.floor(target * MAX_LENGTH);
    if (words < min || words > max) {
      failures.add(
          new Verdict.Failure(
              Check.WORD_COUNT,
              "The chapter has "
                  + words
                  + " words; write between "
                  + min
                  + " and "
                  + max
                  + " (about "
                  + target
                  + ")."));
    }
  }

  private void checkRepetition(
      Draft draft, List<ChapterText> earlier, int number, List<Verdict.Failure> failures) {
    for (ChapterText chapter : earlier) {
      if (chapter.getNumber() >= number) {
        continue;
      }
      double shared = overlap.containment(draft.text(), chapter.getText());
      if (shared > settings.repetitionBound()) {
        failures.add(
            new Verdict.Failure(
                Check.REPETITION,
                String.format(
                    Locale.ROOT,
                    "%.0f%% of the chapter repeats chapter %d word for word: tell new events in"
                        + " new words.",
                    shared * 100,
                    chapter.getNumber())));
        return;
      }
    }
  }

  /** The judge's request about one draft: the mood score and the conflicts it advances. */
  ModelRequest judgeRequest(Draft draft, StorySeed story, String language) {
    StringBuilder prompt = new StringBuilder();
    prompt.append("You judge one chapter of a story.\n\n");
    prompt.append("The mood the book must keep: ").append(story.getMood()).append("\n\n");
    prompt.append("The story's open conflicts:\n");
    for (String conflict : story.getConflicts()) {
      prompt.append("- ").append(conflict).append('\n');
    }
    prompt.append("\nThe chapter, \"").append(draft.title()).append("\":\n");
    prompt.append(draft.text()).append("\n\n");
    prompt.append(
        "Answer in JSON. score: from 0 to 1, how well the chapter keeps the mood (1 is fully)."
            + " advancedConflicts: the conflicts from the list above that this chapter moves"
            + " forward, each copied exactly as written in the list; an empty list if none."
            + " The chapter should be in "
            + BookLanguage.englishName(language)
            + ": a chapter in another language keeps no mood, score it 0.");
    return ModelRequest.text(settings.judgeModel(), prompt.toString())
        .withJsonSchema(JUDGE_SCHEMA)
        // Its temperature is model.judge.temperature (0 by default: the same draft, the same
        // score).
        .withRole(ModelRole.JUDGE)
        .withAnswerWords(BookBudget.JUDGE_WORDS);
  }

  /** The listed conflicts the judge named, as the list words them, in the list's order. */
  static List<String> advancedConflicts(JsonNode named, List<String> conflicts) {
    Set<Integer> matched = matched(named, conflicts);
    List<String> advanced = new ArrayList<>();
    for (int i = 0; i < conflicts.size(); i++) {
      if (matched.contains(i)) {
        advanced.add(conflicts.get(i));
      }
    }
    return advanced;
  }

  /** Counts the listed conflicts the judge named, matching loosely (case, punctuation, wording). */
  static int countAdvanced(JsonNode named, List<String> conflicts) {
    return matched(named, conflicts).size();
  }

  private static Set<Integer> matched(JsonNode named, List<String> conflicts) {
    Set<Integer> matched = new HashSet<>();
    for (JsonNode entry : named) {
      String said = normalize(entry.asText());
      if (said.isEmpty()) {
        continue;
      }
      for (int i = 0; i < conflicts.size(); i++) {
        String conflict = normalize(conflicts.get(i));
        if (!conflict.isEmpty()
            && (conflict.contains(said)
                || said.contains(conflict)
                || said.equals(String.valueOf(i + 1)))) {
          matched.add(i);
        }
      }
    }
    return matched;
  }

  private static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }

  private static JsonNode parse(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }
}
