package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.ArcSummary;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.BookStats;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterValidation;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.events.ModelUsage;
import io.fablestream.events.PlannedBeat;
import io.fablestream.events.PlannedCharacter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SingleObjectSerdeTest {
  private static final Instant AT = Instant.parse("2026-11-23T10:15:30Z");
  private static final ModelUsage USAGE =
      ModelUsage.newBuilder()
          .setPromptTokens(120)
          .setOutputTokens(340)
          .setDurationMs(2_500)
          .setCalls(2)
          .build();
  private static final ImageAnalysis ANALYSIS =
      ImageAnalysis.newBuilder()
          .setSetting("a sunlit kitchen")
          .setCharacters(List.of("a tabby cat"))
          .setMood("curious")
          .setObjects(List.of("a bowl", "a window"))
          .setPotentialConflicts(List.of("the bowl is empty"))
          .build();

  static Stream<SpecificRecord> everyEvent() {
    return Stream.of(
        ImageSubmitted.newBuilder()
            .setBookId("book-1")
            .setSubmittedAt(AT)
            .setImage(
                ImageRef.newBuilder()
                    .setContentType("image/png")
                    .setData(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
                    .build())
            .setTitle("The Cat")
            .setRequestedBy("tests")
            .setAlbum(List.of())
            .build(),
        AnalysisReady.newBuilder()
            .setBookId("book-1")
            .setSubmittedAt(AT)
            .setChapterCount(3)
            .setArcLength(2)
            .setWordsPerChapter(120)
            .setAnalysis(ANALYSIS)
            .setModel("llava:7b")
            .setUsage(USAGE)
            .setPictures(List.of())
            .build(),
        ChapterWritten.newBuilder()
            .setBookId("book-1")
            .setChapterNumber(1)
            .setChapterCount(3)
            .setTitle("The Empty Bowl")
            .setText("Once upon a time the bowl was empty.")
            .setWordCount(8)
            .setKeywords(List.of("bowl"))
            .setAttempts(2)
            .setValidation(
                ChapterValidation.newBuilder()
                    .setMoodScore(0.82)
                    .setConflictCount(1)
                    .setPassed(true)
                    .setContradictions(java.util.List.of())
                    .build())
            .setModel("llama3.1:8b")
            .setUsage(USAGE)
            .build(),
        ChapterIndexed.newBuilder()
            .setBookId("book-1")
            .setChapterNumber(1)
            .setChunkCount(3)
            .setChunks(List.of())
            .build(),
        ArcSummarized.newBuilder()
            .setBookId("book-1")
            .setFromChapter(1)
            .setThroughChapter(2)
            .setSummary("The cat wakes. The bowl is empty. She sets out.")
            .setModel("llama3.1:8b")
            .setUsage(USAGE)
            .build(),
        BookCompleted.newBuilder()
            .setBookId("book-1")
            .setTitle("The Cat")
            .setAnalysis(ANALYSIS)
            .setChapters(
                List.of(
                    BookChapter.newBuilder()
                        .setNumber(1)
                        .setTitle("The Empty Bowl")
                        .setText("Once upon a time.")
                        .setWordCount(3)
                        .build()))
            .setSummaries(
                List.of(
                    ArcSummary.newBuilder()
                        .setFromChapter(1)
                        .setThroughChapter(2)
                        .setSummary("It went well.")
                        .build()))
            .setStats(
                BookStats.newBuilder()
                    .setPromptTokens(1_000)
                    .setOutputTokens(2_000)
                    .setModelTimeMs(30_000)
                    .setWallTimeMs(45_000)
                    .setModelCalls(9)
                    .build())
            .setCompletedAt(AT.plusSeconds(45))
            .build(),
        BookFailed.newBuilder()
            .setBookId("book-2")
            .setStage(Stage.ANALYZE.name())
            .setReason(FailureReason.IMAGE_UNREADABLE.name())
            .setMessage("The image is cut short; upload the whole file.")
            .setFailedAt(AT)
            .build(),
        BookRevisionRequested.newBuilder()
            .setBookId("book-1")
            .setRevision(2)
            .setFromChapter(2)
            .setInstruction("make the stranger an old friend")
            .setBeats(List.of())
            .setRequestedBy("tests")
            .setRequestedAt(AT)
            .build(),
        BookPlanned.newBuilder()
            .setBookId("book-1")
            .setTitle("The Shelf")
            .setCast(List.of(new PlannedCharacter("Chelsea", "a tabby cat who wants the fish")))
            .setMainConflict("the fish on the high shelf")
            .setBeats(
                List.of(
                    new PlannedBeat(
                        1, "Chelsea sees the fish.", "She finds the shelf too high.", 1),
                    new PlannedBeat(2, "She builds a way up.", "She eats the fish.", 1)))
            .setModel("llama3.1:8b")
            .setPlannedAt(AT)
            .build(),
        ChapterIllustrated.newBuilder()
            .setBookId("book-1")
            .setChapterNumber(1)
            .setContentType("image/png")
            .setData(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
            .setWidth(512)
            .setHeight(512)
            .setPrompt("a tabby cat looks up at a high shelf, watercolour")
            .setSeed(42L)
            .setIllustratedAt(AT)
            .build());
  }

  @ParameterizedTest
  @MethodSource("everyEvent")
  void everyEventRoundTripsThroughItsTopic(SpecificRecord event) {
    Topic<SpecificRecord> topic = topicOf(event);

    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), event);
    SpecificRecord back = topic.valueSerde().deserializer().deserialize(topic.name(), bytes);

    assertThat(back).isEqualTo(event);
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(event.getSchema()));
  }

  @Test
  void anEventWrittenWithAnOlderSchemaDecodesWithDefaultsFilled() throws IOException {
    Schema old = OldImageRequest.schema();
    GenericRecord request = OldImageRequest.record(old);
    byte[] bytes =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(request).array();

    ImageSubmitted decoded =
        Topics.IMAGES_SUBMITTED.valueSerde().deserializer().deserialize("t", bytes);

    assertThat(decoded).isEqualTo(OldImageRequest.readToday());
  }

  @Test
  void garbageBytesGiveAnErrorNamingTheTopic() {
    byte[] garbage = "hello, not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(
            () ->
                Topics.CHAPTERS_WRITTEN
                    .valueSerde()
                    .deserializer()
                    .deserialize(Topics.CHAPTERS_WRITTEN.name(), garbage))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("fablestream.chapters.written")
        .hasMessageContaining("not Avro single-object encoded")
        .hasMessageContaining("68 65 6C 6C 6F");
  }

  @Test
  void anUnknownFingerprintGivesAnErrorNamingTopicAndFingerprint() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xC3);
    out.write(0x01);
    byte[] fingerprint =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x1122334455667788L).array();
    out.writeBytes(fingerprint);
    out.writeBytes(new byte[] {2, 'x'});

    assertThatThrownBy(
            () ->
                Topics.BOOKS_FAILED
                    .valueSerde()
                    .deserializer()
                    .deserialize(Topics.BOOKS_FAILED.name(), out.toByteArray()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("fablestream.books.failed")
        .hasMessageContaining("unknown schema fingerprint 0x1122334455667788")
        .hasMessageContaining("io.fablestream.events.BookFailed");
  }

  @Test
  void aValueOfAnotherEventTypeIsRefusedNotMisread() {
    ChapterIndexed indexed =
        ChapterIndexed.newBuilder()
            .setBookId("b")
            .setChapterNumber(1)
            .setChunkCount(1)
            .setChunks(List.of())
            .build();
    byte[] bytes = Topics.CHAPTERS_INDEXED.valueSerde().serializer().serialize("t", indexed);

    assertThatThrownBy(
            () ->
                Topics.BOOKS_FAILED
                    .valueSerde()
                    .deserializer()
                    .deserialize(Topics.BOOKS_FAILED.name(), bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown schema fingerprint")
        .hasMessageContaining(
            "0x"
                + HexFormat.of()
                    .toHexDigits(SchemaNormalization.parsingFingerprint64(indexed.getSchema())));
  }

  @Test
  void aFewBytesClaimingAGigabyteAreRefusedAsMalformedWithoutAllocatingIt() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xC3);
    out.write(0x01);
    out.writeBytes(
        ByteBuffer.allocate(8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putLong(SchemaNormalization.parsingFingerprint64(ImageSubmitted.getClassSchema()))
            .array());
    out.write(2); // bookId: 1 byte
    out.write('b');
    out.write(0); // submittedAt: 0
    out.write(0); // image.contentType: empty
    out.write(2); // image.data: the bytes branch of the union
    out.writeBytes(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08}); // 1 GiB

    assertThatThrownBy(
            () ->
                Topics.IMAGES_SUBMITTED
                    .valueSerde()
                    .deserializer()
                    .deserialize(Topics.IMAGES_SUBMITTED.name(), out.toByteArray()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("fablestream.images.submitted")
        .hasMessageContaining("is malformed")
        .hasMessageContaining("Attempted to read 1073741824 bytes, but only 0 bytes are available")
        .hasRootCauseInstanceOf(java.io.EOFException.class);
  }

  @Test
  void nullIsATombstoneBothWays() {
    assertThat(Topics.BOOKS_COMPLETED.valueSerde().serializer().serialize("t", null)).isNull();
    assertThat(Topics.BOOKS_COMPLETED.valueSerde().deserializer().deserialize("t", null)).isNull();
  }

  /** The topic whose values are the event's type (RegistrySerdeTest's too). */
  @SuppressWarnings("unchecked")
  static Topic<SpecificRecord> topicOf(SpecificRecord event) {
    return (Topic<SpecificRecord>)
        Topics.all().stream()
            .filter(t -> t.valueType().equals(event.getClass()))
            .findFirst()
            .orElseThrow();
  }
}
