package io.fablestream.schemas;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serde of one topic of the contract. It writes in the process's {@link WireFormat}
 * ({@link EventSerdes#use}) and reads both formats, told apart by the first byte: {@code 00} is the
 * registry wire format, anything else must be single-object encoding (whose own check then names
 * what the value starts with). So a producer can move from one format to the other without the line
 * stopping.
 */
final class TopicSerde<V extends SpecificRecord>
    implements Serde<V>, Serializer<V>, Deserializer<V> {
  private final SingleObjectSerde<V> singleObject;
  private final RegistrySerde<V> registry;

  TopicSerde(Class<V> type, String topic, SchemaHistory history) {
    this.singleObject = new SingleObjectSerde<>(type, topic, history);
    this.registry = new RegistrySerde<>(type, topic);
  }

  @Override
  public byte[] serialize(String topicName, V value) {
    if (value == null) {
      return null;
    }
    EventSerdes.Wire wire = EventSerdes.wire();
    return wire.format() == WireFormat.REGISTRY
        ? registry.serialize(topicName, value, wire.ids())
        : singleObject.serialize(topicName, value);
  }

  @Override
  public V deserialize(String topicName, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length > 0 && data[0] == RegistrySerde.MAGIC) {
      return registry.deserialize(topicName, data, EventSerdes.wire().ids());
    }
    return singleObject.deserialize(topicName, data);
  }

  @Override
  public Serializer<V> serializer() {
    return this;
  }

  @Override
  public Deserializer<V> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // Configured by construction and by the process's wire (EventSerdes.use).
  }

  @Override
  public void close() {
    // Holds no resources; the registry client belongs to the process.
  }
}
