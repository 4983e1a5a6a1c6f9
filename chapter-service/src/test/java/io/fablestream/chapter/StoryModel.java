package io.fablestream.chapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.events.BookChapter;
import io.fablestream.events.IllustrationRef;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelHabits;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.platform.model.TokenTable;
import io.fablestream.platform.model.Usage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The script of a model double for chapter-service: the writer's answer and the judge's answer per
 * chapter and attempt. By default every chapter is a 300-word draft that passes. As a real server
 * does, the writer's answers are charged by Llama 3's tokens per word for the book's language
 * ({@link ModelHabits#TOKENIZER}) and cut at the request's bound, the JSON left open.
 */
final class StoryModel implements Function<ModelRequest, ModelAnswer> {
  static final String WRITER = "writer:test";
  static final String JUDGE = "judge:test";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A judge's answer that passes: evidence for the first conflict (quoting the chapter's opening
   * words, {@link #QUOTE}), no contradiction, tone 5.
   */
  static final String PASSING_JUDGEMENT = judgement(5, List.of("the storm that will not pass"));

  /** Stands in a scripted judgement for the judged chapter's first eight words. */
  static final String QUOTE = "@QUOTE@";

  private static final Pattern JUDGED =
      Pattern.compile("The chapter, \"[^\"]*\":\n(.*?)\n\nAnswer in JSON", Pattern.DOTALL);

  /** A judgement: evidence quoting the chapter for each conflict, no contradiction. */
  static String judgement(int tone, List<String> advanced) {
    return judgement(tone, advanced, List.of());
  }

  /**
   * A judgement: evidence quoting the chapter for each conflict, and each contradicted fact with
   * the chapter's opening words as the contradicting sentence.
   */
  static String judgement(int tone, List<String> advanced, List<String> contradicted) {
    StringBuilder json = new StringBuilder("{\"evidence\": [");
    for (int i = 0; i < advanced.size(); i++) {
      json.append(i > 0 ? ", " : "")
          .append("{\"conflict\": \"")
          .append(advanced.get(i))
          .append("\", \"sentence\": \"" + QUOTE + "\"}");
    }
    json.append("], \"contradictions\": [");
    for (int i = 0; i < contradicted.size(); i++) {
      json.append(i > 0 ? ", " : "")
          .append("{\"fact\": \"")
          .append(contradicted.get(i))
          .append("\", \"sentence\": \"" + QUOTE + "\"}");
    }
    return json.append("], \"tone\": ").append(tone).append('}').toString();
  }

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
  private int looksCalls;
  private String looks = LOOKS;

  /**
   * The default answer to the characters' looks call: Mira and Old Tobin, as the plan casts them.
   */
  static final String LOOKS =
      "{\"characters\": [{\"name\": \"Mira\", \"looks\": \"a girl of ten with red braids,"
          + " a yellow raincoat and a brass whistle\"}, {\"name\": \"Old Tobin\", \"looks\":"
          + " \"a stooped white-bearded man in a navy wool coat with a ring of iron keys\"}]}";

  /** The looks call's answer. */
  StoryModel looks(String answer) {
    this.looks = answer;
    return this;
  }

  /** How many looks calls were answered. */
  int looksCalls() {
    return looksCalls;
  }

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
   * Charges the writer's answers so many tokens a word whatever the language, in place of the
   * tokenizer's table, and cuts an answer at the request's bound ({@code cutShort}, the JSON left
   * open) as a real server does.
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
      Matcher judged = JUDGED.matcher(request.prompt());
      String quote =
          judged.find()
              ? String.join(
                  " ",
                  java.util.Arrays.stream(judged.group(1).strip().split("\\s+")).limit(8).toList())
              : "";
      return ScriptedModelGateway.answer(
          request, judge.apply(lastChapter, attempts.get(lastChapter)).replace(QUOTE, quote));
    }
    if (request.prompt().startsWith(LooksPrompt.OPENING)) {
      looksCalls++;
      return ScriptedModelGateway.answer(request, looks);
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
      String language = TokenTable.languageOf(request.system(), request.prompt());
      TokenTable.Cut cut =
          ModelHabits.TOKENIZER.cut(text, language, request.answerTokensOrDefault());
      return new ModelAnswer(request.model(), cut.text(), writerUsage(cut.tokens()), cut.cut());
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

  /**
   * What a writer's call reports: the scripted prompt count and time, and the answer's tokens as
   * the tokenizer charged them.
   */
  static Usage writerUsage(int outputTokens) {
    return new Usage(10, outputTokens, 100, 1);
  }

  /** What the default writer's English answer for chapter n at an attempt reports. */
  static Usage writerUsage(int chapter, int attempt) {
    return writerUsage(ModelHabits.TOKENIZER.count(chapterJson(chapter, attempt), "en"));
  }

  /** The title the default writer gives chapter n. */
  static String title(int chapter) {
    return "The Turn " + chapter;
  }

  /** The text the default writer gives chapter n at an attempt: 300 words. */
  static String text(int chapter, int attempt) {
    return StoryText.of(chapter * 10L + attempt, 300);
  }

  /** The two-sentence summary the default writer gives chapter n. */
  static String summary(int chapter) {
    return "Mira climbs flight " + chapter + ". A door slams behind her.";
  }

  /**
   * Chapter n as a finished book carries it when the default writer wrote it at the first attempt:
   * its 300 words, revision 1, not edited, from picture 1, with the illustration given (or null).
   */
  static BookChapter bookChapter(int chapter, IllustrationRef illustration) {
    return new BookChapter(
        chapter,
        title(chapter),
        text(chapter, 1),
        300,
        1,
        false,
        summary(chapter),
        1,
        illustration,
        null);
  }

  /** The fact the default writer says chapter n sets. */
  static String fact(int chapter) {
    return "The key of door " + chapter + " hangs on the keeper's belt";
  }

  /** The thread the default writer says chapter n opens (and chapter n + 1 resolves). */
  static String thread(int chapter) {
    return "who rang bell " + chapter;
  }

  /** A writer's answer that gives chapter n its default title and the text given, nothing else. */
  static String chapterJson(int chapter, String text) {
    return JSON.createObjectNode().put("title", title(chapter)).put("text", text).toString();
  }

  /**
   * The default writer's answer: the chapter, its summary and the bible's delta (chapter 1 brings
   * in the captain; every chapter sets a fact, opens a thread, resolves the one before and changes
   * Mira).
   */
  static String chapterJson(int chapter, int attempt) {
    return "{\"title\": \""
        + title(chapter)
        + "\", \"text\": \""
        + text(chapter, attempt)
        + "\", \"summary\": \""
        + summary(chapter)
        + "\", \"newCharacters\": "
        + (chapter == 1
            ? "[{\"name\": \"Captain Rourke\", \"aliases\": [\"the captain\"], \"description\":"
                + " \"master of the wrecked ship\"}]"
            : "[]")
        + ", \"changes\": [{\"name\": \"Mira\", \"change\": \"tired after flight "
        + chapter
        + "\"}], \"facts\": [\""
        + fact(chapter)
        + "\"], \"threadsOpened\": [\""
        + thread(chapter)
        + "\"], \"threadsResolved\": "
        + (chapter > 1 ? "[\"" + thread(chapter - 1) + "\"]" : "[]")
        + "}";
  }
}
