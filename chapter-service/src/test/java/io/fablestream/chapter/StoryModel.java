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

  private final Map<Integer, Integer> attempts = new HashMap<>();
  private int lastChapter;
  private BiFunction<Integer, Integer, String> writer = (n, attempt) -> chapterJson(n, attempt);
  private BiFunction<Integer, Integer, String> judge = (n, attempt) -> PASSING_JUDGEMENT;
  private double writerTokensPerWord;

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
