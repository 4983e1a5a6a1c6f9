package io.fablestream.platform.model;

import java.time.Duration;
import java.util.List;

/**
 * What a model server's test double does the same whichever API it speaks: script its answer, queue
 * faults for the next calls, count what arrived. The Ollama and the OpenAI-API test servers
 * implement it, so {@link ModelGatewayContract} runs the same cases against both.
 */
public interface ModelTestServer extends AutoCloseable {
  /** Answers every generation with this text. */
  ModelTestServer answer(String text);

  /** The next n requests get the server's own HTTP 500. */
  ModelTestServer failNext(int n);

  /** The next n requests get this status and error message, in the API's error body. */
  ModelTestServer failNext(int n, int status, String message);

  /** The next n requests wait this long before their answer (longer than a client's timeout). */
  ModelTestServer stallNext(int n, Duration delay);

  /** The next n requests get HTTP 200 with a body that is not JSON (cut off mid-object). */
  ModelTestServer malformedNext(int n);

  /**
   * The text prompts that arrived, in order: each generation's system message and prompt joined by
   * a line break, for measuring the prefix a server's cache would reuse ({@link PromptPrefixes}).
   */
  List<String> prompts();

  /** How many requests arrived, refused and faulted ones included. */
  int calls();

  @Override
  void close();
}
