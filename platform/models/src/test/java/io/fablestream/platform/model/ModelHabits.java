package io.fablestream.platform.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a real 7-8B model does that a tidy fake does not, in one place for every test model: the
 * Ollama and the OpenAI-API test servers charge and cut with it ({@link #generate}), and the
 * scripts that answer for a whole book (the app's story model, the bench's simulated answers,
 * chapter-service's story model) write with it. Each habit is measured on real models:
 *
 * <ul>
 *   <li>tokens per word depend on the book's language and the tokenizer ({@link TokenTable}); a
 *       server charges Llama 3's table ({@link #TOKENIZER}) unless a test sets another;
 *   <li>an answer stops at the request's bound ({@code num_predict}, {@code max_tokens}) with
 *       {@code done_reason}/{@code finish_reason} {@code "length"}, a JSON answer left open;
 *   <li>asked for more than {@value #LONG_CHAPTER_WORDS} words, a model writes about 60% of them
 *       ({@link #wordsWritten}; LongWriter and HelloBench measure it);
 *   <li>a free-text answer opens with a preamble ({@link #summaryPreamble}, {@link
 *       #blurbPreamble}), inside the JSON's string when a schema was asked for;
 *   <li>a judge rates almost any chapter 8 of 10 (a tone of {@value #LENIENT_TONE} of 5) unless the
 *       evidence says otherwise ({@link #judgement}).
 * </ul>
 */
public final class ModelHabits {
  /** The tokenizer a test server charges with unless a test sets another: llama3.1:8b's. */
  public static final TokenTable TOKENIZER = TokenTable.LLAMA_3;

  /** Above this many words asked, a 7-8B model writes about 60% of them. */
  public static final int LONG_CHAPTER_WORDS = 800;

  /** The tone a lenient judge gives a chapter whose evidence holds: 4 of 5, 8 of 10. */
  public static final int LENIENT_TONE = 4;

  /** The preamble Llama 3.1 opens a back-cover blurb with, before a bold title. */
  public static final String BLURB_PREAMBLE = "Here is a back-cover blurb:";

  private static final Pattern JUDGED =
      Pattern.compile("The chapter, \"[^\"]*\":\n(.*?)\n\nAnswer in JSON", Pattern.DOTALL);

  /** The end of a sentence, in a script with spaces or without (Chinese, Japanese). */
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?。！？]");

  private ModelHabits() {}

  /** The words a model writes when asked for {@code asked}: 60% of a long answer. */
  public static int wordsWritten(int asked) {
    return asked > LONG_CHAPTER_WORDS ? asked * 6 / 10 : asked;
  }

  /**
   * The line Llama 3.1 opens a summary with, such as "Here is a summary of chapters 1 to 5 in three
   * sentences:".
   *
   * @param span the chapters summarised, such as {@code "1 to 5"}
   */
  public static String summaryPreamble(String span) {
    return "Here is a summary of chapters " + span + " in three sentences:\n\n";
  }

  /** The preamble and bold title Llama 3.1 opens a blurb with. */
  public static String blurbPreamble(String title) {
    return BLURB_PREAMBLE + "\n\n**" + title + "**\n\n";
  }

  /**
   * A free-text answer as a real model gives it: the preamble, then the text; as the JSON object
   * {@code {field: ...}} when a schema was asked for (a constrained model still writes its preamble
   * inside the string).
   */
  public static String freeText(String text, String preamble, String field, boolean json) {
    String answer = preamble + text;
    return json ? jsonObject(field, answer) : answer;
  }

  /** {@code {"field": "text"}}, the text escaped for JSON. */
  public static String jsonObject(String field, String text) {
    return "{\"" + field + "\": \"" + escaped(text) + "\"}";
  }

  /**
   * The judge's answer to chapter-service's judge prompt, as a lenient model constrained to the
   * judge's schema gives it: evidence first (the first conflict, advanced by the chapter's first
   * sentence), no contradiction, and a tone of {@value #LENIENT_TONE}. Only when the evidence says
   * otherwise, a chapter without a sentence to quote (empty, or cut before its first full stop),
   * does it give no evidence and a tone of 2. A prompt it cannot read the chapter from is rated
   * leniently all the same, its evidence an empty sentence.
   */
  public static String judgement(String prompt) {
    Matcher judged = JUDGED.matcher(prompt);
    String first = "";
    if (judged.find()) {
      String text = judged.group(1).strip();
      Matcher end = SENTENCE_END.matcher(text);
      if (!end.find() || end.start() == 0) {
        return "{\"evidence\": [], \"contradictions\": [], \"tone\": 2}";
      }
      first = text.substring(0, end.end()).replace("\"", "'");
    }
    return "{\"evidence\": [{\"conflict\": \"1\", \"sentence\": \""
        + escaped(first)
        + "\"}], \"contradictions\": [], \"tone\": "
        + LENIENT_TONE
        + "}";
  }

  /**
   * What a server sends back for a generation: the prompt's tokens, and the answer after the
   * request's bound, both by the tokenizer's table for the language the prompt names.
   *
   * @param claimedPrompt the prompt tokens a script states, or null to count them
   * @param claimedOutput the output tokens a script states, or null to count them
   * @param limit the request's bound ({@code num_predict}, {@code max_tokens}), or -1 for none
   */
  public static Generation generate(
      TokenTable table,
      String system,
      String prompt,
      String text,
      Integer claimedPrompt,
      Integer claimedOutput,
      int limit) {
    String language = TokenTable.languageOf(system, prompt);
    int promptTokens =
        claimedPrompt != null
            ? claimedPrompt
            : table.count(system, language) + table.count(prompt, language);
    TokenTable.Cut cut =
        claimedOutput != null
            ? table.cutClaimed(text, language, claimedOutput, limit)
            : table.cut(text, language, limit);
    return new Generation(language, promptTokens, cut);
  }

  /**
   * A generation as a server reports it.
   *
   * @param language the book's language read from the prompt, for streaming the pieces
   * @param promptTokens {@code prompt_eval_count}, {@code prompt_tokens}
   * @param cut the text sent, its tokens and whether the bound stopped it
   */
  public record Generation(String language, int promptTokens, TokenTable.Cut cut) {
    /** {@code "length"} when the bound stopped the answer, else {@code "stop"}. */
    public String reason() {
      return cut.cut() ? "length" : "stop";
    }
  }

  private static String escaped(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
