package io.fablestream.chapter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * A store's record as an older version of the service would have stored it: written with one of the
 * published schemas of the state's history ({@code state/history/<name>.avsc}), then read back
 * through the store's serde of today, as a restart after an upgrade reads its changelog.
 */
final class StoredBefore {
  private StoredBefore() {}

  /**
   * The record stored by a version that knew only the named published schema (e.g. {@code
   * "BookState-v4"}), read back through the serde.
   */
  static <T extends SpecificRecord> T readBack(Serde<T> serde, T record, String name) {
    return serde.deserializer().deserialize("any", asVersion(record, name));
  }

  /** The record's bytes as a version that knew only the named published schema stored them. */
  private static <T extends SpecificRecord> byte[] asVersion(T record, String name) {
    Schema current = record.getSchema();
    try {
      Schema old;
      try (InputStream in =
          StoredBefore.class
              .getClassLoader()
              .getResourceAsStream("io/fablestream/chapter/state/history/" + name + ".avsc")) {
        old = new Schema.Parser().parse(in);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<T>(current).write(record, encoder);
      encoder.flush();
      GenericRecord asOld =
          new GenericDatumReader<GenericRecord>(current, old)
              .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
      ByteBuffer encoded =
          new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(asOld);
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
