package io.fablestream.bench;

import io.fablestream.platform.model.ollama.OllamaTestServer;
import io.fablestream.platform.model.ollama.ReceivedRequest;
import io.fablestream.platform.model.ollama.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An Ollama server under load, for benchmarks: the {@link OllamaTestServer}'s HTTP API and JSON,
 * with P parallel slots (Ollama's {@code OLLAMA_NUM_PARALLEL}) behind a fair queue, a latency per
 * kind of call held on a slot, answers in the shapes the services ask for ({@link
 * SimulatedAnswers}), and a log of every call's arrival, start and end.
 *
 * <p>Past {@code maxQueue} waiting requests it answers 503 {@code server busy}, as Ollama does past
 * {@code OLLAMA_MAX_QUEUE}.
 */
public final class OllamaLoadSimulator implements AutoCloseable {
  /** Ollama's default {@code OLLAMA_MAX_QUEUE}. */
  public static final int DEFAULT_MAX_QUEUE = 512;

  private final OllamaTestServer server;
  private final int parallel;
  private final int maxQueue;
  private final Latencies latencies;
  private final Semaphore slots;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicInteger stories = new AtomicInteger();
  private final AtomicLong seeds = new AtomicLong(1);
  private final Queue<SimulatedCall> calls = new ConcurrentLinkedQueue<>();

  private OllamaLoadSimulator(
      OllamaTestServer server, int parallel, int maxQueue, Latencies latencies) {
    this.server = server;
    this.parallel = parallel;
    this.maxQueue = maxQueue;
    this.latencies = latencies;
    // Fair: requests get slots in the order they arrived, as Ollama's scheduler queue serves them.
    this.slots = new Semaphore(parallel, true);
  }

  /** Starts a simulator with P slots and these latencies, serving the given models. */
  public static OllamaLoadSimulator start(int parallel, Latencies latencies, String... models) {
    return start(parallel, DEFAULT_MAX_QUEUE, latencies, models);
  }

  /** Starts a simulator with P slots, a queue bound, these latencies and models. */
  public static OllamaLoadSimulator start(
      int parallel, int maxQueue, Latencies latencies, String... models) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel slots must be at least 1, not " + parallel);
    }
    OllamaTestServer server = OllamaTestServer.start(models);
    OllamaLoadSimulator simulator = new OllamaLoadSimulator(server, parallel, maxQueue, latencies);
    server.respondWith(simulator::serve);
    return simulator;
  }

  /** The base URL, as OLLAMA_HOST would name it. */
  public URI uri() {
    return server.uri();
  }

  /** The number of parallel slots. */
  public int parallel() {
    return parallel;
  }

  /** The latencies the slots take. */
  public Latencies latencies() {
    return latencies;
  }

  /** Every call served so far, in order of start. */
  public List<SimulatedCall> calls() {
    List<SimulatedCall> all = new ArrayList<>(calls);
    all.sort(Comparator.comparingLong(SimulatedCall::started));
    return all;
  }

  /** Forgets the calls served so far (after a warm-up). */
  public void clearCalls() {
    calls.clear();
  }

  /** Requests waiting for a slot right now. */
  public int waiting() {
    return waiting.get();
  }

  @Override
  public void close() {
    server.close();
  }

  private Reply serve(ReceivedRequest request) {
    long arrived = System.nanoTime();
    CallPurpose purpose = CallPurpose.of(request);
    String prompt = request.prompt() == null ? "" : request.prompt();
    int story =
        purpose == CallPurpose.VISION ? stories.incrementAndGet() : SimulatedAnswers.story(prompt);
    int chapter = SimulatedAnswers.chapter(purpose, prompt);
    if (waiting.incrementAndGet() > maxQueue + parallel) {
      waiting.decrementAndGet();
      return Reply.error(503, "server busy, please try again.  maximum pending requests exceeded");
    }
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      waiting.decrementAndGet();
      return Reply.error(503, "server shutting down");
    }
    waiting.decrementAndGet();
    long started = System.nanoTime();
    try {
      hold(latencies.of(purpose));
      String text = SimulatedAnswers.answer(purpose, story, prompt, seeds.getAndIncrement());
      long ended = System.nanoTime();
      calls.add(new SimulatedCall(purpose, story, chapter, arrived, started, ended));
      return Reply.text(text).withTotalDuration(Duration.ofNanos(ended - started));
    } finally {
      slots.release();
    }
  }

  private static void hold(Duration latency) {
    if (latency.isZero() || latency.isNegative()) {
      return;
    }
    try {
      Thread.sleep(latency);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
