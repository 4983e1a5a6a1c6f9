package io.fablestream.platform.model;

import io.fablestream.platform.config.Config;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How many tokens a model call takes, and whether it fits the model's context: the token arithmetic
 * that the gateways use to size each call, and that {@link BookBudget} (the sizes of a book's
 * calls) builds on.
 *
 * <p>Tokens are estimated, not counted (no tokenizer of every model is at hand): about 1.4 tokens a
 * word of English prose on the Llama 3, Qwen and GPT-4o tokenizers, a long word by its length (4
 * characters a token), a CJK character as a token. An answer's bound gets 10% more and a margin for
 * the JSON around it, so an answer of the words asked for is never cut.
 *
 * @param maxContext the most tokens one call's prompt and answer may take together
 * @param capSetting the setting that holds {@code maxContext}, for messages
 */
public record ContextBudget(int maxContext, String capSetting) {
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

  public ContextBudget {
    Objects.requireNonNull(capSetting);
    if (maxContext <= 0) {
      throw new IllegalArgumentException("need a positive context: " + maxContext);
    }
  }

  /** The context of the configured model server, and the setting that caps it. */
  public static ContextBudget from(Config config) {
    ModelSettings models = ModelSettings.from(config);
    String cap =
        models.provider() == ModelSettings.Provider.OPENAI
            ? OpenAiSettings.MAX_CONTEXT.name()
            : models.ollama().fixedContext() > 0
                ? "num_ctx in " + OllamaSettings.OPTIONS.name()
                : OllamaSettings.MAX_CONTEXT.name();
    return new ContextBudget(models.maxContext(), cap);
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

  /** The fewest words of an answer whose token count a book's tokens per word is learned from. */
  public static final int LEARNED_FROM_WORDS = 40;

  /**
   * A book's tokens per word, in hundredths, as the server counted a whole answer ({@code
   * eval_count}, {@code usage.completion_tokens}) of so many words: the JSON around the text counts
   * in, so it errs high. 0, nothing learned, from an answer too short to say much or a server that
   * counts nothing. The writer and the summarizer each learn their book's rate by this rule.
   *
   * @param outputTokens the answer's tokens as the server counted them
   * @param words the answer's words, as the book counts them
   */
  public static int learnedTokensPerWord(long outputTokens, int words) {
    return outputTokens > 0 && words >= LEARNED_FROM_WORDS
        ? (int) Math.min(Integer.MAX_VALUE, (outputTokens * 100 + words - 1) / words)
        : 0;
  }

  /**
   * A book's tokens per word, in hundredths: as learned from the server's counts ({@link
   * #learnedTokensPerWord}) when anything was, else the estimate for its language.
   *
   * @param learned the rate learned so far, 0 for none
   */
  public static int tokensPerWord(int learned, String language) {
    return learned > 0 ? learned : tokensPerWordHundredths(language);
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

  /**
   * The answer bound to ask again with when an answer was cut short by its bound: not a malformed
   * answer but a bound too small for this model's tokens per word, so twice the bound, as far as
   * the window allows. Empty when the bound already took all the window leaves: cut at the window's
   * own limit, the answer can never fit ({@link #stillWriting} says so).
   */
  public OptionalInt raisedAnswerBound(ModelRequest request) {
    int was = request.answerTokensOrDefault();
    int room = roomForAnswer(request);
    return was >= room ? OptionalInt.empty() : OptionalInt.of(Math.min(room, 2 * was));
  }

  /**
   * The message of a failure whose answer was cut short at all the window leaves ({@link
   * #raisedAnswerBound} is empty): the cap to raise, or what to ask for less of.
   *
   * @param request the text model's request whose answer was cut
   * @param what what the model was writing ("chapter 3")
   * @param less the other way out ("ask for fewer words per chapter")
   */
  public String stillWriting(ModelRequest request, String what, String less) {
    return "The text model "
        + request.model()
        + " was still writing "
        + what
        + " when its answer reached "
        + request.answerTokensOrDefault()
        + " tokens, all that "
        + capSetting
        + " = "
        + maxContext
        + " leaves after a prompt of "
        + promptTokens(request)
        + " tokens. Raise "
        + capSetting
        + " (up to the model's context length), or "
        + less
        + ".";
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
