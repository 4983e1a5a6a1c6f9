package io.fablestream.chapter;

import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ScriptedModelGateway;
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
    return ScriptedModelGateway.answer(request, writer.apply(lastChapter, attempt));
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
