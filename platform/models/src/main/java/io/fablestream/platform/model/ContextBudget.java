package io.fablestream.platform.model;

import io.fablestream.platform.config.Config;
import java.util.Objects;

/**
 * How many tokens a model call takes, and whether a book's calls fit the model's context: the one
 * place for the arithmetic that the gateway uses to size each call and the analyzer uses to refuse
 * a book at intake that could never be written.
 *
 * <p>Tokens are estimated, not counted (no tokenizer of every model is at hand): about 1.4 tokens a
 * word of English prose on the Llama 3, Qwen and GPT-4o tokenizers, a long word by its length (4
 * characters a token), a CJK character as a token. An answer's bound gets 10% more and a margin for
 * the JSON around it, so an answer of the words asked for is never cut. Every size of a book's
 * calls below is a worst case: each text a call carries was itself an answer bounded by its request
 * ({@link #ANALYSIS_WORDS}, {@link #SUMMARY_WORDS}, the longest chapter), so a book that passes the
 * check cannot outgrow the window later.
 *
 * @param maxContext the most tokens one call's prompt and answer may take together
 * @param capSetting the setting that holds {@code maxContext}, for messages
 * @param passages how many passages story memory retrieves before each chapter
 * @param passageChars the most characters in one retrieved passage
 */
public record ContextBudget(int maxContext, String capSetting, int passages, int passageChars) {
  /** Tokens per word of English prose (Llama 3: about 1.3; allow for names and punctuation). */
  static final int TOKENS_PER_WORD_TENTHS = 14;

  /** Characters per token, for a word longer than most. */
  static final int CHARS_PER_TOKEN = 4;

  /** An answer's bound, in hundredths of a token per word: 1.4 tokens with 10% to spare. */
  static final int ANSWER_TOKENS_PER_WORD_HUNDREDTHS = 154;

  /** Tokens beyond an answer's words: the JSON keys, quotes and escapes around the text. */
  static final int ANSWER_MARGIN = 64;

  /** The chat template's tokens around the prompt: role headers, begin and end markers. */
  public static final int TEMPLATE_TOKENS = 64;

  /**
   * The tokens one picture takes in the context: LLaVA 1.6's most (a 672 x 672 grid of five
   * 576-token tiles); Qwen2.5-VL takes about 1,300 for a 1024-pixel side.
   */
  public static final int IMAGE_TOKENS = 2880;

  /** The smallest window a call asks Ollama for (its own default), and the first rung. */
  public static final int MIN_WINDOW = OllamaSettings.MIN_CONTEXT;

  /** The answer bound of a request that names none. */
  public static final int DEFAULT_ANSWER_WORDS = 1000;

  /** The most words the vision model's analysis may have (setting, characters, conflicts...). */
  public static final int ANALYSIS_WORDS = 400;

  /** The most words of the judge's answer: a score and the conflicts it names, copied out. */
  public static final int JUDGE_WORDS = 200;

  /** The most words of an arc summary (three sentences are asked for). */
  public static final int SUMMARY_WORDS = 150;

  /**
   * The most words of the book's synopsis: a blurb of 60 to 120 words is asked for, and a longer
   * one is asked for again, so the bound lets an overlong blurb end whole rather than be cut.
   */
  public static final int SYNOPSIS_WORDS = 200;

  /** The longest chapter the validator accepts, as a share of the target length. */
  public static final double LONGEST_CHAPTER = 1.6;

  /** The chapter prompt's own words: the system prompt, headings, instructions and length. */
  static final int CHAPTER_INSTRUCTION_WORDS = 320;

  /**
   * How many of the latest arc summaries a chapter prompt carries whole; the older ones are folded
   * into one "story so far" of at most {@link #BOOK_SO_FAR_WORDS} words.
   */
  public static final int KEPT_ARC_SUMMARIES = 3;

  /** The most words of the folded older arcs in a chapter prompt. */
  public static final int BOOK_SO_FAR_WORDS = 120;

  /** Words of the previous chapter's end that a chapter prompt quotes. */
  static final int PREVIOUS_ENDING_WORDS = 80;

  /** A rewrite's header and notes, besides the conflicts and mood the notes repeat. */
  static final int FEEDBACK_WORDS = 120;

  /** The book's title in a prompt: at most 200 characters. */
  static final int TITLE_TOKENS = 64;

  /** The label before a retrieved passage or a summary ("[chapter 12] ", "Chapters 1-5: "). */
  static final int LABEL_TOKENS = 8;

  /** The judge prompt's own words. */
  static final int JUDGE_INSTRUCTION_WORDS = 100;

  /** The summary prompt's own words. */
  static final int SUMMARY_INSTRUCTION_WORDS = 80;

  /** The synopsis prompt's own words, a retry's feedback included. */
  static final int SYNOPSIS_INSTRUCTION_WORDS = 120;

  /** The vision prompt's own words, system prompt included. */
  static final int VISION_INSTRUCTION_WORDS = 200;

  public ContextBudget {
    Objects.requireNonNull(capSetting);
    if (maxContext <= 0 || passages < 0 || passageChars < 0) {
      throw new IllegalArgumentException(
          "need a positive context and no negative passages: " + maxContext + ", " + passages);
    }
  }

  /** The budget of the configured model server and story memory. */
  public static ContextBudget from(Config config) {
    ModelSettings models = ModelSettings.from(config);
    String cap =
        models.provider() == ModelSettings.Provider.OPENAI
            ? OpenAiSettings.MAX_CONTEXT.name()
            : models.ollama().fixedContext() > 0
                ? "num_ctx in " + OllamaSettings.OPTIONS.name()
                : OllamaSettings.MAX_CONTEXT.name();
    return new ContextBudget(
        models.maxContext(),
        cap,
        config.integer(RetrievalKeys.RETRIEVAL_K, 1, 100),
        config.integer(RetrievalKeys.CHUNK_SIZE, 20, 100_000));
  }

  // ---- one call ----

  /** The estimated tokens of a text: 1.4 a word, a long word by its length, a CJK character one. */
  public static int tokens(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    long tenths = 0;
    int wordChars = 0;
    int[] points = text.codePoints().toArray();
    for (int i = 0; i <= points.length; i++) {
      boolean end = i == points.length || Character.isWhitespace(points[i]);
      if (!end && isIdeograph(points[i])) {
        tenths += 10;
        end = true;
      } else if (!end) {
        wordChars++;
      }
      if (end && wordChars > 0) {
        tenths += Math.max(TOKENS_PER_WORD_TENTHS, (wordChars * 10L) / CHARS_PER_TOKEN);
        wordChars = 0;
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, (tenths + 9) / 10);
  }

  /** The estimated tokens of so many words of prose. */
  public static int wordTokens(int words) {
    return (words * TOKENS_PER_WORD_TENTHS + 9) / 10;
  }

  /**
   * The bound on an answer of at most {@code words} words: {@code num_predict} for Ollama, {@code
   * max_tokens} for an OpenAI-compatible server.
   */
  public static int answerTokens(int words) {
    return (int) ((words * (long) ANSWER_TOKENS_PER_WORD_HUNDREDTHS + 99) / 100) + ANSWER_MARGIN;
  }

  /**
   * Tokens per word of a language's prose, in hundredths: the most of Llama 3's and Qwen 2.5's
   * tokenizers as measured on translated prose (Llama 3: en 1.19, de 1.71, ru 2.06, ko 2.28, el
   * 2.43, hi 2.57; Qwen 2.5: el 4.82, hi 4.78, ko 2.66, ru 2.28), rounded up. A word of a script
   * written without spaces is two characters, about a token each. The first answer of a book is
   * sized from this; later ones from what the server counted for earlier answers.
   */
  public static int tokensPerWordHundredths(String language) {
    String primary =
        java.util.Locale.forLanguageTag(language == null ? "en" : language).getLanguage();
    return switch (primary) {
      case "en", "" -> TOKENS_PER_WORD_TENTHS * 10;
      case "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "nb", "ca", "ro", "pl", "cs" ->
          180;
      case "ru", "uk", "bg", "sr", "be", "mk" -> 230;
      case "ko" -> 270;
      case "el" -> 490;
      case "hi", "mr", "ne", "bn", "ta", "te" -> 490;
      case "zh", "ja", "th", "lo", "km", "my" -> 200;
      default -> 250;
    };
  }

  /**
   * The bound on an answer of at most {@code words} words at so many hundredths of a token a word,
   * with 10% to spare and the JSON's margin.
   */
  public static int answerTokens(int words, int tokensPerWordHundredths) {
    long hundredThousandths = (long) words * tokensPerWordHundredths * 110;
    return (int) ((hundredThousandths + 9_999) / 10_000) + ANSWER_MARGIN;
  }

  /** The tokens a request's prompt takes: template, system prompt, prompt and pictures. */
  public static int promptTokens(ModelRequest request) {
    return TEMPLATE_TOKENS
        + tokens(request.system())
        + tokens(request.prompt())
        + IMAGE_TOKENS * request.images().size();
  }

  /**
   * The answer bound of a request, after checking that its prompt and that answer fit.
   *
   * @param raiseHint how to say the cap may go higher (", up to the model's context length")
   * @throws ModelException {@code REJECTED} when they do not fit: the call is never sent
   */
  public int requireFits(ModelRequest request, String raiseHint) {
    int answer = request.answerTokensOrDefault();
    int prompt = promptTokens(request);
    if (!fits(prompt + answer)) {
      throw new ModelException(
          ModelException.Kind.REJECTED,
          "The call to model "
              + request.model()
              + " needs about "
              + (prompt + answer)
              + " tokens (a prompt of "
              + prompt
              + " and an answer of up to "
              + answer
              + "), more than "
              + capSetting
              + " = "
              + maxContext
              + " allows. Ask for fewer words, or raise "
              + capSetting
              + raiseHint
              + ".",
          0,
          null);
    }
    return answer;
  }

  /** The most tokens an answer to this request could have in the window: what its prompt leaves. */
  public int roomForAnswer(ModelRequest request) {
    return Math.max(0, maxContext - promptTokens(request));
  }

  /** Whether a call of so many tokens, prompt and answer together, fits the context. */
  public boolean fits(int tokens) {
    return tokens <= maxContext;
  }

  /**
   * The window to ask for a call of so many tokens: the smallest of 4096, 8192, 16384... that holds
   * it, or the cap. Few sizes, because Ollama reloads a model whenever the window changes.
   *
   * @throws IllegalArgumentException when the call does not fit ({@link #fits})
   */
  public int window(int tokens) {
    if (!fits(tokens)) {
      throw new IllegalArgumentException(tokens + " tokens do not fit " + maxContext);
    }
    long rung = MIN_WINDOW;
    while (rung < tokens) {
      rung *= 2;
    }
    return (int) Math.min(rung, maxContext);
  }

  // ---- a book's calls ----

  /** The longest chapter the validator accepts for a target length, in words. */
  public static int longestChapter(int wordsPerChapter) {
    return (int) Math.floor(wordsPerChapter * LONGEST_CHAPTER);
  }

  /** The vision call: its prompt, the picture and the analysis. */
  public int visionCall() {
    return TEMPLATE_TOKENS
        + wordTokens(VISION_INSTRUCTION_WORDS)
        + IMAGE_TOKENS
        + answerTokens(ANALYSIS_WORDS);
  }

  /**
   * The largest chapter prompt of a book, the system prompt included: the instructions, the title,
   * the latest {@link #KEPT_ARC_SUMMARIES} arc summaries and the older ones folded, the previous
   * chapter's end, the retrieved passages, the analysis, and a rewrite's feedback (which repeats
   * the conflicts and the mood).
   */
  public int chapterPrompt(int chapterCount, int arcLength) {
    int arcs = Math.max(0, (chapterCount - 1) / Math.max(1, arcLength));
    int summaries = Math.min(arcs, KEPT_ARC_SUMMARIES);
    int folded = arcs > KEPT_ARC_SUMMARIES ? wordTokens(BOOK_SO_FAR_WORDS) + LABEL_TOKENS : 0;
    return TEMPLATE_TOKENS
        + wordTokens(CHAPTER_INSTRUCTION_WORDS + PREVIOUS_ENDING_WORDS + FEEDBACK_WORDS)
        + TITLE_TOKENS
        + 2 * answerTokens(ANALYSIS_WORDS)
        + passages * (passageChars / CHARS_PER_TOKEN + LABEL_TOKENS)
        + summaries * (answerTokens(SUMMARY_WORDS) + LABEL_TOKENS)
        + folded;
  }

  /**
   * The largest chapter call of a book: its prompt, the draft a rewrite revises or a later part
   * continues (at most the longest chapter accepted), and the longest chapter accepted.
   */
  public int chapterCall(int wordsPerChapter, int chapterCount, int arcLength) {
    return chapterPrompt(chapterCount, arcLength)
        + 2 * answerTokens(longestChapter(wordsPerChapter));
  }

  /** The judge's call: its instructions, the mood and conflicts, the chapter, its answer. */
  public int judgeCall(int wordsPerChapter) {
    return TEMPLATE_TOKENS
        + wordTokens(JUDGE_INSTRUCTION_WORDS)
        + answerTokens(ANALYSIS_WORDS)
        + answerTokens(longestChapter(wordsPerChapter))
        + answerTokens(JUDGE_WORDS);
  }

  /** The largest arc summary call: the previous summary and every chapter of the longest arc. */
  public int summaryCall(int wordsPerChapter, int chapterCount, int arcLength) {
    int chapters = Math.min(Math.max(1, arcLength), Math.max(1, chapterCount));
    return TEMPLATE_TOKENS
        + wordTokens(SUMMARY_INSTRUCTION_WORDS)
        + answerTokens(SUMMARY_WORDS)
        + chapters * (answerTokens(longestChapter(wordsPerChapter)) + LABEL_TOKENS)
        + answerTokens(SUMMARY_WORDS);
  }

  /** The synopsis call after the last arc: every arc's summary, and the blurb. */
  public int synopsisCall(int chapterCount, int arcLength) {
    int length = Math.max(1, arcLength);
    int arcs = (Math.max(1, chapterCount) + length - 1) / length;
    return TEMPLATE_TOKENS
        + wordTokens(SYNOPSIS_INSTRUCTION_WORDS)
        + arcs * (answerTokens(SUMMARY_WORDS) + LABEL_TOKENS)
        + answerTokens(SYNOPSIS_WORDS);
  }

  /** Whether every call of a book of this shape fits the context. */
  public boolean bookFits(int wordsPerChapter, int chapterCount, int arcLength) {
    return fits(visionCall())
        && fits(chapterCall(wordsPerChapter, chapterCount, arcLength))
        && fits(judgeCall(wordsPerChapter))
        && fits(summaryCall(wordsPerChapter, chapterCount, arcLength))
        && fits(synopsisCall(chapterCount, arcLength));
  }

  /**
   * The largest target length, at most {@code upTo} words, at which every call of a book of this
   * shape fits the context; 0 when none does.
   */
  public int largestWordsPerChapter(int chapterCount, int arcLength, int upTo) {
    // Every call grows with the words, so the words that fit are the ones below a threshold.
    int low = 0;
    int high = upTo;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (bookFits(mid, chapterCount, arcLength)) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  private static boolean isIdeograph(int codePoint) {
    Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL
        || script == Character.UnicodeScript.THAI
        || script == Character.UnicodeScript.LAO
        || script == Character.UnicodeScript.KHMER
        || script == Character.UnicodeScript.MYANMAR;
  }
}
