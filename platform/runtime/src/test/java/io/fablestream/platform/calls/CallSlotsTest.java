package io.fablestream.platform.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The slots of one lane, on an executor and a clock the test controls: a call issued twice under
 * one id runs once, a call withdrawn before it starts never runs, and a finished call nobody
 * releases is forgotten once the retention has passed.
 */
class CallSlotsTest {
  /** Runs calls only when the test says, as a free slot would. */
  private final Queue<Runnable> slot = new ArrayDeque<>();

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CallSlots slots = CallSlots.on("model", slot::add, registry, nanos::get);
  private final List<String> ran = new ArrayList<>();

  private Supplier<String> call(String name) {
    return () -> {
      ran.add(name);
      return "answer to " + name;
    };
  }

  private void runQueued() {
    while (!slot.isEmpty()) {
      slot.poll().run();
    }
  }

  private void after(Duration elapsed) {
    nanos.addAndGet(elapsed.toNanos());
  }

  @Test
  void aCallIssuedAgainWhileQueuedJoinsTheFirstAndRunsOnce() {
    CompletableFuture<Object> first = slots.submit("chapter", "b1/write", call("first"));
    CompletableFuture<Object> again = slots.submit("chapter", "b1/write", call("again"));

    assertThat(again).isSameAs(first);
    assertThat(slots.queued()).isEqualTo(1);

    runQueued();

    assertThat(ran).containsExactly("first");
    assertThat(first).isCompletedWithValue("answer to first");
    assertThat(slots.queued()).isZero();
    assertThat(slots.inFlight()).isZero();
  }

  /**
   * Submits b1/write again and runs it: it is asked anew, after the calls that ran before, and its
   * own answer comes back.
   */
  private void assertRunsAnew(String prompt, String... ranBefore) {
    CompletableFuture<Object> fresh = slots.submit("chapter", "b1/write", call(prompt));
    runQueued();

    List<String> all = new ArrayList<>(List.of(ranBefore));
    all.add(prompt);
    assertThat(ran).containsExactlyElementsOf(all);
    assertThat(fresh).isCompletedWithValue("answer to " + prompt);
  }

  @Test
  void aFinishedCallIsJoinedUntilItsOwnerReleasesIt() {
    slots.submit("chapter", "b1/write", call("first"));
    runQueued();

    CompletableFuture<Object> joined = slots.submit("chapter", "b1/write", call("again"));
    assertThat(joined).isCompletedWithValue("answer to first");
    assertThat(slot).isEmpty();

    slots.release("chapter", "b1/write");
    assertRunsAnew("after release", "first");
  }

  @Test
  void theSameIdUnderAnotherServiceIsAnotherCall() {
    slots.submit("chapter", "b1/1", call("chapter's"));
    slots.submit("summarizer", "b1/1", call("summarizer's"));
    runQueued();

    assertThat(ran).containsExactly("chapter's", "summarizer's");
  }

  @Test
  void aWithdrawnCallNeverRunsAndTheIdCanBeIssuedAgain() {
    CompletableFuture<Object> withdrawn = slots.submit("chapter", "b1/write", call("withdrawn"));

    slots.withdraw("chapter", "b1/write");

    assertThat(withdrawn).isCancelled();
    assertThat(slots.queued()).isZero();

    assertRunsAnew("issued again");
  }

  @Test
  void aCallAlreadyRunningIsNotWithdrawnAndRunsToItsEnd() {
    CompletableFuture<Object> running =
        slots.submit(
            "chapter",
            "b1/write",
            () -> {
              slots.withdraw("chapter", "b1/write");
              ran.add("ran");
              return "finished anyway";
            });

    runQueued();

    assertThat(ran).containsExactly("ran");
    assertThat(running).isCompletedWithValue("finished anyway");
  }

  @Test
  void aFinishedCallNobodyReleasesIsForgottenAfterTheRetention() {
    slots.submit("chapter", "b1/write", call("first"));
    runQueued();

    after(CallSlots.UNCLAIMED_RETENTION.minusMinutes(1));
    assertThat(slots.submit("chapter", "b1/write", call("still joined")))
        .isCompletedWithValue("answer to first");

    after(Duration.ofMinutes(2));
    assertRunsAnew("after sweep", "first");
  }

  @Test
  void theSweepKeepsCallsStillQueued() {
    CompletableFuture<Object> queued = slots.submit("chapter", "b1/write", call("queued"));

    after(CallSlots.UNCLAIMED_RETENTION.multipliedBy(2));
    assertThat(slots.submit("chapter", "b1/write", call("again"))).isSameAs(queued);
    runQueued();

    assertThat(ran).containsExactly("queued");
  }

  @Test
  void aFailedCallCompletesItsFutureWithTheFailure() {
    CompletableFuture<Object> failed =
        slots.submit(
            "chapter",
            "b1/write",
            () -> {
              throw new IllegalStateException("the model is down");
            });
    runQueued();

    assertThat(failed.exceptionNow())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the model is down");
    assertThat(slots.inFlight()).isZero();
  }

  @Test
  void theGaugesCountEachServicesQueuedCalls() {
    slots.register("summarizer");
    slots.submit("chapter", "b1/1", call("one"));
    slots.submit("chapter", "b2/1", call("two"));

    assertThat(queuedGauge("chapter")).isEqualTo(2);
    assertThat(queuedGauge("summarizer")).isZero();

    runQueued();

    assertThat(queuedGauge("chapter")).isZero();
  }

  private double queuedGauge(String service) {
    return registry
        .get("fablestream.calls.queued")
        .tag("lane", "model")
        .tag("service", service)
        .gauge()
        .value();
  }

  @Test
  void closedSlotsCancelWhatTheyHeld() {
    CompletableFuture<Object> queued = slots.submit("chapter", "b1/write", call("queued"));

    slots.close();

    assertThat(queued).isCancelled();
  }
}
