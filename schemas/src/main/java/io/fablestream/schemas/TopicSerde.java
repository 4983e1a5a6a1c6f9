package io.fablestream.schemas;

import org.apache.avro.specific.SpecificRecord;

/**
 * The value serde of one topic of the contract. It writes in the process's {@link WireFormat}
 * ({@link EventSerdes#use}) and reads both formats, told apart by the first byte: {@code 00} is the
 * registry wire format, anything else must be single-object encoding (whose own check then names
 * what the value starts with). So a producer can move from one format to the other without the line
 * stopping.
 */
final class TopicSerde<V extends SpecificRecord> extends ValueSerde<V> {
  private final SingleObjectSerde<V> singleObject;
  private final RegistrySerde<V> registry;

  TopicSerde(Class<V> type, String topic, SchemaHistory history) {
    this.singleObject = new SingleObjectSerde<>(type, topic, history);
    this.registry = new RegistrySerde<>(type, topic);
  }

  @Override
  byte[] write(String topicName, V value) {
    EventSerdes.Wire wire = EventSerdes.wire();
    return wire.format() == WireFormat.REGISTRY
        ? registry.serialize(topicName, value, wire.ids())
        : singleObject.write(topicName, value);
  }

  @Override
  V read(String topicName, byte[] data) {
    if (data.length > 0 && data[0] == RegistrySerde.MAGIC) {
      return registry.deserialize(topicName, data, EventSerdes.wire().ids());
    }
    return singleObject.read(topicName, data);
  }
}
