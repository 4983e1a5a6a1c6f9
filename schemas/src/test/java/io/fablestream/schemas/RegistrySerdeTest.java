package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ImageSubmitted;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RegistrySerdeTest {

  private final Ids ids = new Ids();

  @AfterEach
  void backToTheDefault() {
    EventSerdes.useDefault();
  }

  @Test
  void aRecordIsWrittenByteForByteAsTheDocumentedWireFormat() {
    ids.give("fablestream.chapters.indexed-value", ChapterIndexed.getClassSchema(), 7);
    EventSerdes.use(new EventSerdes.Wire(WireFormat.REGISTRY, ids));
    ChapterIndexed indexed =
        ChapterIndexed.newBuilder()
            .setBookId("book-1")
            .setChapterNumber(1)
            .setChunkCount(3)
            .setRevision(1)
            .setChunks(List.of())
            .build();

    byte[] bytes =
        Topics.CHAPTERS_INDEXED
            .valueSerde()
            .serializer()
            .serialize(Topics.CHAPTERS_INDEXED.name(), indexed);

    // Byte 0 is the magic 0; then the schema id, 4 bytes big-endian; then the Avro binary body:
    // the string as its zigzag length (6 -> 0x0C) and UTF-8 bytes, then each int zigzag-encoded,
    // then the empty array of chunks (a block count of 0).
    assertThat(bytes)
        .containsExactly(
            0x00, 0x00, 0x00, 0x00, 0x07, 0x0C, 'b', 'o', 'o', 'k', '-', '1', 0x02, 0x06, 0x02,
            0x00);
    assertThat(ids.asked).containsExactly("fablestream.chapters.indexed-value");
  }

  @ParameterizedTest
  @MethodSource("io.fablestream.schemas.SingleObjectSerdeTest#everyEvent")
  void everyEventRoundTripsInTheRegistryFormatUnderItsTopicsSubject(SpecificRecord event) {
    Topic<SpecificRecord> topic = SingleObjectSerdeTest.topicOf(event);
    ids.give(topic.name() + "-value", event.getSchema(), 100 + Topics.all().indexOf(topic));
    EventSerdes.use(new EventSerdes.Wire(WireFormat.REGISTRY, ids));

    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), event);

    assertThat(bytes[0]).isZero();
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(100 + Topics.all().indexOf(topic));
    assertThat(topic.valueSerde().deserializer().deserialize(topic.name(), bytes)).isEqualTo(event);
  }

  @Test
  void oneTopicReadsASingleObjectRecordAndARegistryRecordAlike() {
    BookFailed failed =
        SingleObjectSerdeTest.everyEvent()
            .flatMap(e -> e instanceof BookFailed f ? Stream.of(f) : Stream.empty())
            .findFirst()
            .orElseThrow();
    byte[] singleObject =
        Topics.BOOKS_FAILED.valueSerde().serializer().serialize("fablestream.books.failed", failed);
    ids.give("fablestream.books.failed-value", BookFailed.getClassSchema(), 12);
    EventSerdes.use(new EventSerdes.Wire(WireFormat.REGISTRY, ids));
    byte[] registry =
        Topics.BOOKS_FAILED.valueSerde().serializer().serialize("fablestream.books.failed", failed);

    assertThat(singleObject[0]).isEqualTo((byte) 0xC3);
    assertThat(registry[0]).isZero();
    assertThat(
            List.of(singleObject, registry).stream()
                .map(b -> Topics.BOOKS_FAILED.valueSerde().deserializer().deserialize("t", b)))
        .containsExactly(failed, failed);
  }

  @Test
  void aRegistryRecordWrittenWithAnOlderSchemaDecodesWithDefaultsFilled() throws IOException {
    Schema old = OldImageRequest.schema();
    GenericRecord request = OldImageRequest.record(old);
    ids.give("fablestream.images.submitted-value", old, 3);
    EventSerdes.use(new EventSerdes.Wire(WireFormat.SINGLE_OBJECT, ids));

    ImageSubmitted decoded =
        Topics.IMAGES_SUBMITTED
            .valueSerde()
            .deserializer()
            .deserialize("fablestream.images.submitted", framed(3, old, request));

    assertThat(decoded).isEqualTo(OldImageRequest.readToday());
  }

  @Test
  void aRegistryRecordWithoutARegistryConfiguredNamesTheSetting() {
    byte[] bytes = {0, 0, 0, 0, 9, 2, 'b'};

    assertThatThrownBy(
            () ->
                Topics.CHAPTERS_INDEXED
                    .valueSerde()
                    .deserializer()
                    .deserialize("fablestream.chapters.indexed", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("fablestream.chapters.indexed")
        .hasMessageContaining("schema id 9")
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void aRegistryIdOfAnotherRecordIsRefusedNamingTheId() {
    ids.give("other-value", ChapterIndexed.getClassSchema(), 21);
    EventSerdes.use(new EventSerdes.Wire(WireFormat.SINGLE_OBJECT, ids));
    byte[] bytes = {0, 0, 0, 0, 21, 2, 'b', 2, 2, 2};

    assertThatThrownBy(
            () ->
                Topics.BOOKS_FAILED
                    .valueSerde()
                    .deserializer()
                    .deserialize("fablestream.books.failed", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("registry schema id 21 (io.fablestream.events.ChapterIndexed)")
        .hasMessageContaining("cannot be read as io.fablestream.events.BookFailed");
  }

  @Test
  void aValueTooShortForItsSchemaIdIsRefusedShowingItsBytes() {
    assertThatThrownBy(
            () ->
                Topics.BOOKS_FAILED
                    .valueSerde()
                    .deserializer()
                    .deserialize("fablestream.books.failed", new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("too short for the 4-byte schema id (00 00 01)");
  }

  @Test
  void aValueInNeitherFormatNamesBoth() {
    assertThatThrownBy(
            () ->
                Topics.BOOKS_FAILED
                    .valueSerde()
                    .deserializer()
                    .deserialize("fablestream.books.failed", new byte[] {'{', '"', 'a'}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not Avro single-object encoded")
        .hasMessageContaining("nor in the schema-registry wire format");
  }

  @Test
  void theRegistryFormatCannotBeChosenWithoutARegistry() {
    assertThatThrownBy(() -> new EventSerdes.Wire(WireFormat.REGISTRY, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(WireFormat.named("Registry")).isEqualTo(WireFormat.REGISTRY);
    assertThat(WireFormat.named("single-object")).isEqualTo(WireFormat.SINGLE_OBJECT);
  }

  private static byte[] framed(int id, Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** Ids given by the test, as a registry would hand them out; records the subjects asked for. */
  private static final class Ids implements SchemaIds {
    private final Map<String, Integer> bySubject = new HashMap<>();
    private final Map<Integer, Schema> byId = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    void give(String subject, Schema schema, int id) {
      bySubject.put(subject, id);
      byId.put(id, schema);
    }

    @Override
    public int idOf(String subject, Schema schema) {
      asked.add(subject);
      Integer id = bySubject.get(subject);
      if (id == null) {
        throw new IllegalStateException("no id for " + subject);
      }
      return id;
    }

    @Override
    public void requireWritable(String subject, Schema schema) {
      idOf(subject, schema);
    }

    @Override
    public Schema schemaOf(int id) {
      Schema schema = byId.get(id);
      if (schema == null) {
        throw new IllegalStateException("no schema " + id);
      }
      return schema;
    }
  }
}
