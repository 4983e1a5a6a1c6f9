package io.fablestream.schemas;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * One topic of the contract: its name, its key serde (the bookId as UTF-8) and its value serde.
 * Topologies take everything they need from here, so no topic name or serde is spelled twice.
 *
 * @param <V> the event type every value of the topic has
 */
public final class Topic<V extends SpecificRecord> {
  private final String name;
  private final Class<V> valueType;
  private final Serde<String> keySerde;
  private final Serde<V> valueSerde;

  Topic(String name, Class<V> valueType) {
    this.name = Objects.requireNonNull(name);
    this.valueType = Objects.requireNonNull(valueType);
    this.keySerde = Serdes.String();
    this.valueSerde = EventSerdes.valueSerde(valueType, name);
  }

  /** The topic's name, for example {@code fablestream.images.submitted}. */
  public String name() {
    return name;
  }

  /** The Avro class every value is. */
  public Class<V> valueType() {
    return valueType;
  }

  /** The key serde: the bookId as a UTF-8 string. */
  public Serde<String> keySerde() {
    return keySerde;
  }

  /** The value serde: Avro single-object encoding, resolving every published schema version. */
  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** How a topology reads this topic, with a processor name derived from the topic's. */
  public Consumed<String, V> consumed() {
    return Consumed.with(keySerde, valueSerde).withName("read-" + name);
  }

  /** How a topology writes this topic, with a processor name derived from the topic's. */
  public Produced<String, V> produced() {
    return Produced.with(keySerde, valueSerde).withName("write-" + name);
  }

  /** Produced with a processor name of the caller's, for a topology that writes here twice. */
  public Produced<String, V> produced(String processorName) {
    return Produced.with(keySerde, valueSerde).withName(processorName);
  }

  @Override
  public String toString() {
    return name + " (" + valueType.getSimpleName() + ")";
  }
}
