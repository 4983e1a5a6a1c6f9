package io.fablestream.platform.calls;

import io.fablestream.platform.calls.state.PendingCall;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Lets a TopologyTestDriver's calls come back: with {@link CallLanes#direct} every call has run
 * when it is issued, and its answer is applied at the next wall-clock punctuation, which may issue
 * the next call. {@link #settle} moves the driver's wall clock a drain interval at a time until no
 * call is pending in any ledger.
 */
public final class Settle {
  private static final int MAX_ROUNDS = 10_000;

  private Settle() {}

  /** Moves wall-clock time on until every ledger of the topology is empty. */
  public static void settle(TopologyTestDriver driver) {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      if (pending(driver).isEmpty()) {
        return;
      }
      driver.advanceWallClockTime(CallLedger.DRAIN_INTERVAL);
    }
    throw new AssertionError(
        "calls still pending after " + MAX_ROUNDS + " rounds: " + pending(driver));
  }

  /** The calls pending in every ledger of the topology, as key/id. */
  public static List<String> pending(TopologyTestDriver driver) {
    List<String> calls = new java.util.ArrayList<>();
    for (Map.Entry<String, StateStore> store : driver.getAllStateStores().entrySet()) {
      if (store.getValue() instanceof KeyValueStore<?, ?> kv && isLedger(driver, store.getKey())) {
        @SuppressWarnings("unchecked")
        KeyValueStore<String, PendingCall> ledger = (KeyValueStore<String, PendingCall>) kv;
        try (KeyValueIterator<String, PendingCall> all = ledger.all()) {
          all.forEachRemaining(e -> calls.add(e.value.getKey() + "/" + e.value.getId()));
        }
      }
    }
    return calls;
  }

  private static boolean isLedger(TopologyTestDriver driver, String name) {
    KeyValueStore<String, Object> store = driver.getKeyValueStore(name);
    if (store == null) {
      return false;
    }
    try (KeyValueIterator<String, Object> all = store.all()) {
      return !all.hasNext() || all.next().value instanceof PendingCall;
    }
  }
}
