package io.fablestream.platform.calls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.calls.state.PendingCall;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The skeleton of the services' processors, on a task's context the test drives: each event goes to
 * the handler of its type, the task's calls come back to {@code answered}, and every bug of the
 * service's own, while handling an event or an answer, reaches {@code bug} with the book's key and
 * the words of its INTERNAL_ERROR.
 */
class LedgerProcessorTest {
  private static final Duration SWEEP = Duration.ofMinutes(10);

  private final CallKind<String, String> echo =
      CallKind.of(
          "echo",
          JsonCodec.of(String.class),
          CallLanes.direct(new SimpleMeterRegistry()).model(),
          prompt -> "answer to " + prompt);
  private final CallLedger ledger = CallLedger.of("tests", List.of(echo));
  private final List<String> seen = new ArrayList<>();
  private final MockProcessorContext<String, String> context = new MockProcessorContext<>();

  /** A service that handles Strings, ignores other text, and breaks where the test says. */
  private final class Echoes extends LedgerProcessor<CharSequence, String> {
    Echoes() {
      super(ledger, SWEEP);
      onKeyed(
          String.class,
          (key, prompt) -> {
            if (prompt.startsWith("break")) {
              throw new IllegalStateException("broken by " + prompt);
            }
            pending().issue(key, prompt, echo, prompt, 0);
          });
    }

    @Override
    protected void opened(ProcessorContext<String, String> task) {
      seen.add("opened");
    }

    @Override
    protected void answered(Finished<?, ?> call) {
      Finished<String, String> echoed = call.as(echo);
      if (echoed.request().startsWith("answer-breaks")) {
        throw new IllegalArgumentException("the answer broke");
      }
      if (echoed instanceof Finished.Answered<String, String> answered) {
        seen.add(echoed.key() + ": " + answered.answer());
      }
    }

    @Override
    protected void bug(String key, CharSequence event, RuntimeException e) {
      seen.add("bug " + key + " on " + event + ": " + internalError(key, e));
    }

    @Override
    protected void sweep(long wallClock) {
      seen.add("sweep");
    }
  }

  private Echoes started() {
    KeyValueStore<String, PendingCall> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(ledger.storeName()), Serdes.String(), ledger.serde())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    Echoes processor = new Echoes();
    processor.init(context);
    return processor;
  }

  /** The task's wall-clock punctuators fire: the ledger's drain and the sweep. */
  private void punctuate() {
    context.scheduledPunctuators().stream()
        .filter(p -> !p.cancelled())
        .toList()
        .forEach(p -> p.getPunctuator().punctuate(0));
  }

  @Test
  void eachEventGoesToTheHandlerOfItsTypeAndItsAnswerComesBackOnTheTask() {
    Echoes processor = started();

    processor.process(new Record<>("book-1", "hello", 0));
    processor.process(new Record<>("book-2", new StringBuilder("not a String"), 0));
    processor.process(new Record<>("book-3", null, 0));
    punctuate();

    assertThat(seen).containsExactly("opened", "sweep", "book-1: answer to hello");
  }

  @Test
  void aBugWhileHandlingAnEventFailsThatBookWithTheEventInHand() {
    Echoes processor = started();

    processor.process(new Record<>("book-1", "break it", 0));

    assertThat(seen)
        .containsExactly(
            "opened",
            "bug book-1 on break it: tests-service failed unexpectedly"
                + " (IllegalStateException). This is a bug: report it with the bookId;"
                + " submitting again may work.");
  }

  @Test
  void aBugWhileApplyingAnAnswerFailsThatBookWithNoEvent() {
    Echoes processor = started();

    processor.process(new Record<>("book-1", "answer-breaks", 0));
    punctuate();

    assertThat(seen)
        .containsExactly(
            "opened",
            "sweep",
            "bug book-1 on null: tests-service failed unexpectedly"
                + " (IllegalArgumentException). This is a bug: report it with the bookId;"
                + " submitting again may work.");
  }

  @Test
  void theSweepRunsOnWallClockTimeAtTheServicesInterval() {
    started();

    assertThat(context.scheduledPunctuators())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getInterval()).isEqualTo(SWEEP);
              assertThat(p.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
            });
  }

  @Test
  void aClosedTaskAppliesNoMoreAnswers() {
    Echoes processor = started();
    processor.process(new Record<>("book-1", "hello", 0));

    processor.close();
    punctuate();

    assertThat(seen).containsExactly("opened", "sweep");
  }
}
