package io.fablestream.platform.calls;

import io.fablestream.schemas.EventSerdes;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The one way a Fablestream service builds a state store: persistent (RocksDB, within the process's
 * bounded memory), keyed by String, and changelogged, so a task that moves or restarts reads it
 * back. Its changelog is {@code <application id>-<store name>-changelog}. It sits beside the call
 * ledger, its first user; the service runtime depends on this package, not the other way round.
 */
public final class ChangeloggedStores {
  /**
   * The largest record of a {@link #large} store: a vision call carries its picture (a JPEG of at
   * most 1024 px a side, base64 in JSON), and a book's state its whole text, past Kafka's 1 MB
   * default.
   */
  public static final int LARGE_RECORD_BYTES = 8 * 1024 * 1024;

  private ChangeloggedStores() {}

  /** A store of values of that serde, its changelog with the broker's record size limit. */
  public static <V> StoreBuilder<KeyValueStore<String, V>> of(String name, Serde<V> values) {
    return builder(name, values, Map.of());
  }

  /** A store of Avro records in single-object encoding, like the events. */
  public static <V extends SpecificRecord> StoreBuilder<KeyValueStore<String, V>> of(
      String name, Class<V> type) {
    return of(name, avro(name, type));
  }

  /** A store whose records may be up to {@link #LARGE_RECORD_BYTES}, changelog included. */
  public static <V> StoreBuilder<KeyValueStore<String, V>> large(String name, Serde<V> values) {
    return builder(name, values, Map.of("max.message.bytes", Integer.toString(LARGE_RECORD_BYTES)));
  }

  /** A store of large Avro records in single-object encoding. */
  public static <V extends SpecificRecord> StoreBuilder<KeyValueStore<String, V>> large(
      String name, Class<V> type) {
    return large(name, avro(name, type));
  }

  /** The value serde of a store of Avro records: single-object encoding, named for the store. */
  public static <V extends SpecificRecord> Serde<V> avro(String name, Class<V> type) {
    return EventSerdes.valueSerde(type, name);
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> builder(
      String name, Serde<V> values, Map<String, String> changelog) {
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(name), Serdes.String(), values)
        .withLoggingEnabled(changelog);
  }
}
