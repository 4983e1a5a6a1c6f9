package io.fablestream.chapter;

import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.platform.model.Usage;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The script of a model double for chapter-service: the writer's answer and the judge's answer per
 * chapter and attempt. By default every chapter is a 300-word draft that passes.
 */
final class StoryModel implements Function<ModelRequest, ModelAnswer> {
  static final String WRITER = "writer:test";
  static final String JUDGE = "judge:test";
  static final String PASSING_JUDGEMENT =
      "{\"score\": 0.9, \"advancedConflicts\": [\"the storm that will not pass\"]}";

  private static final Pattern CHAPTER = Pattern.compile("Write chapter (\\d+) of");
  private static final Pattern PLANNED_CHAPTERS = Pattern.compile("The book has (\\d+) chapters");

  /** The main conflict of the default plan. */
  static final String MAIN_CONFLICT = "Mira must reach the lamp before the storm breaks the tower";

  private final Map<Integer, Integer> attempts = new HashMap<>();
  private int lastChapter;
  private BiFunction<Integer, Integer, String> writer = (n, attempt) -> chapterJson(n, attempt);
  private BiFunction<Integer, Integer, String> judge = (n, attempt) -> PASSING_JUDGEMENT;
  private double writerTokensPerWord;
  private Function<Integer, String> planner = StoryModel::planJson;
  private int plans;

  /** The plan's answer, by the book's chapter count. */
  StoryModel planner(Function<Integer, String> script) {
    this.planner = script;
    return this;
  }

  /** How many planning calls were answered. */
  int plans() {
    return plans;
  }

  /** The default plan of a book of so many chapters: a cast of two and one beat per chapter. */
  static String planJson(int chapters) {
    StringBuilder beats = new StringBuilder();
    for (int n = 1; n <= chapters; n++) {
      beats
          .append(n > 1 ? "," : "")
          .append("{\"chapter\": ")
          .append(n)
          .append(", \"beat\": \"")
          .append(beat(n))
          .append("\", \"ending\": \"")
          .append(ending(n))
          .append("\"}");
    }
    return "{\"title\": \"The Lamp in the Storm\", \"cast\": [{\"name\": \"Mira\", \"line\":"
        + " \"the keeper's daughter, who wants to light the lamp\"}, {\"name\": \"Old Tobin\","
        + " \"line\": \"the keeper, who hides a secret\"}], \"mainConflict\": \""
        + MAIN_CONFLICT
        + "\", \"beats\": ["
        + beats
        + "]}";
  }

  /** The default plan's beat of chapter n. */
  static String beat(int n) {
    return "Mira climbs flight " + n + " of the tower";
  }

  /** The default plan's ending of chapter n. */
  static String ending(int n) {
    return "a door slams on landing " + n;
  }

  /**
   * Charges the writer's answers so many tokens a word, as a real tokenizer would, and cuts an
   * answer at the request's bound ({@code cutShort}, the JSON left open) as a real server does.
   */
  StoryModel writerTokensPerWord(double perWord) {
    this.writerTokensPerWord = perWord;
    return this;
  }

  StoryModel writer(BiFunction<Integer, Integer, String> script) {
    this.writer = script;
    return this;
  }

  StoryModel judge(BiFunction<Integer, Integer, String> script) {
    this.judge = script;
    return this;
  }

  @Override
  public ModelAnswer apply(ModelRequest request) {
    if (request.model().equals(JUDGE)) {
      return ScriptedModelGateway.answer(
          request, judge.apply(lastChapter, attempts.get(lastChapter)));
    }
    if (request.prompt().startsWith(PlanPrompt.OPENING)) {
      Matcher planned = PLANNED_CHAPTERS.matcher(request.prompt());
      if (!planned.find()) {
        throw new AssertionError("A plan prompt without its chapter count: " + request.prompt());
      }
      plans++;
      return ScriptedModelGateway.answer(
          request, planner.apply(Integer.parseInt(planned.group(1))));
    }
    Matcher m = CHAPTER.matcher(request.prompt());
    if (!m.find()) {
      throw new AssertionError("Not a chapter prompt: " + request.prompt());
    }
    lastChapter = Integer.parseInt(m.group(1));
    int attempt = attempts.merge(lastChapter, 1, Integer::sum);
    String text = writer.apply(lastChapter, attempt);
    if (writerTokensPerWord <= 0) {
      return ScriptedModelGateway.answer(request, text);
    }
    String[] words = text.split(" ");
    int tokens = (int) Math.ceil(words.length * writerTokensPerWord);
    int bound = request.answerTokensOrDefault();
    if (tokens <= bound) {
      return new ModelAnswer(request.model(), text, new Usage(10, tokens, 100, 1));
    }
    int kept = (int) Math.floor(bound / writerTokensPerWord);
    return new ModelAnswer(
        request.model(),
        String.join(" ", java.util.Arrays.asList(words).subList(0, kept)),
        new Usage(10, bound, 100, 1),
        true);
  }

  /** The title the default writer gives chapter n. */
  static String title(int chapter) {
    return "The Turn " + chapter;
  }

  /** The text the default writer gives chapter n at an attempt: 300 words. */
  static String text(int chapter, int attempt) {
    return StoryText.of(chapter * 10L + attempt, 300);
  }

  static String chapterJson(int chapter, int attempt) {
    return "{\"title\": \"" + title(chapter) + "\", \"text\": \"" + text(chapter, attempt) + "\"}";
  }
}
