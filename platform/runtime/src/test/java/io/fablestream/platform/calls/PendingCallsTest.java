package io.fablestream.platform.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.calls.state.PendingCall;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger of calls in flight, on a task's context with a store and an executor the test
 * controls: a call is pending until its answer is applied on the task's thread, an answer for a
 * call that is no longer pending is dropped, and a task's next owner issues the pending calls
 * again.
 */
class PendingCallsTest {
  /** Runs calls only when the test says, as a model slot would when it is free. */
  private final Queue<Runnable> slot = new ArrayDeque<>();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CallSlots slots = CallSlots.on("model", slot::add, registry);
  private final List<String> asked = new ArrayList<>();
  private final CallKind<String, String> echo =
      CallKind.of(
          "echo",
          JsonCodec.of(String.class),
          slots,
          prompt -> {
            asked.add(prompt);
            if (prompt.startsWith("fail")) {
              throw new IllegalStateException("the model is down");
            }
            return "answer to " + prompt;
          });
  private CallLedger ledger = CallLedger.of("tests", List.of(echo));
  private KeyValueStore<String, PendingCall> store;
  private final List<String> applied = new ArrayList<>();
  private final List<String> bugs = new ArrayList<>();

  /** The task of a test that has one, and its ledger open on it ({@link #openTask}). */
  private MockProcessorContext<String, String> context;

  private PendingCalls calls;

  @BeforeEach
  void makeTheStore() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ledger.storeName()), Serdes.String(), ledger.serde())
            .withLoggingDisabled()
            .build();
  }

  private MockProcessorContext<String, String> task() {
    MockProcessorContext<String, String> context = new MockProcessorContext<>();
    if (!store.isOpen()) {
      store.init(context.getStateStoreContext(), store);
    }
    context.addStateStore(store);
    return context;
  }

  /** Opens the ledger on a task of the test's store, recording what it applies. */
  private void openTask() {
    context = task();
    calls = open(context);
  }

  private String answer(String prompt) {
    asked.add(prompt);
    return "answer to " + prompt;
  }

  private PendingCalls open(MockProcessorContext<String, String> context) {
    return ledger.open(
        context,
        call -> {
          @SuppressWarnings("unchecked")
          Finished<String, String> f = (Finished<String, String>) call;
          applied.add(
              f.key()
                  + "/"
                  + f.id()
                  + ": "
                  + switch (f) {
                    case Finished.Answered<String, String> a -> a.answer();
                    case Finished.Failed<String, String> failed -> failed.failure().getMessage();
                  });
        },
        (key, bug) -> bugs.add(key + ": " + bug.getMessage()));
  }

  /** The punctuators of a task fire, as Kafka Streams fires them on wall-clock time. */
  private static void punctuate(MockProcessorContext<String, String> context) {
    context.scheduledPunctuators().stream()
        .filter(p -> !p.cancelled())
        .toList()
        .forEach(p -> p.getPunctuator().punctuate(System.currentTimeMillis()));
  }

  private void runSlot() {
    while (!slot.isEmpty()) {
      slot.poll().run();
    }
  }

  /** The slot runs every queued call, then the task applies their answers. */
  private void answerAll(MockProcessorContext<String, String> context) {
    runSlot();
    punctuate(context);
  }

  private List<String> ledgerEntries() {
    List<String> entries = new ArrayList<>();
    try (KeyValueIterator<String, PendingCall> all = store.all()) {
      all.forEachRemaining(
          (KeyValue<String, PendingCall> kv) ->
              entries.add(kv.value.getKey() + "/" + kv.value.getId()));
    }
    return entries;
  }

  @Test
  void aCallIsPendingUntilItsAnswerIsAppliedOnTheTaskThread() {
    openTask();

    calls.issue("book-1", "chapter/1", echo, "write chapter 1", 1_000);

    assertThat(calls.isPending("book-1", "chapter/1")).isTrue();
    assertThat(ledgerEntries()).containsExactly("book-1/chapter/1");
    assertThat(asked).as("nothing runs before the slot is free").isEmpty();
    assertThat(registry.get("fablestream.calls.queued").tag("service", "tests").gauge().value())
        .isEqualTo(1.0);

    runSlot();
    assertThat(applied).as("the answer waits for the task's thread").isEmpty();
    punctuate(context);

    assertThat(applied).containsExactly("book-1/chapter/1: answer to write chapter 1");
    assertThat(calls.isPending("book-1", "chapter/1")).isFalse();
    assertThat(ledgerEntries()).isEmpty();
    assertThat(registry.get("fablestream.calls.queued").gauge().value()).isZero();
  }

  @Test
  void aFailedCallIsHandedToTheServiceAsAFailureNotThrown() {
    openTask();

    calls.issue("book-1", "vision/1", echo, "fail please", 1_000);
    answerAll(context);

    assertThat(applied).containsExactly("book-1/vision/1: the model is down");
    assertThat(ledgerEntries()).isEmpty();
  }

  @Test
  void issuingAPendingCallAgainAsksTheModelOnce() {
    openTask();

    calls.issue("book-1", "chapter/1", echo, "write chapter 1", 1_000);
    calls.issue("book-1", "chapter/1", echo, "write chapter 1", 1_001);
    answerAll(context);

    assertThat(asked).containsExactly("write chapter 1");
    assertThat(applied).hasSize(1);
  }

  @Test
  void anAnswerForACallNoLongerPendingIsDroppedAndAQueuedOneNeverRuns() {
    openTask();
    calls.issue("book-1", "chapter/1", echo, "write chapter 1", 1_000);
    calls.issue("book-2", "chapter/1", echo, "write chapter 1 of book 2", 1_001);

    calls.cancelAll("book-1");
    answerAll(context);

    assertThat(asked).containsExactly("write chapter 1 of book 2");
    assertThat(applied).containsExactly("book-2/chapter/1: answer to write chapter 1 of book 2");
    assertThat(calls.anyPending("book-1")).isFalse();
  }

  @Test
  void theTasksNextOwnerIssuesThePendingCallsAgainOldestFirst() {
    // Given a task that issued two calls and lost its thread before either answered
    MockProcessorContext<String, String> first = task();
    PendingCalls before = open(first);
    before.issue("book-2", "chapter/3", echo, "write chapter 3 of book 2", 2_000);
    before.issue("book-1", "chapter/1", echo, "write chapter 1", 1_000);
    before.close();
    slot.clear();

    // When the task opens again on a new owner in another process, on the same (restored) store
    CallSlots otherProcess = CallSlots.on("model", slot::add, new SimpleMeterRegistry());
    ledger =
        CallLedger.of(
            "tests",
            List.of(CallKind.of("echo", JsonCodec.of(String.class), otherProcess, this::answer)));
    MockProcessorContext<String, String> second = task();
    open(second);
    answerAll(second);

    // Then both calls were issued again, oldest first, and their answers applied there
    assertThat(asked).containsExactly("write chapter 1", "write chapter 3 of book 2");
    assertThat(applied)
        .containsExactly(
            "book-1/chapter/1: answer to write chapter 1",
            "book-2/chapter/3: answer to write chapter 3 of book 2");
    assertThat(ledgerEntries()).isEmpty();
  }

  @Test
  void aNewOwnerInTheSameProcessJoinsTheCallStillRunningInsteadOfAskingAgain() {
    MockProcessorContext<String, String> first = task();
    PendingCalls before = open(first);
    before.issue("book-1", "chapter/1", echo, "write chapter 1", 1_000);
    before.close();

    MockProcessorContext<String, String> second = task();
    open(second);
    answerAll(first);
    punctuate(second);

    assertThat(asked).containsExactly("write chapter 1");
    assertThat(applied).containsExactly("book-1/chapter/1: answer to write chapter 1");
  }

  @Test
  void aHandlerThatThrowsFailsItsBookAndTheNextAnswerIsStillApplied() {
    AtomicInteger seen = new AtomicInteger();
    MockProcessorContext<String, String> context = task();
    PendingCalls calls =
        ledger.open(
            context,
            call -> {
              if (seen.incrementAndGet() == 1) {
                throw new IllegalStateException("a bug in the service");
              }
              applied.add(call.key());
            },
            (key, bug) -> bugs.add(key + ": " + bug.getMessage()));

    calls.issue("book-1", "chapter/1", echo, "one", 1_000);
    calls.issue("book-2", "chapter/1", echo, "two", 1_001);
    answerAll(context);

    assertThat(bugs).containsExactly("book-1: a bug in the service");
    assertThat(applied).containsExactly("book-2");
    assertThat(ledgerEntries()).isEmpty();
  }

  @Test
  void theTaskStopsLookingForAnswersWhenNoneIsOut() {
    openTask();
    assertThat(context.scheduledPunctuators()).isEmpty();

    calls.issue("book-1", "chapter/1", echo, "one", 1_000);
    assertThat(context.scheduledPunctuators()).hasSize(1);
    answerAll(context);

    assertThat(context.scheduledPunctuators()).allMatch(p -> p.cancelled());
  }
}
