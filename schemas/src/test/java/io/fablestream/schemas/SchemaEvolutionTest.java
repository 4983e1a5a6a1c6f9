package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BibleCharacter;
import io.fablestream.events.BibleFact;
import io.fablestream.events.BibleThread;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterValidation;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.CharacterChange;
import io.fablestream.events.Contradiction;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.events.MemoryChunk;
import io.fablestream.events.StoryBible;
import io.fablestream.schemas.quality.QualityReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The second wave's fields (revision, edited, language, synopsis) evolve the contract under Avro's
 * rules, both ways: a consumer built before them reads the new records (the new fields ignored,
 * every field it knows as written), and today's classes read records of the version before (the new
 * fields at their defaults).
 */
class SchemaEvolutionTest {
  /** The fields the second wave added, anywhere in a record. */
  private static final Set<String> ADDED =
      Set.of(
          "revision",
          "edited",
          "language",
          "synopsis",
          "bookSoFar",
          "advancedConflicts",
          "quality",
          "reviewPlan",
          "chunks",
          "tone",
          "contradictions",
          "contradictionsFound",
          "contradictionsFixed",
          "bible",
          "album",
          "pictures",
          "picture",
          "illustration",
          "illustrationFailure",
          "imageCalls",
          "imageTimeMs");

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<SpecificRecord> revisedEvents() {
    return SingleObjectSerdeTest.everyEvent()
        .filter(e -> !e.getSchema().getName().equals("BookRevisionRequested"))
        .filter(e -> !e.getSchema().getName().equals("BookPlanned"))
        .filter(e -> !e.getSchema().getName().equals("ChapterIllustrated"))
        .map(SchemaEvolutionTest::withSecondWaveFields);
  }

  @ParameterizedTest
  @MethodSource("revisedEvents")
  void aConsumerBuiltBeforeTheSecondWaveReadsEveryFieldItKnows(SpecificRecord event)
      throws IOException {
    Schema old = history(event);

    GenericRecord read = OlderVersions.oldConsumerView(event, old);

    assertThat(read.getSchema()).isEqualTo(old);
    assertThat(json(read, old)).isEqualTo(withoutAddedFields(json(event)));
  }

  @ParameterizedTest
  @MethodSource("revisedEvents")
  void aRecordOfTheVersionBeforeDecodesWithTheNewFieldsAtTheirDefaults(SpecificRecord event)
      throws IOException {
    SpecificRecord plain =
        SingleObjectSerdeTest.everyEvent()
            .filter(e -> e.getClass() == event.getClass())
            .findFirst()
            .orElseThrow();
    GenericRecord asOld = OlderVersions.oldConsumerView(plain, history(event));

    SpecificRecord decoded = OlderVersions.readToday(SingleObjectSerdeTest.topicOf(event), asOld);

    assertThat(decoded).isEqualTo(plain);
    for (String field : List.of("revision", "language", "synopsis", "edited", "quality")) {
      if (decoded.getSchema().getField(field) != null) {
        Object value = decoded.get(decoded.getSchema().getField(field).pos());
        assertThat(value)
            .as(field)
            .isEqualTo(
                switch (field) {
                  case "revision" -> 1;
                  case "language" -> "en";
                  case "edited" -> false;
                  default -> null;
                });
      }
    }
  }

  @org.junit.jupiter.api.Test
  void aChapterIndexedOfAnIndexerBeforeKafkaMemoryDecodesWithNoChunks() throws IOException {
    Schema v2 = OlderVersions.schema("ChapterIndexed-v2");
    GenericRecord old = new GenericData.Record(v2);
    old.put("bookId", "b-1");
    old.put("chapterNumber", 3);
    old.put("chunkCount", 7);
    old.put("revision", 2);

    ChapterIndexed read = OlderVersions.readToday(Topics.CHAPTERS_INDEXED, old);

    assertThat(read).isEqualTo(new ChapterIndexed("b-1", 3, 7, 2, List.of()));
  }

  /**
   * The story bible's fields, both ways against the versions just before them (ChapterWritten v2,
   * BookCompleted v3): a consumer on those versions reads today's records, and today's classes read
   * theirs with the new fields at their defaults.
   */
  @ParameterizedTest
  @MethodSource("revisedEvents")
  void theStoryBibleFieldsEvolveBothWaysAgainstTheVersionsBeforeThem(SpecificRecord event)
      throws IOException {
    String name = event.getSchema().getName();
    String version =
        switch (name) {
          case "ChapterWritten" -> "ChapterWritten-v2";
          case "BookCompleted" -> "BookCompleted-v3";
          default -> null;
        };
    if (version == null) {
      return;
    }
    GenericRecord asBefore = OlderVersions.oldConsumerView(event, OlderVersions.schema(version));
    assertThat(asBefore.getSchema().getField("bible")).isNull();
    assertThat(asBefore.getSchema().getField("summary")).isNull();
    assertThat(asBefore.get("bookId")).isEqualTo(event.get(0));

    SpecificRecord decoded =
        OlderVersions.readToday(SingleObjectSerdeTest.topicOf(event), asBefore);

    switch (decoded) {
      case ChapterWritten c -> {
        assertThat(c.getSummary()).isEmpty();
        assertThat(c.getValidation().getTone()).isZero();
        assertThat(c.getValidation().getContradictions()).isEmpty();
        assertThat(c.getValidation().getContradictionsFound()).isZero();
        assertThat(c.getValidation().getContradictionsFixed()).isZero();
        assertThat(c.getText()).isEqualTo(((ChapterWritten) event).getText());
      }
      case BookCompleted b -> {
        assertThat(b.getBible()).isNull();
        assertThat(b.getChapters()).allSatisfy(ch -> assertThat(ch.getSummary()).isEmpty());
        assertThat(b.getQuality()).isEqualTo(((BookCompleted) event).getQuality());
      }
      default -> throw new AssertionError(decoded);
    }
  }

  private static SpecificRecord withSecondWaveFields(SpecificRecord event) {
    return switch (event) {
      case ImageSubmitted e -> ImageSubmitted.newBuilder(e).setLanguage("ja").build();
      case AnalysisReady e -> AnalysisReady.newBuilder(e).setLanguage("ja").build();
      case ChapterWritten e ->
          ChapterWritten.newBuilder(e)
              .setRevision(2)
              .setEdited(true)
              .setSummary("The bowl was empty. The cat waited.")
              .setValidation(
                  ChapterValidation.newBuilder(e.getValidation())
                      .setTone(4)
                      .setContradictions(
                          List.of(new Contradiction("The bowl is blue", 1, "The red bowl shone.")))
                      .setContradictionsFound(2)
                      .setContradictionsFixed(1)
                      .build())
              .build();
      case ChapterIndexed e ->
          ChapterIndexed.newBuilder(e)
              .setRevision(2)
              .setChunks(
                  List.of(
                      new MemoryChunk(
                          0,
                          "The lamp went out.",
                          List.of("lamp"),
                          java.nio.ByteBuffer.wrap(new byte[] {0, 0, -128, 63}))))
              .build();
      case ArcSummarized e ->
          ArcSummarized.newBuilder(e).setRevision(2).setSynopsis("猫の物語。").build();
      case BookCompleted e ->
          BookCompleted.newBuilder(e)
              .setRevision(3)
              .setLanguage("ja")
              .setSynopsis("猫の物語。")
              .setQuality(
                  QualityReport.of(
                      List.of(new QualityReport.Chapter(1, "Once upon a time.", 4, 0.9, 1)),
                      300,
                      "en"))
              .setChapters(
                  e.getChapters().stream()
                      .map(
                          c ->
                              BookChapter.newBuilder(c)
                                  .setRevision(3)
                                  .setEdited(true)
                                  .setSummary("The bowl was empty. The cat waited.")
                                  .build())
                      .toList())
              .setBible(
                  new StoryBible(
                      List.of(
                          new BibleCharacter(
                              "Chelsea",
                              List.of("the cat"),
                              "a tabby",
                              0,
                              List.of(new CharacterChange(1, "hungry")))),
                      List.of(new BibleFact("The bowl is blue", 1)),
                      List.of(new BibleThread("who emptied the bowl", 1, null))))
              .build();
      case BookFailed e -> BookFailed.newBuilder(e).setRevision(2).build();
      default -> throw new IllegalArgumentException("no second-wave fields on " + event);
    };
  }

  private static JsonNode json(SpecificRecord event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonEncoder encoder = EncoderFactory.get().jsonEncoder(event.getSchema(), out);
    new SpecificDatumWriter<SpecificRecord>(event.getSchema()).write(event, encoder);
    encoder.flush();
    return JSON.readTree(out.toByteArray());
  }

  private static JsonNode json(GenericRecord record, Schema schema) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return JSON.readTree(out.toByteArray());
  }

  private static JsonNode withoutAddedFields(JsonNode node) {
    if (node instanceof ObjectNode object) {
      ObjectNode copy = JSON.createObjectNode();
      object
          .properties()
          .forEach(
              e -> {
                // A chapter's summary is new; an arc's (no wordCount) always was.
                boolean chapterSummary = e.getKey().equals("summary") && object.has("wordCount");
                if (!ADDED.contains(e.getKey()) && !chapterSummary) {
                  copy.set(e.getKey(), withoutAddedFields(e.getValue()));
                }
              });
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JSON.createArrayNode();
      array.forEach(item -> copy.add(withoutAddedFields(item)));
      return copy;
    }
    return node;
  }

  /**
   * BookPlanned is new: a producer that fills only the book and its beats (the least a plan is)
   * still writes a plan that today's classes read, every other field at its default.
   */
  @org.junit.jupiter.api.Test
  void aPlanWithOnlyItsBeatsDecodesWithTheOtherFieldsAtTheirDefaults() throws IOException {
    Schema least =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"BookPlanned","namespace":"io.fablestream.events",
                 "fields":[{"name":"bookId","type":"string"},
                  {"name":"beats","type":{"type":"array","items":{"type":"record",
                   "name":"PlannedBeat","fields":[{"name":"chapter","type":"int"},
                   {"name":"beat","type":"string"}]}}}]}""");
    GenericRecord beat = new GenericData.Record(least.getField("beats").schema().getElementType());
    beat.put("chapter", 1);
    beat.put("beat", "Chelsea sees the fish.");
    GenericRecord plan = new GenericData.Record(least);
    plan.put("bookId", "book-1");
    plan.put("beats", List.of(beat));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(least).write(plan, encoder);
    encoder.flush();

    BookPlanned read =
        new org.apache.avro.specific.SpecificDatumReader<BookPlanned>(
                least, BookPlanned.getClassSchema())
            .read(
                null,
                org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

    assertThat(read.getRevision()).isEqualTo(1);
    assertThat(read.getApproved()).isTrue();
    assertThat(read.getTitle()).isNull();
    assertThat(read.getCast()).isEmpty();
    assertThat(read.getMainConflict()).isEmpty();
    assertThat(read.getBeats().get(0).getEnding()).isEmpty();
    assertThat(read.getBeats().get(0).getBeat()).isEqualTo("Chelsea sees the fish.");
  }

  /** The first published version of the event's schema, before the second wave. */
  private static Schema history(SpecificRecord event) throws IOException {
    return OlderVersions.schema(event.getSchema().getName() + "-v1");
  }
}
