package io.fablestream.platform.model;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * What the text model servers' test doubles (Ollama's API, the OpenAI API's) do the same: answer
 * each generation as a script says ({@link #respondWith}), count tokens with a tokenizer's habits
 * ({@link #tokenTable}), and keep the prompts they were sent. No limit on parallel answers and no
 * latency unless set.
 *
 * @param <S> the server's own type, which its setters return
 * @param <R> the server's reading of a request
 * @param <A> the server's scripted answer
 */
public abstract class TextModelTestServer<
        S extends TextModelTestServer<S, R, A>, R extends TextModelTestServer.Prompted, A>
    extends LoopbackTestServer<S, R> implements ModelTestServer {
  /** A request as the prompt log reads it. */
  public interface Prompted extends LoopbackTestServer.Arrived {
    /** The system prompt, or null. */
    String system();

    /** The prompt, or null. */
    String prompt();
  }

  private volatile Function<R, A> responder;
  private volatile TokenTable tokenTable = ModelHabits.TOKENIZER;

  protected TextModelTestServer(Api<R> api) {
    super(api, Integer.MAX_VALUE, Duration.ZERO);
    this.responder = request -> reply("Once upon a time there was a lighthouse.");
  }

  /** The API's answer with this text. */
  protected abstract A reply(String text);

  /** Whether the request asks for a generation, whose prompt {@link #prompts} keeps. */
  protected abstract boolean generates(R request);

  /** Answers every generation with what the function makes of it. */
  public S respondWith(Function<R, A> script) {
    this.responder = script;
    return self();
  }

  /** Answers every generation with this text. */
  @Override
  public S answer(String text) {
    return respondWith(request -> reply(text));
  }

  /**
   * Counts tokens as this tokenizer does, for the book's language read from the prompt: the counts
   * reported and where the request's token limit cuts an answer. {@link ModelHabits#TOKENIZER}
   * (Llama 3's) unless set; {@link TokenTable#WORDS} charges a token a word.
   */
  public S tokenTable(TokenTable table) {
    this.tokenTable = table;
    return self();
  }

  /**
   * The text prompts received, in order of arrival: each generation's system message and prompt
   * joined by a line break, so a test can measure the prefix a cache would reuse ({@link
   * PromptPrefixes}).
   */
  @Override
  public List<String> prompts() {
    return log.all().stream()
        .filter(r -> generates(r) && r.prompt() != null)
        .map(r -> r.system() == null ? r.prompt() : r.system() + "\n" + r.prompt())
        .toList();
  }

  /** The scripted answer to the request. */
  protected A replyTo(R request) {
    return responder.apply(request);
  }

  /**
   * A generation of this text for the request, as the servers make it: tokens charged by the table
   * for the book's language the prompt names, and the text cut at the limit (-1 for none).
   *
   * @param promptTokens the prompt's tokens as scripted, or null to count them
   * @param outputTokens the answer's tokens as scripted, or null to count them
   */
  protected static ModelHabits.Generation generate(
      TokenTable table,
      Prompted request,
      String text,
      Integer promptTokens,
      Integer outputTokens,
      int limit) {
    return ModelHabits.generate(
        table, request.system(), request.prompt(), text, promptTokens, outputTokens, limit);
  }

  /** The tokenizer the answers count with. */
  protected TokenTable tokenTable() {
    return tokenTable;
  }
}
