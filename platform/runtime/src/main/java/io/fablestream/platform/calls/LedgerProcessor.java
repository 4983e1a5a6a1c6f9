package io.fablestream.platform.calls;

import io.fablestream.schemas.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skeleton every Fablestream service's processor shares: it opens the service's {@link
 * CallLedger} when its task starts and closes it when the task goes, runs a sweep (wall-clock time)
 * if the service has one, hands each event to the handler registered for its type, and turns every
 * bug of ours (an unexpected exception, while handling an event or a call's answer) into one call
 * of {@link #bug}, where the service fails that book with {@code INTERNAL_ERROR} and the line goes
 * on. A subclass registers its handlers with {@link #on} in its constructor, takes its stores in
 * {@link #opened}, and says what an answer does in {@link #answered}.
 *
 * @param <V> the events it reads
 * @param <O> the events it writes
 */
public abstract class LedgerProcessor<V, O> implements Processor<String, V, String, O> {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerProcessor.class);

  /** How much of an id a log line shows. */
  private static final int LOGGED_ID = 100;

  private final CallLedger ledger;
  private final Duration sweepInterval;
  private final Map<Class<?>, BiConsumer<String, Object>> handlers = new HashMap<>();
  private ProcessorContext<String, O> context;
  private PendingCalls pending;

  /** A processor without a sweep. */
  protected LedgerProcessor(CallLedger ledger) {
    this(ledger, null);
  }

  /**
   * @param ledger the service's calls
   * @param sweepInterval how often {@link #sweep} runs (wall-clock time); null for never
   */
  protected LedgerProcessor(CallLedger ledger, Duration sweepInterval) {
    this.ledger = ledger;
    this.sweepInterval = sweepInterval;
  }

  /** Handles the events of that type with the handler; other types are logged and ignored. */
  protected final <E extends V> void on(Class<E> type, Consumer<? super E> handler) {
    onKeyed(type, (key, event) -> handler.accept(event));
  }

  /** Handles the events of that type, with their key ({@link #keyOf}), with the handler. */
  protected final <E extends V> void onKeyed(Class<E> type, BiConsumer<String, ? super E> handler) {
    if (handlers.put(type, (key, event) -> handler.accept(key, type.cast(event))) != null) {
      throw new IllegalArgumentException("two handlers of " + type.getName());
    }
  }

  @Override
  public final void init(ProcessorContext<String, O> processorContext) {
    this.context = processorContext;
    this.pending = ledger.open(processorContext, this::answered, (key, e) -> bug(key, null, e));
    opened(processorContext);
    if (sweepInterval != null) {
      processorContext.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }
  }

  @Override
  public final void close() {
    if (pending != null) {
      pending.close();
    }
  }

  @Override
  public final void process(Record<String, V> record) {
    String key = keyOf(record);
    V event = record.value();
    try {
      if (event == null) {
        withoutValue(key);
        return;
      }
      BiConsumer<String, Object> handler = handlers.get(event.getClass());
      if (handler == null) {
        LOG.warn("Ignoring a {} with key {}", event.getClass(), forLog(key));
        return;
      }
      handler.accept(key, event);
    } catch (RuntimeException e) {
      bug(key, event, e);
    }
  }

  /** Takes the task's stores, once its ledger is open; runs once per task, in {@code init}. */
  protected void opened(ProcessorContext<String, O> processorContext) {}

  /** A call is back, on this task's thread, inside its transaction. */
  protected abstract void answered(Finished<?, ?> call);

  /**
   * A bug of ours about a book: the service fails it with {@code INTERNAL_ERROR} (see {@link
   * #internalError}), and the line goes on.
   *
   * @param key the book's key, or null if the record had none
   * @param event the event being handled, or null when it was a call's answer
   */
  protected abstract void bug(String key, V event, RuntimeException e);

  /** The periodic work of the service (wall-clock time): what it forgets, what it looks for. */
  protected void sweep(long wallClock) {}

  /** The key events are handled under: the record's key, unless the service knows better. */
  protected String keyOf(Record<String, V> record) {
    return record.key();
  }

  /** A record without a value: ignored, unless the service answers it. */
  protected void withoutValue(String key) {
    LOG.debug("Ignoring a record without a value, key {}", forLog(key));
  }

  /**
   * Logs a bug about a book and says it in the words of its {@code INTERNAL_ERROR} BookFailed:
   * which service, what went wrong, and what the user can do.
   */
  protected final String internalError(String key, RuntimeException e) {
    String service = ledger.service() + "-service";
    LOG.error("{} failed unexpectedly on book {}", service, forLog(key), e);
    return service
        + " failed unexpectedly ("
        + e.getClass().getSimpleName()
        + "). This is a bug: report it with the bookId; submitting again may work.";
  }

  /**
   * Forwards an event to its topic: to the sink the service's topology adds for each topic it
   * writes, named {@link Topic#sinkName()}. The topic says the event's type, so an event cannot go
   * to another topic's sink.
   */
  protected final <T extends O> void forward(
      Topic<? super T> topic, String key, T event, long timestamp) {
    topic.forward(context, key, event, timestamp);
  }

  /** The task's context, to forward events and take stores. */
  protected final ProcessorContext<String, O> context() {
    return context;
  }

  /** The task's calls in flight. */
  protected final PendingCalls pending() {
    return pending;
  }

  /** An id as a log line shows it: cut short, control characters escaped (no forged lines). */
  protected static String forLog(String id) {
    if (id == null) {
      return "null";
    }
    String cut = id.length() <= LOGGED_ID ? id : id.substring(0, LOGGED_ID) + "...";
    StringBuilder out = new StringBuilder(cut.length());
    cut.chars()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.append((char) c);
              }
            });
    return out.toString();
  }
}
