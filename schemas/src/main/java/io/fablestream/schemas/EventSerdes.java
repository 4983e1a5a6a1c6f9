package io.fablestream.schemas;

import io.fablestream.events.ImageSubmitted;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.serialization.Serde;

/**
 * The one place that decides how event values are put on the wire. Today that is Avro single-object
 * encoding; a schema-registry wire format would be added here without touching a topology.
 */
public final class EventSerdes {
  private static final String EVENTS_PACKAGE = ImageSubmitted.class.getPackageName();

  static {
    // Avro 1.12 decodes only into classes it trusts; ours are the generated event classes, nested
    // records (ImageRef, BookChapter, ...) included. Whatever else the process trusts stays so.
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(
            ClassSecurityValidator.getGlobal(),
            type -> type.getPackageName().equals(EVENTS_PACKAGE)));
  }

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
