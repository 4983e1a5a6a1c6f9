package io.fablestream.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The one place that decides how event values are put on the wire. Today that is Avro single-object
 * encoding; a schema-registry wire format would be added here without touching a topology.
 */
public final class EventSerdes {
  private EventSerdes() {}

  /**
   * The value serde of one topic.
   *
   * @param type the event class of the topic's values
   * @param topic the topic's name, used in error messages
   */
  public static <V extends SpecificRecord> Serde<V> valueSerde(Class<V> type, String topic) {
    return new SingleObjectSerde<>(type, topic, SchemaHistory.published());
  }
}
