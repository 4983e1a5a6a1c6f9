package io.fablestream.app;

import io.fablestream.platform.model.ollama.OllamaTestServer;
import io.fablestream.platform.model.ollama.ReceivedRequest;
import io.fablestream.platform.model.ollama.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The story script of {@link StoryOllama} with faults drawn at random for each model call, as a
 * model server under strain shows them: HTTP 500 with Ollama's error body, a call that takes longer
 * than the client's timeout, and a 200 whose text is not the JSON the request asked for.
 *
 * <p>One draw per call decides its fate: the latency function draws (it runs first, on the
 * request's thread) and leaves the fault for the responder on the same thread.
 */
final class FaultyOllama {
  /** What happened to one call. */
  enum Fate {
    ANSWERED,
    HTTP_500,
    TIMED_OUT,
    NOT_JSON
  }

  private final Random random;
  private final double http500;
  private final double timeouts;
  private final double notJson;
  private final Duration stall;
  private final Duration latency;
  private final StoryOllama story = new StoryOllama();
  private final ThreadLocal<Fate> fate = ThreadLocal.withInitial(() -> Fate.ANSWERED);
  private final Map<Fate, AtomicInteger> counts = new TreeMap<>();

  /**
   * @param seed the seed of the draws
   * @param http500 the share of calls answered 500
   * @param timeouts the share of calls held for {@code stall}
   * @param notJson the share of calls that ask for JSON and get prose
   * @param stall how long a timed-out call is held: longer than {@code ollama.timeout}
   * @param latency how long every other call takes, so books stay in flight a while
   */
  FaultyOllama(
      long seed,
      double http500,
      double timeouts,
      double notJson,
      Duration stall,
      Duration latency) {
    this.random = new Random(seed);
    this.http500 = http500;
    this.timeouts = timeouts;
    this.notJson = notJson;
    this.stall = stall;
    this.latency = latency;
    for (Fate f : Fate.values()) {
      counts.put(f, new AtomicInteger());
    }
  }

  /** Scripts the server with the story and these faults. */
  OllamaTestServer install(OllamaTestServer server) {
    return server.latency(this::latency).respondWith(this::reply);
  }

  /** How many calls met each fate so far. */
  Map<Fate, Integer> counts() {
    Map<Fate, Integer> copy = new TreeMap<>();
    counts.forEach((f, n) -> copy.put(f, n.get()));
    return copy;
  }

  private Duration latency(ReceivedRequest request) {
    double draw;
    synchronized (random) {
      draw = random.nextDouble();
    }
    Fate drawn;
    if (draw < timeouts) {
      drawn = Fate.TIMED_OUT;
    } else if (draw < timeouts + http500) {
      drawn = Fate.HTTP_500;
    } else if (draw < timeouts + http500 + notJson && request.format() != null) {
      drawn = Fate.NOT_JSON;
    } else {
      drawn = Fate.ANSWERED;
    }
    fate.set(drawn);
    counts.get(drawn).incrementAndGet();
    return drawn == Fate.TIMED_OUT ? stall : latency;
  }

  private Reply reply(ReceivedRequest request) {
    Fate drawn = fate.get();
    fate.remove();
    return switch (drawn) {
      case HTTP_500 -> Reply.error(500, "an error was encountered while running the model");
      case NOT_JSON ->
          Reply.text("Sure! Here is what you asked for, as a story rather than JSON: once upon a");
      // A timed-out call's answer goes to a client that has left; what it is does not matter.
      case TIMED_OUT, ANSWERED -> story.apply(request);
    };
  }
}
