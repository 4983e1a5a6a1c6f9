package io.fablestream.platform.calls;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls one process runs off its stream threads, at most {@code parallelism} at a time, the
 * rest waiting in one queue in the order they arrived, whatever thread, task or service issued
 * them: for model calls, {@code model.parallelism} slots, so that instances times slots is what the
 * model servers can run at once.
 *
 * <p>A call is known by its service and id. Issuing an id that is already queued or running joins
 * it instead of calling again: when a task moves to another thread of this process and its new
 * owner issues the task's pending calls again, the calls still running keep running and their
 * answers reach the new owner. A finished call stays known until its owner {@link #release
 * releases} it; one nobody claims (its task moved to another process) is forgotten {@link
 * #UNCLAIMED_RETENTION} after it finished.
 *
 * <p>Time is read from a clock given at construction (monotonic nanoseconds, {@link
 * System#nanoTime} outside tests), so a test can move it past the retention.
 *
 * <p>Gauges, per service: {@code fablestream.calls.in.flight} and {@code fablestream.calls.queued},
 * tagged {@code lane} (model, io, image) and {@code service}.
 */
public final class CallSlots implements AutoCloseable {
  /** How long a finished call nobody released is remembered. */
  static final Duration UNCLAIMED_RETENTION = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(CallSlots.class);

  private final String lane;
  private final int parallelism;
  private final MeterRegistry registry;
  private final Executor executor;
  private final Runnable shutdown;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Map<String, Counts> counts = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;
  private volatile long lastSweep;

  /**
   * @param lane the lane's name in thread names and meters: {@code model}, {@code io} or {@code
   *     image}
   * @param parallelism how many calls run at once
   * @param registry where the gauges go; null for none
   */
  public CallSlots(String lane, int parallelism, MeterRegistry registry) {
    this(lane, parallelism, registry, threads(lane, parallelism));
  }

  private CallSlots(String lane, int parallelism, MeterRegistry registry, ExecutorService pool) {
    this(lane, parallelism, registry, pool, pool::shutdownNow, System::nanoTime);
  }

  private CallSlots(
      String lane,
      int parallelism,
      MeterRegistry registry,
      Executor executor,
      Runnable shutdown,
      LongSupplier nanoClock) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
    this.lane = lane;
    this.parallelism = parallelism;
    this.registry = registry;
    this.executor = executor;
    this.shutdown = shutdown;
    this.nanoClock = nanoClock;
    this.lastSweep = nanoClock.getAsLong();
  }

  /**
   * Slots whose calls run on the given executor, for tests that decide when a call runs: {@code
   * Runnable::run} runs each call at once on the thread that issues it, and a queue the test drains
   * runs them when the test says.
   */
  public static CallSlots on(String lane, Executor executor, MeterRegistry registry) {
    return on(lane, executor, registry, System::nanoTime);
  }

  /**
   * Slots on the given executor that read the time from {@code nanoClock} (monotonic nanoseconds),
   * for tests that move time on to see unclaimed calls forgotten.
   */
  static CallSlots on(
      String lane, Executor executor, MeterRegistry registry, LongSupplier nanoClock) {
    return new CallSlots(lane, 1, registry, executor, () -> {}, nanoClock);
  }

  private static ExecutorService threads(String lane, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
    }
    AtomicInteger threads = new AtomicInteger();
    // One FIFO queue: calls start in the order they were issued, so no book is starved.
    return new ThreadPoolExecutor(
        parallelism,
        parallelism,
        0L,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(),
        work -> {
          Thread thread = new Thread(work, "fablestream-" + lane + "-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** The lane's name. */
  public String lane() {
    return lane;
  }

  /** How many calls run at once. */
  public int parallelism() {
    return parallelism;
  }

  /** Registers a service's gauges at 0, so a dashboard finds them before the first call. */
  public void register(String service) {
    countsOf(service);
  }

  /**
   * Queues a call, or joins the one already queued or running under the same service and id.
   *
   * @return the call's answer, completed on a slot's thread
   */
  public CompletableFuture<Object> submit(String service, String id, Supplier<?> work) {
    sweepNow();
    String key = key(service, id);
    Job fresh = new Job(countsOf(service), work);
    Job job = jobs.compute(key, (k, known) -> known != null && !known.cancelled() ? known : fresh);
    if (job == fresh) {
      fresh.counts.queued.incrementAndGet();
      try {
        executor.execute(fresh);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Closed: the process is stopping, and the call is issued again on the next start.
        fresh.counts.queued.decrementAndGet();
        jobs.remove(key, fresh);
        fresh.result.completeExceptionally(e);
      }
    }
    return job.result;
  }

  /** Forgets a call whose answer its owner has applied or dropped. */
  public void release(String service, String id) {
    jobs.remove(key(service, id));
  }

  /**
   * Withdraws a call that has not started: it will never run. A call already running runs to its
   * end (its answer is dropped by its owner), since a model cannot be stopped mid-answer cheaply.
   */
  public void withdraw(String service, String id) {
    Job job = jobs.get(key(service, id));
    if (job != null && job.withdraw()) {
      jobs.remove(key(service, id), job);
    }
  }

  /** Calls running now, over every service. */
  public int inFlight() {
    return counts.values().stream().mapToInt(c -> c.inFlight.get()).sum();
  }

  /** Calls waiting for a slot now, over every service. */
  public int queued() {
    return counts.values().stream().mapToInt(c -> c.queued.get()).sum();
  }

  /**
   * Stops: queued calls never run, running ones are interrupted (an HTTP call gives up). Their
   * owners have recorded them, so the next start issues them again.
   */
  @Override
  public void close() {
    shutdown.run();
    for (Job job : jobs.values()) {
      job.result.cancel(false);
    }
    jobs.clear();
  }

  private Counts countsOf(String service) {
    return counts.computeIfAbsent(
        service,
        s -> {
          Counts c = new Counts();
          if (registry != null) {
            Gauge.builder("fablestream.calls.in.flight", c.inFlight, AtomicInteger::get)
                .description("Calls running off the stream threads now, by lane and service")
                .tag("lane", lane)
                .tag("service", s)
                .register(registry);
            Gauge.builder("fablestream.calls.queued", c.queued, AtomicInteger::get)
                .description("Calls waiting for a slot of their lane, by lane and service")
                .tag("lane", lane)
                .tag("service", s)
                .register(registry);
          }
          return c;
        });
  }

  /** Forgets finished calls nobody claimed for a while; at most once a minute. */
  private void sweepNow() {
    long now = nanoClock.getAsLong();
    if (now - lastSweep < TimeUnit.MINUTES.toNanos(1)) {
      return;
    }
    lastSweep = now;
    long before = now - UNCLAIMED_RETENTION.toNanos();
    jobs.entrySet().removeIf(e -> e.getValue().finishedBefore(before));
  }

  private static String key(String service, String id) {
    return service + '\u0000' + id;
  }

  /** What one service has queued and running. */
  private static final class Counts {
    final AtomicInteger queued = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
  }

  /** Where a call is in its life: it moves only forward, from QUEUED to one of the others. */
  private enum State {
    /** Waiting for a slot. */
    QUEUED,
    /** On a slot's thread now. */
    RUNNING,
    /** Ran, answered or failed; kept until released or swept. */
    DONE,
    /** Taken back before it started: it never runs. */
    WITHDRAWN
  }

  /** One call: waits for a slot, runs once, completes its future. */
  private final class Job implements Runnable {
    final Counts counts;
    final Supplier<?> work;
    final CompletableFuture<Object> result = new CompletableFuture<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
    private volatile long finishedAt;

    Job(Counts counts, Supplier<?> work) {
      this.counts = counts;
      this.work = work;
    }

    @Override
    public void run() {
      if (!state.compareAndSet(State.QUEUED, State.RUNNING)) {
        return;
      }
      counts.queued.decrementAndGet();
      counts.inFlight.incrementAndGet();
      try {
        result.complete(work.get());
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
        if (e instanceof Error) {
          LOG.error("A {} call failed with an error", lane, e);
        }
      } finally {
        counts.inFlight.decrementAndGet();
        finishedAt = nanoClock.getAsLong();
        state.set(State.DONE);
      }
    }

    boolean withdraw() {
      if (state.compareAndSet(State.QUEUED, State.WITHDRAWN)) {
        counts.queued.decrementAndGet();
        result.cancel(false);
        return true;
      }
      return false;
    }

    boolean cancelled() {
      return state.get() == State.WITHDRAWN || result.isCancelled();
    }

    boolean finishedBefore(long nanos) {
      return state.get() == State.DONE && finishedAt < nanos;
    }
  }
}
