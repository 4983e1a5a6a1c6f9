package io.fablestream.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Avro single-object encoding (bytes {@code C3 01}, the writer schema's CRC-64-AVRO fingerprint
 * little-endian, then the binary body) for one topic's values. The decoder knows the current schema
 * and every published older version of the same record, and resolves them under Avro's rules.
 *
 * <p>The body is decoded from the byte array itself, not through a stream (as Avro's {@code
 * BinaryMessageDecoder} does): Avro then checks every length prefix against the bytes that are
 * left, so a record of a few bytes claiming a gigabyte-long string or bytes field is refused as
 * malformed instead of allocating the gigabyte (an {@code OutOfMemoryError} that would stop the
 * stream thread, again on every restart).
 */
final class SingleObjectSerde<V extends SpecificRecord> extends ValueSerde<V> {
  private static final int HEADER_LENGTH = 10;
  private static final byte[] MAGIC = {(byte) 0xC3, 0x01};

  static {
    TrustedClasses.ensure();
  }

  private final String topic;
  private final Schema schema;
  private final BinaryMessageEncoder<V> encoder;

  /** A reader per published writer schema, by fingerprint, each resolving to the current one. */
  private final Map<Long, DatumReader<V>> readers;

  SingleObjectSerde(Class<V> type, String topic, SchemaHistory history) {
    SpecificData model = SpecificData.getForClass(type);
    this.topic = topic;
    this.schema = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    Map<Long, DatumReader<V>> byFingerprint = new HashMap<>();
    byFingerprint.put(
        SchemaNormalization.parsingFingerprint64(schema),
        new SpecificDatumReader<>(schema, schema, model));
    for (Schema older : history.versionsOf(schema.getFullName())) {
      byFingerprint.putIfAbsent(
          SchemaNormalization.parsingFingerprint64(older),
          new SpecificDatumReader<>(older, schema, model));
    }
    this.readers = Map.copyOf(byFingerprint);
  }

  @Override
  byte[] write(String topicName, V value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try {
      encoder.encode(value, out);
    } catch (IOException | AvroRuntimeException e) {
      throw cannotWrite(schema, topicName, e);
    }
    return out.toByteArray();
  }

  @Override
  V read(String topicName, byte[] data) {
    String where = topicName == null ? topic : topicName;
    if (data.length < HEADER_LENGTH || data[0] != MAGIC[0] || data[1] != MAGIC[1]) {
      throw new SerializationException(
          "Cannot read a record on topic "
              + where
              + ": the value is not Avro single-object encoded (C3 01 and an 8-byte schema"
              + " fingerprint; it starts with "
              + firstBytes(data)
              + "), nor in the schema-registry wire format (00 and a 4-byte schema id)."
              + " Producers must write "
              + schema.getFullName()
              + " in one of the two.");
    }
    DatumReader<V> reader =
        readers.get(ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
    if (reader == null) {
      throw new SerializationException(
          "Cannot read a record on topic "
              + where
              + ": unknown schema fingerprint "
              + fingerprintOf(data)
              + "; it is not a published version of "
              + schema.getFullName()
              + " (the current version's fingerprint is "
              + hex(SchemaNormalization.parsingFingerprint64(schema))
              + ").");
    }
    return readBody(
        reader, data, HEADER_LENGTH, where, schema, "fingerprint " + fingerprintOf(data));
  }

  /**
   * Avro 1.12 only instantiates classes it trusts while decoding; ours are generated from our own
   * schemas, so trust the io.fablestream packages beside whatever the process already trusts.
   */
  static synchronized void trustFablestreamClasses() {
    ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(
        new ClassSecurityPredicate() {
          @Override
          public boolean isTrusted(Class<?> type) {
            return type.getName().startsWith("io.fablestream.") || previous.isTrusted(type);
          }

          @Override
          public void forbiddenClass(String className) {
            previous.forbiddenClass(className);
          }
        });
  }

  private static String fingerprintOf(byte[] data) {
    if (data.length < HEADER_LENGTH) {
      return "(none: the value is " + data.length + " bytes long)";
    }
    return hex(ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
  }

  private static String hex(long fingerprint) {
    return "0x" + HexFormat.of().toHexDigits(fingerprint);
  }

  private static String firstBytes(byte[] data) {
    int n = Math.min(data.length, HEADER_LENGTH);
    return n == 0
        ? "nothing (0 bytes)"
        : HexFormat.ofDelimiter(" ").withUpperCase().formatHex(data, 0, n);
  }
}
