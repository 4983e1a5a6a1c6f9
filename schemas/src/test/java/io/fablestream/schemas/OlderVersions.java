package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The events' published history (the schemas of earlier versions, in the test resources under
 * {@code io/fablestream/events/history/}) and a record moved across it both ways: today's record as
 * a consumer of a version before reads it, and a record a producer of a version before wrote as
 * today's serde reads it.
 */
final class OlderVersions {
  private OlderVersions() {}

  /** The published schema of a version, named as its file is: {@code ArcSummarized-v2}. */
  static Schema schema(String name) throws IOException {
    String resource = "io/fablestream/events/history/" + name + ".avsc";
    try (InputStream in = OlderVersions.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new Schema.Parser().parse(in);
    }
  }

  /**
   * The event as a consumer of the older schema reads it: its reader schema is the old one; like
   * any single-object reader it is given the writer's schema (docs/schemas publishes it) and
   * resolves the record to its own.
   */
  static GenericRecord oldConsumerView(SpecificRecord event, Schema old) throws IOException {
    byte[] bytes =
        new BinaryMessageEncoder<SpecificRecord>(SpecificData.get(), event.getSchema())
            .encode(event)
            .array();
    BinaryMessageDecoder<GenericRecord> decoder =
        new BinaryMessageDecoder<>(GenericData.get(), old);
    decoder.addSchema(event.getSchema());
    return decoder.decode(bytes);
  }

  /**
   * A record as a producer of its (older) schema wrote it on the topic, single-object encoded, read
   * by today's serde of the topic.
   */
  static <V extends SpecificRecord> V readToday(Topic<V> topic, GenericRecord written)
      throws IOException {
    byte[] bytes =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), written.getSchema())
            .encode(written)
            .array();
    return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
  }
}
