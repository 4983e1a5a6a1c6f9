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

  /**
   * The judge's answer, evidence first: for each conflict it says the chapter advances, the
   * sentence that advances it; each fact of the story bible the chapter contradicts, with the
   * contradicting sentence; then the tone of voice, a whole number from 1 to 5.
   */
  public static final String JUDGE_SCHEMA =
      """
      {"type":"object","properties":{\
      "evidence":{"type":"array","items":{"type":"object","properties":{\
      "conflict":{"type":"string"},"sentence":{"type":"string"}},\
      "required":["conflict","sentence"]}},\
      "contradictions":{"type":"array","items":{"type":"object","properties":{\
      "fact":{"type":"string"},"sentence":{"type":"string"}},\
      "required":["fact","sentence"]}},\
      "tone":{"type":"integer","minimum":1,"maximum":5}},\
      "required":["evidence","contradictions","tone"]}""";

  /** The top of the tone scale. */
  static final int TONE_SCALE = 5;

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
   * The verdict on one attempt: the checks that need no model, and what the judge answered. A
   * conflict counts as advanced only with a sentence of the draft that advances it ({@link
   * Quotes}); a contradiction only with a fact it was given and a sentence of the draft ({@link
   * ContradictionCheck}).
   *
   * @param local the failures of {@link #localChecks}
   * @param judgeAnswer the judge model's answer text
   * @param judgeUsage what the judge call cost
   * @param draft the draft judged
   * @param facts the facts of the story bible the judge was given
   */
  Verdict verdict(
      List<Verdict.Failure> local,
      String judgeAnswer,
      Usage judgeUsage,
      StorySeed story,
      Draft draft,
      List<StoryBible.Fact> facts) {
    List<Verdict.Failure> failures = new ArrayList<>(local);
    JsonNode judged = parse(judgeAnswer);
    int tone = 0;
    List<String> advanced = List.of();
    List<ContradictionCheck.Found> contradictions = List.of();
    if (judged == null
        || !judged.path("tone").isNumber()
        || !judged.path("evidence").isArray()
        || !judged.path("contradictions").isArray()) {
      failures.add(
          new Verdict.Failure(
              Check.MOOD,
              "The tone could not be judged (the judge's answer was not the JSON asked for);"
                  + " keep the tone of voice plainly: "
                  + story.getMood()
                  + "."));
    } else {
      tone = Math.max(1, Math.min(TONE_SCALE, (int) Math.round(judged.get("tone").asDouble())));
      advanced = advancedConflicts(judged.get("evidence"), story.getConflicts(), draft.text());
      contradictions = ContradictionCheck.read(judged, facts, draft.text());
      double score = moodScore(tone);
      if (score < settings.moodThreshold()) {
        failures.add(
            new Verdict.Failure(
                Check.MOOD,
                String.format(
                    Locale.ROOT,
                    "The tone of voice drifts (judged %d of %d): keep the narrator's tone %s"
                        + " throughout, however the events turn.",
                    tone,
                    TONE_SCALE,
                    story.getMood())));
      }
      if (advanced.isEmpty()) {
        failures.add(
            new Verdict.Failure(
                Check.CONFLICT,
                "No open conflict moves forward (one only mentioned does not): advance at least"
                    + " one of: "
                    + String.join("; ", story.getConflicts())
                    + ", in an event of this chapter."));
      }
      contradictions.forEach(c -> failures.add(new Verdict.Failure(Check.CONTRADICTION, c.note())));
    }
    return new Verdict(moodScore(tone), tone, advanced, contradictions, failures, judgeUsage);
  }

  /** A tone of 1 to 5 as the mood score in [0, 1] the events carry; 0 for none. */
  static double moodScore(int tone) {
    return tone <= 0 ? 0 : (tone - 1) / (double) (TONE_SCALE - 1);
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

  /**
   * The judge's request about one draft: the evidence for each conflict it advances, the
   * contradictions with the facts of the story bible it is given, and the tone of voice.
   */
  ModelRequest judgeRequest(
      Draft draft, StorySeed story, String language, List<StoryBible.Fact> facts) {
    StringBuilder prompt = new StringBuilder();
    prompt.append("You judge one chapter of a story.\n\n");
    prompt.append("The narrator's tone of voice the book keeps: ").append(story.getMood());
    prompt.append("\n\nThe story's open conflicts:\n");
    for (int i = 0; i < story.getConflicts().size(); i++) {
      prompt.append(i + 1).append(". ").append(story.getConflicts().get(i)).append('\n');
    }
    if (!facts.isEmpty()) {
      prompt.append("\nFacts of the story so far (the story bible):\n");
      facts.forEach(f -> prompt.append("- ").append(f.fact()).append('\n'));
    }
    prompt.append("\nThe chapter, \"").append(draft.title()).append("\":\n");
    prompt.append(draft.text()).append("\n\n");
    prompt.append(
        "Answer in JSON, evidence first. evidence: for each conflict from the list that this"
            + " chapter moves forward, the conflict as written in the list and the one sentence of"
            + " the chapter, copied exactly, in which it moves forward. A conflict that is only"
            + " mentioned, remembered or thought about is not moved forward: leave it out."
            + " contradictions: each fact from the list above that the chapter contradicts, copied"
            + " exactly, with the sentence of the chapter that contradicts it, copied exactly; an"
            + " empty list if none. tone: from 1 to 5, how well the narrator's tone of voice keeps"
            + " the book's (5 is throughout); judge the voice, not the events: danger, loss or"
            + " rising stakes do not lower it. The chapter should be in "
            + BookLanguage.englishName(language)
            + ": a chapter in another language keeps no tone, give it 1.");
    return ModelRequest.text(settings.judgeModel(), prompt.toString())
        .withJsonSchema(JUDGE_SCHEMA)
        // Its temperature is model.judge.temperature (0 by default: the same draft, the same
        // verdict).
        .withRole(ModelRole.JUDGE)
        .withAnswerWords(BookBudget.JUDGE_WORDS);
  }

  /**
   * The listed conflicts the judge gave evidence for, as the list words them, in the list's order:
   * each entry names a conflict (matched loosely, or by its number) and quotes a sentence of the
   * text ({@link Quotes}); an entry whose sentence is not in the text counts for nothing.
   */
  static List<String> advancedConflicts(JsonNode evidence, List<String> conflicts, String text) {
    com.fasterxml.jackson.databind.node.ArrayNode named = JSON.createArrayNode();
    for (JsonNode entry : evidence) {
      if (Quotes.in(entry.path("sentence").asText(""), text)) {
        named.add(entry.path("conflict").asText(""));
      }
    }
    return advancedConflicts(named, conflicts);
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
