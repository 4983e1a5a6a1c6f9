package io.fablestream.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The schema-registry wire format for one topic's values: byte {@code 00}, the schema's registry id
 * as 4 bytes big-endian, then the Avro binary body (as Confluent's {@code KafkaAvroSerializer}
 * writes it). The schema is registered, or looked up, under {@code <topic>-value}; a record written
 * under any registered schema that resolves to the current one under Avro's rules is read.
 *
 * <p>As in {@link SingleObjectSerde}, the body is decoded from the array itself ({@link
 * ValueSerde#readBody}) so that every length prefix is checked against the bytes left.
 */
final class RegistrySerde<V extends SpecificRecord> {
  /** The first byte of every value in the registry wire format. */
  static final byte MAGIC = 0x00;

  static final int HEADER_LENGTH = 5;

  /** Writer schemas one topic keeps readers for; past it the cache starts again (a bound). */
  static final int MAX_READERS = 256;

  private final String topic;
  private final SpecificData model;
  private final Schema schema;
  private final SpecificDatumWriter<V> writer;
  private final Map<Integer, DatumReader<V>> readers = new LinkedHashMap<>();

  RegistrySerde(Class<V> type, String topic) {
    TrustedClasses.ensure();
    this.topic = topic;
    this.model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.writer = new SpecificDatumWriter<>(schema, model);
  }

  byte[] serialize(String topicName, V value, SchemaIds ids) {
    String where = topicName == null ? topic : topicName;
    String subject = WireFormat.subjectOf(where);
    int id;
    try {
      id = ids.idOf(subject, schema);
    } catch (RuntimeException e) {
      throw new SerializationException(
          "Cannot write a "
              + schema.getName()
              + " to topic "
              + where
              + ": no schema id for subject "
              + subject
              + ": "
              + e.getMessage(),
          e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(MAGIC);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer.write(value, encoder);
      encoder.flush();
    } catch (IOException | AvroRuntimeException e) {
      throw ValueSerde.cannotWrite(schema, where, e);
    }
    return out.toByteArray();
  }

  V deserialize(String topicName, byte[] data, SchemaIds ids) {
    String where = topicName == null ? topic : topicName;
    if (data.length < HEADER_LENGTH) {
      throw new SerializationException(
          "Cannot read a record on topic "
              + where
              + ": it starts with 00, as the schema-registry wire format does, but is "
              + data.length
              + " bytes long, too short for the 4-byte schema id ("
              + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(data)
              + ").");
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    if (ids == null) {
      throw new SerializationException(
          "Cannot read a record on topic "
              + where
              + ": it is in the schema-registry wire format (schema id "
              + id
              + "), and no schema registry is configured to look the id up. Set"
              + " schema.registry.url.");
    }
    DatumReader<V> reader = readerFor(id, where, ids);
    return ValueSerde.readBody(
        reader, data, HEADER_LENGTH, where, schema, "registry schema id " + id);
  }

  private DatumReader<V> readerFor(int id, String where, SchemaIds ids) {
    synchronized (readers) {
      DatumReader<V> known = readers.get(id);
      if (known != null) {
        return known;
      }
    }
    Schema written;
    try {
      written = ids.schemaOf(id);
    } catch (SchemaRegistryException e) {
      if (e.unavailable()) {
        // Not a bad record: the stream thread stops on it and the record is read again later.
        throw e;
      }
      throw new SerializationException(
          "Cannot read a record on topic " + where + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new SerializationException(
          "Cannot read a record on topic " + where + ": " + e.getMessage(), e);
    }
    SchemaCompatibility.SchemaPairCompatibility fit =
        SchemaCompatibility.checkReaderWriterCompatibility(schema, written);
    if (fit.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new SerializationException(
          "Cannot read a record on topic "
              + where
              + ": registry schema id "
              + id
              + " ("
              + (written.getType() == Schema.Type.RECORD
                  ? written.getFullName()
                  : written.getType())
              + ") cannot be read as "
              + schema.getFullName()
              + ": "
              + fit.getResult().getIncompatibilities().stream()
                  .map(i -> i.getMessage() + " at " + i.getLocation())
                  .toList());
    }
    DatumReader<V> reader = new SpecificDatumReader<>(written, schema, model);
    synchronized (readers) {
      if (readers.size() >= MAX_READERS) {
        readers.clear();
      }
      readers.put(id, reader);
    }
    return reader;
  }
}
