package io.fablestream.app;

import io.fablestream.platform.model.ModelHabits;
import io.fablestream.platform.model.ollama.ReceivedRequest;
import io.fablestream.platform.model.ollama.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Ollama test server answers for a whole book, told apart by what each service asks: the
 * vision call (it carries the picture), a chapter ("Write chapter n of"), the judge ("You judge one
 * chapter") and an arc summary ("Summarize chapters"). Every sentence of chapter n starts with the
 * word {@code Talen}, so a prompt that carries retrieved passages shows which chapter they came
 * from.
 *
 * <p>It answers with a real 7-8B model's habits ({@link ModelHabits}): a preamble before every
 * summary and blurb (inside the JSON's string when a schema was asked for, as a constrained model
 * still writes it), about 60% of any chapter asked for above {@value
 * ModelHabits#LONG_CHAPTER_WORDS} words, and a judge that rates a chapter 4 of 5 unless the
 * evidence says otherwise; the test server charges and cuts its answers as a real tokenizer would.
 * There is no tidy mode: every test of the line checks what a reader would (the clean synopsis, the
 * chapters' lengths, that they passed), and holds on these habits.
 */
final class StoryOllama implements Function<ReceivedRequest, Reply> {
  static final String VISION = "llava:7b";
  static final String TEXT = "llama3.1:8b";

  private static final Pattern CHAPTER = Pattern.compile("Write chapter (\\d+) of");

  /** The words a call asks for: the last "about n words" (a part's, a continuation's "n more"). */
  private static final Pattern ABOUT = Pattern.compile("(?i)about (\\d+) (?:more )?words");

  private static final String REWRITE = "A READER ASKED FOR THIS CHAPTER TO BE REWRITTEN";
  private static final Pattern TITLED = Pattern.compile("titled \"([^\"]*)\"");
  private static final Pattern PLANNED = Pattern.compile("The book has (\\d+) chapters");
  private static final Pattern BEATS_ASKED = Pattern.compile("beats, chapter (\\d+) to (\\d+)");

  /** How chapter-service's call for the characters' looks begins (LooksPrompt.OPENING). */
  static final String LOOKS_ASKED = "Describe how each named character of this book looks";

  /** The looks every book's cat is given. */
  static final String CHELSEA_LOOKS =
      "A small grey tabby cat with white paws, green eyes and a red collar with a brass bell.";

  /** The main conflict of every book's plan. */
  static final String MAIN_CONFLICT = "Chelsea must reach the fish on the high shelf";

  /** The beat the plan gives chapter n. */
  static String beat(int n) {
    return "Chelsea tries way " + n + " to climb toward the shelf";
  }

  /**
   * The plan of a book of so many chapters, as a model constrained to the planning schema answers:
   * a title, a cast grown from the picture's cat, the main conflict and a beat per chapter.
   */
  static String plan(int chapters) {
    return plan(chapters, 1, chapters);
  }

  /**
   * The plan's answer when the prompt asks for the beats of chapters from..through only (a long
   * book is planned a part at a time): a later part is its beats alone.
   */
  static String plan(int chapters, int from, int through) {
    StringBuilder beats = new StringBuilder();
    for (int n = from; n <= through; n++) {
      beats
          .append(n > from ? ", " : "")
          .append("{\"chapter\": ")
          .append(n)
          .append(", \"beat\": \"")
          .append(beat(n))
          .append("\", \"ending\": \"")
          .append(n == chapters ? "she eats the fish" : "the yarn slips on try " + n)
          .append("\"}");
    }
    return "{\"title\": \"The Shelf\", \"cast\": [{\"name\": \"Chelsea\", \"line\": \"a tabby"
        + " cat who wants the fish\"}, {\"name\": \"Mr. Pell\", \"line\": \"the cook who put the"
        + " fish up high\"}], \"mainConflict\": \""
        + MAIN_CONFLICT
        + "\", \"beats\": ["
        + beats
        + "]}";
  }

  private static String planAsked(String prompt, int chapters) {
    Matcher asked = BEATS_ASKED.matcher(prompt);
    if (!asked.find()) {
      return plan(chapters);
    }
    int from = Integer.parseInt(asked.group(1));
    int through = Integer.parseInt(asked.group(2));
    String plan = plan(chapters, from, through);
    return from == 1 ? plan : plan.substring(plan.indexOf("\"beats\"") - 1).replaceFirst("^.", "{");
  }

  private static final String[] WORDS = {
    "lantern",
    "harbor",
    "storm",
    "whiskers",
    "window",
    "tide",
    "rope",
    "keeper",
    "shadow",
    "bell",
    "gull",
    "cold",
    "ran",
    "toward",
    "dark",
    "water",
    "light",
    "broken",
    "door",
    "salt",
    "wind",
    "stairs",
    "climbed",
    "voice",
    "sea",
    "night",
    "fog",
    "captain",
    "letter",
    "hidden",
    "map",
    "kitchen",
    "sunlit",
    "paw",
    "purred",
    "fish",
    "silver",
    "moon",
    "clock",
    "garden",
    "fence",
    "mouse",
    "quiet",
    "morning",
    "bright",
    "curious",
    "leapt",
    "shelf",
    "basket",
    "yarn"
  };

  /** The synopsis of every book: 72 words, inside the 60 to 120 the prompt asks for. */
  static final String BLURB =
      ("Chelsea, a tabby cat with patience to spare, has one wish: the silver fish on the high"
                  + " shelf. ")
              .repeat(4)
          + "Between her and it stand a sleeping house, a basket of yarn and one long morning."
          + " Will she reach it?";

  private static final Pattern SUMMARY_SPAN = Pattern.compile("Summarize chapters (\\d+ to \\d+)");

  private final boolean perTitle;

  /** The same text for chapter n of every book. */
  StoryOllama() {
    this(false);
  }

  /**
   * @param perTitle whether chapter n's text also depends on the book's title, so that two books
   *     never send the judge or the summarizer the same text
   */
  StoryOllama(boolean perTitle) {
    this.perTitle = perTitle;
  }

  @Override
  public Reply apply(ReceivedRequest request) {
    return Reply.text(
        answer(request.system(), request.prompt(), !request.images().isEmpty(), request.format()));
  }

  /**
   * The book's answer to a request, whatever API carried it (the OpenAI-API line test asks the
   * same).
   *
   * @param picture whether the request carries a picture (the vision call)
   * @param format the answer's format asked for (a JSON schema, {@code "json"}), or null for text
   */
  String answer(String system, String prompt, boolean picture, Object format) {
    return reply(
            (system == null ? "" : system + "\n") + (prompt == null ? "" : prompt),
            picture,
            format != null)
        .text();
  }

  private Reply reply(String asked, boolean picture, boolean json) {
    String prompt = asked == null ? "" : asked;
    if (picture) {
      return Reply.text(
          """
          {"setting": "A sunlit kitchen on a quiet morning",
           "characters": ["Chelsea, a tabby cat"],
           "mood": "curious",
           "objects": ["a window", "a basket of yarn"],
           "potentialConflicts": ["the cat wants the fish on the high shelf"]}""");
    }
    Matcher planned = PLANNED.matcher(prompt);
    // The planning prompt comes after the writer's system prompt, which apply() puts first.
    if (prompt.contains("Plan the book before it is written.") && planned.find()) {
      return Reply.text(planAsked(prompt, Integer.parseInt(planned.group(1))));
    }
    if (prompt.contains("You judge one chapter")) {
      return Reply.text(ModelHabits.judgement(prompt));
    }
    if (prompt.contains(LOOKS_ASKED)) {
      return Reply.text(
          "{\"characters\": [{\"name\": \"Chelsea\", \"looks\": \""
              + CHELSEA_LOOKS
              + "\"}, {\"name\": \"Mr. Pell\", \"looks\": \"A tall cook in his sixties, bald,"
              + " a white apron over a blue shirt, round glasses.\"}]}");
    }
    boolean japanese = prompt.contains("(language tag ja)");
    if (prompt.contains("Write the back-cover blurb")) {
      return Reply.text(
          ModelHabits.freeText(
              japanese ? JAPANESE_BLURB : BLURB,
              ModelHabits.blurbPreamble(japanese ? "棚の魚" : "The Silver Fish"),
              "blurb",
              json));
    }
    Matcher span = SUMMARY_SPAN.matcher(prompt);
    if (span.find()) {
      String summary =
          "Chelsea watched the shelf. She made a plan with the yarn. The fish was still out of"
              + " reach.";
      // Per title, each book's summaries differ, and so does the synopsis prompt made of them.
      return Reply.text(
          ModelHabits.freeText(
              perTitle ? summary + " (" + Integer.toHexString(prompt.hashCode()) + ")" : summary,
              ModelHabits.summaryPreamble(span.group(1)),
              "summary",
              json));
    }
    Matcher chapter = CHAPTER.matcher(prompt);
    if (chapter.find()) {
      int n = Integer.parseInt(chapter.group(1));
      // The words asked: the part's (the last "about n words"), of which a real model writes 60%
      // when they are many.
      boolean continuation = prompt.contains("CONTINUE IT:");
      Matcher about = ABOUT.matcher(prompt);
      int words = 300;
      while (about.find()) {
        words = Integer.parseInt(about.group(1));
      }
      words = ModelHabits.wordsWritten(words);
      Matcher titled = TITLED.matcher(prompt);
      long seed = perTitle && titled.find() ? titled.group(1).hashCode() : 0;
      int rewrite = prompt.indexOf(REWRITE);
      if (rewrite >= 0) {
        // A revision's chapter with a reader's note: other words than the chapter it replaces.
        seed = seed * 31 + prompt.substring(rewrite).hashCode();
      }
      if (continuation) {
        // A later part of the chapter: other sentences than the part it continues.
        seed = seed * 31 + prompt.length();
      }
      if (japanese) {
        return Reply.text(
            "{\"title\": \"棚 第" + n + "部\", \"text\": \"" + japaneseText(n, words) + "\"}");
      }
      return Reply.text(
          "{\"title\": \"The Shelf, Part "
              + n
              + "\", \"text\": \""
              + text(n, words, seed)
              + "\", "
              + bibleFields(n)
              + "}");
    }
    return Reply.text("Once upon a time.");
  }

  /**
   * The fields a writer constrained to the chapter schema adds after its text: a two-sentence
   * summary and the story bible's delta (chapter 1 brings in Mr. Pell's dog; every chapter sets a
   * fact, opens a thread and closes the one before, and changes Chelsea).
   */
  static String bibleFields(int n) {
    return "\"summary\": \"Chelsea tries way "
        + n
        + " to reach the shelf. The yarn slips.\", \"newCharacters\": "
        + (n == 1
            ? "[{\"name\": \"Biscuit\", \"aliases\": [\"the dog\"], \"description\": \"Mr."
                + " Pell's sleepy dog\"}]"
            : "[]")
        + ", \"changes\": [{\"name\": \"Chelsea\", \"change\": \"more determined after try "
        + n
        + "\"}], \"facts\": [\"The basket of yarn sits by window "
        + n
        + "\"], \"threadsOpened\": [\"what rattled behind door "
        + n
        + "\"], \"threadsResolved\": "
        + (n > 1 ? "[\"what rattled behind door " + (n - 1) + "\"]" : "[]");
  }

  /** Two-character Japanese words: the line counts a word for every two characters. */
  private static final String[] JAPANESE_WORDS = {
    "灯台", "港町", "子猫", "毛糸", "窓辺", "魚釣", "夜明", "静寂", "秘密", "地図", "階段", "潮風"
  };

  /** The synopsis of a Japanese book: 64 words as the line counts them (128 characters). */
  static final String JAPANESE_BLURB = "子猫のチェルシーは高い棚の魚を夢見る。".repeat(7) + "届くだろうか。";

  /** Chapter n's text in Japanese: sentences of ten two-character words, no spaces. */
  static String japaneseText(int chapter, int words) {
    Random random = new Random(chapter * 104_729L);
    StringBuilder text = new StringBuilder();
    for (int written = 0; written < words; written++) {
      text.append(JAPANESE_WORDS[random.nextInt(JAPANESE_WORDS.length)]);
      if (written % 10 == 9) {
        text.append('。');
      }
    }
    if (text.charAt(text.length() - 1) != '。') {
      text.append('。');
    }
    return text.toString();
  }

  /** Chapter n's text: sentences of ten words, each led by {@code Talen}. */
  static String text(int chapter, int words) {
    return text(chapter, words, 0);
  }

  private static String text(int chapter, int words, long seed) {
    Random random = new Random(chapter * 7919L + seed * 31);
    List<String> sentences = new ArrayList<>();
    int written = 0;
    while (written < words) {
      int length = Math.min(10, words - written);
      StringBuilder s = new StringBuilder("Tale" + chapter);
      for (int i = 1; i < length; i++) {
        s.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
      }
      sentences.add(s.append('.').toString());
      written += length;
    }
    return String.join(" ", sentences);
  }
}
