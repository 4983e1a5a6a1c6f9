package io.fablestream.schemas;

import java.io.IOException;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A topic's value serde that is its own serializer and deserializer, configured by construction and
 * holding no resources; a null value stays null both ways (a tombstone).
 */
abstract class ValueSerde<V extends SpecificRecord>
    implements Serde<V>, Serializer<V>, Deserializer<V> {

  /** Writes a value that is not null. */
  abstract byte[] write(String topicName, V value);

  /** Reads a value that is not null. */
  abstract V read(String topicName, byte[] data);

  @Override
  public final byte[] serialize(String topicName, V value) {
    return value == null ? null : write(topicName, value);
  }

  @Override
  public final V deserialize(String topicName, byte[] data) {
    return data == null ? null : read(topicName, data);
  }

  @Override
  public final Serializer<V> serializer() {
    return this;
  }

  @Override
  public final Deserializer<V> deserializer() {
    return this;
  }

  @Override
  public final void configure(Map<String, ?> configs, boolean isKey) {
    // Configured by construction: the topic and the schema versions are fixed.
  }

  @Override
  public final void close() {
    // Holds no resources; a registry client belongs to the process.
  }

  /**
   * Decodes the Avro binary body after a wire format's header, from the array itself, so that every
   * length prefix is checked against the bytes left: a record of a few bytes claiming a
   * gigabyte-long field is refused as malformed instead of allocating the gigabyte.
   *
   * @param where the topic, for the message
   * @param schema the schema the body is read as
   * @param writer which writer schema the header names, for the message (e.g. "fingerprint 0x...")
   */
  static <V> V readBody(
      DatumReader<V> reader,
      byte[] data,
      int headerLength,
      String where,
      Schema schema,
      String writer) {
    try {
      return reader.read(
          null,
          DecoderFactory.get().binaryDecoder(data, headerLength, data.length - headerLength, null));
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
      throw new SerializationException(
          "Cannot read a record on topic "
              + where
              + ": the "
              + schema.getFullName()
              + " body with "
              + writer
              + " is malformed: "
              + e.getMessage(),
          e);
    }
  }

  /** A value the encoder refused, as the exception Kafka expects of a serializer. */
  static SerializationException cannotWrite(Schema schema, String topic, Exception e) {
    return new SerializationException(
        "Cannot write a " + schema.getName() + " to topic " + topic + ": " + e.getMessage(), e);
  }
}
