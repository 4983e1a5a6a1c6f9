package io.fablestream.platform.calls;

import io.fablestream.platform.calls.state.PendingCall;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's calls in flight. {@link #issue} records a call in the ledger store and hands it to its
 * lane's slots, and returns at once; a wall-clock punctuator, while calls are out, takes the
 * answers that came back and gives each one to the service's handler on this task's stream thread,
 * so that what the answer causes (state, events) commits in the task's own transaction, together
 * with the ledger entry's removal.
 *
 * <p>An answer whose call is no longer in the ledger is dropped: the book closed, or the step it
 * served was cancelled. A call in the ledger when the task opens (it was in flight when the task
 * moved, or the process stopped) is issued again, oldest first. Not thread-safe: one task's stream
 * thread uses it.
 */
public final class PendingCalls {
  private static final Logger LOG = LoggerFactory.getLogger(PendingCalls.class);
  private static final char SEPARATOR = '\u0000';

  private final CallLedger ledger;
  private final ProcessorContext<?, ?> context;
  private final KeyValueStore<String, PendingCall> store;
  private final CallLedger.Handler handler;
  private final CallLedger.BugHandler onBug;
  private final Queue<Returned> returned = new ConcurrentLinkedQueue<>();
  private final Map<String, CallKind<?, ?>> outstanding = new HashMap<>();
  private Cancellable drain;
  private boolean closed;

  PendingCalls(
      CallLedger ledger,
      ProcessorContext<?, ?> context,
      KeyValueStore<String, PendingCall> store,
      CallLedger.Handler handler,
      CallLedger.BugHandler onBug) {
    this.ledger = ledger;
    this.context = context;
    this.store = store;
    this.handler = handler;
    this.onBug = onBug;
    reissue();
  }

  /**
   * Issues a call unless one with that id is pending for the key already.
   *
   * @param key the record key the answer is applied under (the bookId)
   * @param id the call's id, unique within the key, derived from the step it serves
   * @param now the epoch millis it is issued at (the service's clock)
   */
  public <Q> void issue(String key, String id, CallKind<Q, ?> kind, Q request, long now) {
    if (ledger.kind(kind.name()) != kind) {
      throw new IllegalArgumentException(kind + " is not a kind of " + ledger.storeName());
    }
    String entry = entry(key, id);
    if (store.get(entry) != null) {
      return;
    }
    store.put(
        entry,
        PendingCall.newBuilder()
            .setKey(key)
            .setId(id)
            .setKind(kind.name())
            .setIssuedAt(now)
            .setRequest(ByteBuffer.wrap(kind.codec().write(request)))
            .build());
    submit(entry, kind, request);
  }

  /** Whether the call is in the ledger: issued, its answer not applied yet. */
  public boolean isPending(String key, String id) {
    return store.get(entry(key, id)) != null;
  }

  /** Whether any call is pending for the key: queued for a slot, or running. */
  public boolean anyPending(String key) {
    try (KeyValueIterator<String, PendingCall> calls = forKey(key)) {
      return calls.hasNext();
    }
  }

  /**
   * Forgets every pending call of a key: their answers will be dropped, and those still waiting for
   * a slot will not run.
   */
  public void cancelAll(String key) {
    List<String> entries = new ArrayList<>();
    try (KeyValueIterator<String, PendingCall> calls = forKey(key)) {
      calls.forEachRemaining(kv -> entries.add(kv.key));
    }
    for (String entry : entries) {
      store.delete(entry);
      CallKind<?, ?> kind = outstanding.remove(entry);
      if (kind != null) {
        kind.slots().withdraw(ledger.service(), entry);
      }
    }
  }

  /**
   * Stops taking answers: the task is closing. Calls still running run on, and a next owner in this
   * process joins them when it issues them again.
   */
  public void close() {
    closed = true;
    if (drain != null) {
      drain.cancel();
      drain = null;
    }
  }

  private void reissue() {
    List<PendingCall> calls = new ArrayList<>();
    try (KeyValueIterator<String, PendingCall> all = store.all()) {
      all.forEachRemaining(kv -> calls.add(kv.value));
    }
    calls.sort(Comparator.comparingLong(PendingCall::getIssuedAt));
    for (PendingCall call : calls) {
      CallKind<?, ?> kind = ledger.kind(call.getKind());
      if (kind == null) {
        LOG.warn(
            "{}: dropping a pending {} call for {}: this version makes no such calls",
            ledger.storeName(),
            call.getKind(),
            call.getKey());
        store.delete(entry(call.getKey(), call.getId()));
        continue;
      }
      resubmit(entry(call.getKey(), call.getId()), kind, call);
    }
    if (!calls.isEmpty()) {
      LOG.info("{}: issued {} pending calls again", ledger.storeName(), calls.size());
    }
  }

  private <Q> void resubmit(String entry, CallKind<Q, ?> kind, PendingCall call) {
    submit(entry, kind, kind.codec().read(bytes(call.getRequest())));
  }

  private <Q> void submit(String entry, CallKind<Q, ?> kind, Q request) {
    outstanding.put(entry, kind);
    kind.slots()
        .submit(ledger.service(), entry, () -> kind.call(request))
        .whenComplete((answer, failure) -> returned.add(new Returned(entry, answer, failure)));
    if (drain == null) {
      drain =
          context.schedule(
              CallLedger.DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::applyReturned);
    }
  }

  /** The punctuator: applies every answer that came back, then sleeps if nothing is out. */
  private void applyReturned(long now) {
    Returned back;
    while (!closed && (back = returned.poll()) != null) {
      CallKind<?, ?> kind = outstanding.remove(back.entry);
      PendingCall call = store.get(back.entry);
      if (kind == null || call == null) {
        // Cancelled while it ran (its book closed, its step moved on): the answer is dropped.
        release(back.entry, kind);
        continue;
      }
      if (isCancellation(back.failure)) {
        // Stopped with the process's slots: it stays in the ledger for the next start.
        continue;
      }
      store.delete(back.entry);
      release(back.entry, kind);
      apply(kind, call, back);
    }
    if (outstanding.isEmpty() && drain != null) {
      drain.cancel();
      drain = null;
    }
  }

  private <Q, A> void apply(CallKind<Q, A> kind, PendingCall call, Returned back) {
    Finished<Q, A> finished;
    try {
      Q request = kind.codec().read(bytes(call.getRequest()));
      @SuppressWarnings("unchecked")
      A answer = (A) back.answer;
      finished =
          back.failure == null
              ? new Finished.Answered<>(
                  kind, call.getKey(), call.getId(), call.getIssuedAt(), request, answer)
              : new Finished.Failed<>(
                  kind,
                  call.getKey(),
                  call.getId(),
                  call.getIssuedAt(),
                  request,
                  failureOf(back.failure));
      handler.finished(finished);
    } catch (RuntimeException bug) {
      LOG.error(
          "{}: applying the {} call {} failed", ledger.storeName(), kind.name(), call.getId(), bug);
      onBug.failed(call.getKey(), bug);
    }
  }

  private void release(String entry, CallKind<?, ?> kind) {
    if (kind != null) {
      kind.slots().release(ledger.service(), entry);
    }
  }

  private KeyValueIterator<String, PendingCall> forKey(String key) {
    return store.prefixScan(key + SEPARATOR, Serdes.String().serializer());
  }

  private static String entry(String key, String id) {
    return key + SEPARATOR + id;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static boolean isCancellation(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    return cause instanceof java.util.concurrent.CancellationException
        || cause instanceof java.util.concurrent.RejectedExecutionException;
  }

  private static RuntimeException failureOf(Throwable failure) {
    if (failure == null) {
      return null;
    }
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof RuntimeException r ? r : new RuntimeException(cause);
  }

  /** An answer (or failure) back from a slot, waiting for the stream thread. */
  private record Returned(String entry, Object answer, Throwable failure) {}
}
