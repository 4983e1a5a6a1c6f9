package io.fablestream.platform.calls;

import io.fablestream.platform.calls.state.PendingCall;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * How one service's processor makes calls without waiting for them: the kinds of call it makes, and
 * the changelogged store (the ledger) that holds every call issued and not yet applied. Built once
 * with the topology; each task {@link #open opens} its {@link PendingCalls} in its processor's
 * {@code init}.
 *
 * <p>This is the one mechanism every Fablestream service uses to keep model calls (and story
 * memory, and downloads) off its stream threads: a stream thread never waits on a call, so no Kafka
 * transaction stays open while a model thinks, and Kafka Streams' default 10 s transaction timeout
 * holds however slow the model is. It is Flink's async I/O, with the ledger in the place of Flink's
 * checkpointed in-flight requests.
 */
public final class CallLedger {
  /** How often a task with calls in flight looks for answers (wall-clock time). */
  public static final Duration DRAIN_INTERVAL = Duration.ofMillis(10);

  /** The largest ledger record: a vision call carries its picture. */
  public static final int MAX_RECORD_BYTES = ChangeloggedStores.LARGE_RECORD_BYTES;

  private final String service;
  private final String storeName;
  private final Map<String, CallKind<?, ?>> kinds;

  private CallLedger(String service, String storeName, Map<String, CallKind<?, ?>> kinds) {
    this.service = service;
    this.storeName = storeName;
    this.kinds = kinds;
  }

  /**
   * A ledger of a service's calls, in the store {@link #storeOf} names.
   *
   * @param service the service's name: its calls are counted and joined under it
   * @param kinds every kind of call the service makes, each under its own name
   */
  public static CallLedger of(String service, List<CallKind<?, ?>> kinds) {
    Map<String, CallKind<?, ?>> byName = new LinkedHashMap<>();
    for (CallKind<?, ?> kind : kinds) {
      if (byName.put(kind.name(), kind) != null) {
        throw new IllegalArgumentException("two kinds of call named " + kind.name());
      }
      kind.slots().register(service);
    }
    return new CallLedger(service, storeOf(service), Map.copyOf(byName));
  }

  /**
   * The name of a service's ledger store, {@code <service>-calls}; its changelog, a topic with the
   * calls in flight in it, is {@code fablestream-<service>-<service>-calls-changelog}.
   */
  public static String storeOf(String service) {
    return service + "-calls";
  }

  /** The service the calls are counted under. */
  public String service() {
    return service;
  }

  /** The ledger store's name, to connect it to the processor that opens it. */
  public String storeName() {
    return storeName;
  }

  /** The value serde of the ledger: Avro single-object encoding, like the events. */
  public Serde<PendingCall> serde() {
    return ChangeloggedStores.avro(storeName, PendingCall.class);
  }

  /** The ledger store, changelogged, its records allowed to be as large as a vision call. */
  public StoreBuilder<KeyValueStore<String, PendingCall>> storeBuilder() {
    return ChangeloggedStores.large(storeName, serde());
  }

  /**
   * Opens the ledger for one task: issues again every call its store holds (they were in flight
   * when the task last moved, or when the process stopped), and from then on hands each answer to
   * the handler on the task's own stream thread.
   *
   * @param context the processor's context; the ledger store must be connected to the processor
   * @param handler what the service does with an answer
   * @param onBug what the service does when its handler throws (fail the book it was about)
   */
  public PendingCalls open(ProcessorContext<?, ?> context, Handler handler, BugHandler onBug) {
    KeyValueStore<String, PendingCall> store = context.getStateStore(storeName);
    return new PendingCalls(this, context, store, handler, onBug);
  }

  CallKind<?, ?> kind(String name) {
    return kinds.get(name);
  }

  /** What a service does with a finished call, on its stream thread, inside its transaction. */
  @FunctionalInterface
  public interface Handler {
    void finished(Finished<?, ?> call);
  }

  /** What a service does when its own handler failed for a call: fail that book, and go on. */
  @FunctionalInterface
  public interface BugHandler {
    void failed(String key, RuntimeException bug);
  }
}
