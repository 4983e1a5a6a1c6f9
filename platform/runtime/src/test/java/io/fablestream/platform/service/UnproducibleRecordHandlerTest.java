package io.fablestream.platform.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.events.TestChapters;
import io.fablestream.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class UnproducibleRecordHandlerTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:15:30Z");
  private static final String DLQ = "fablestream.chapter.dlq";
  private static final String CHAPTERS = Topics.CHAPTERS_WRITTEN.name();

  /** While a record is processed: the input's topic, partition, offset and timestamp are known. */
  private static final ErrorHandlerContext PROCESSING =
      new Context("fablestream.chapters.indexed", 1, 42, 1_700_000_000_000L);

  /** In a wall-clock punctuator or a store flush nothing is known of an input record. */
  private static final ErrorHandlerContext PUNCTUATOR = new Context(null, -1, -1, -1);

  @Test
  void aChapterTooLargeToProduceGoesToTheDeadLetterTopicAndFailsItsBook() {
    ProducerRecord<byte[], byte[]> chapter = chapterRecord("book-7", 3, 2, 1_100_000, 1_700L);

    Response response =
        handler("WRITE").handleError(PROCESSING, chapter, new RecordTooLargeException("too big"));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    List<ProducerRecord<byte[], byte[]>> out = response.deadLetterQueueRecords();
    assertThat(out)
        .extracting(ProducerRecord::topic)
        .containsExactly(DLQ, Topics.BOOKS_FAILED.name());

    ProducerRecord<byte[], byte[]> dead = out.get(0);
    assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("book-7");
    assertThat(dead.value()).as("the value that was too large is not sent again").isNull();
    assertThat(dead.timestamp()).isEqualTo(1_700L);
    assertThat(header(dead.headers(), "__streams.errors.exception"))
        .isEqualTo(RecordTooLargeException.class.getName());
    assertThat(header(dead.headers(), "__streams.errors.topic"))
        .isEqualTo("fablestream.chapters.indexed");
    assertThat(header(dead.headers(), "__streams.errors.offset")).isEqualTo("42");
    assertThat(header(dead.headers(), "fablestream.errors.target.topic")).isEqualTo(CHAPTERS);
    assertThat(header(dead.headers(), "fablestream.errors.value.bytes"))
        .isEqualTo(Integer.toString(chapter.value().length));

    ProducerRecord<byte[], byte[]> failedRecord = out.get(1);
    assertThat(new String(failedRecord.key(), StandardCharsets.UTF_8)).isEqualTo("book-7");
    assertThat(failedRecord.value().length)
        .as("a BookFailed is a few hundred bytes")
        .isLessThan(1_000);
    BookFailed failed = bookFailed(failedRecord);
    assertThat(failed)
        .isEqualTo(
            BookFailed.newBuilder()
                .setBookId("book-7")
                .setStage("WRITE")
                .setReason("INTERNAL_ERROR")
                .setMessage(
                    "The chapter service could not write this book's record to "
                        + CHAPTERS
                        + ": it is "
                        + chapter.value().length
                        + " bytes, more than Kafka takes here (the producer's max.request.size, or"
                        + " the topic's max.message.bytes). The book cannot go on; ask for a"
                        + " shorter one (fewer chapters or words per chapter), or ask the operator"
                        + " to raise those limits. The operator finds the record and the error on "
                        + DLQ
                        + ".")
                .setChapterNumber(3)
                .setFailedAt(NOW)
                .setRevision(2)
                .build());
  }

  @Test
  void kafkasDefaultHandlerFailsInAPunctuatorWhereThisOneDoesNot() {
    ProducerRecord<byte[], byte[]> chapter = chapterRecord("book-8", 1, 1, 2_000, null);
    DefaultProductionExceptionHandler kafkas = new DefaultProductionExceptionHandler();
    kafkas.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, DLQ));

    // What the issue saw: the dead-letter record cannot even be built.
    assertThatThrownBy(
            () -> kafkas.handleError(PUNCTUATOR, chapter, new RecordTooLargeException("big")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid timestamp: -1");

    Response response =
        handler("WRITE").handleError(PUNCTUATOR, chapter, new RecordTooLargeException("big"));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords())
        .extracting(ProducerRecord::topic, ProducerRecord::timestamp)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(DLQ, null),
            org.assertj.core.groups.Tuple.tuple(Topics.BOOKS_FAILED.name(), null));
    assertThat(header(response.deadLetterQueueRecords().get(0).headers(), "__streams.errors.topic"))
        .isNull();
  }

  @Test
  void aRecordKafkaRefusesForAnotherReasonKeepsItsValueOnTheDeadLetterTopic() {
    ProducerRecord<byte[], byte[]> chapter = chapterRecord("book-9", 2, 1, 100, 5L);

    Response response =
        handler("WRITE")
            .handleError(
                PROCESSING,
                chapter,
                new org.apache.kafka.common.InvalidRecordException("compacted topic, null key"));

    assertThat(response.deadLetterQueueRecords().get(0).value()).isEqualTo(chapter.value());
    assertThat(bookFailed(response.deadLetterQueueRecords().get(1)).getMessage())
        .isEqualTo(
            "The chapter service could not write this book's record to "
                + CHAPTERS
                + ": Kafka refused it. The book cannot go on. The operator finds the record and"
                + " the error on "
                + DLQ
                + ".")
        .doesNotContain("compacted");
  }

  @Test
  void aRetriableErrorIsRetriedAsKafkaStreamsDoes() {
    Response response =
        handler("WRITE")
            .handleError(
                PROCESSING, chapterRecord("b", 1, 1, 10, 1L), new TimeoutException("slow"));

    assertThat(response.result()).isEqualTo(Result.RETRY);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }

  @Test
  void aServiceThatIsNoStageOfTheLineOnlyDeadLettersTheRecord() {
    Response response =
        handler(null)
            .handleError(
                PROCESSING,
                chapterRecord("book-10", 1, 1, 10, 1L),
                new RecordTooLargeException("big"));

    assertThat(response.deadLetterQueueRecords())
        .extracting(ProducerRecord::topic)
        .containsExactly(DLQ);
  }

  @Test
  void aRecordThisHandlerMadeThatFailsInTurnIsDroppedNotHandledAgain() {
    Response first =
        handler("WRITE")
            .handleError(
                PROCESSING,
                chapterRecord("book-11", 1, 1, 10, 1L),
                new RecordTooLargeException("a"));
    ProducerRecord<byte[], byte[]> ours = first.deadLetterQueueRecords().get(1);

    Response second =
        handler("WRITE").handleError(PROCESSING, ours, new RecordTooLargeException("b"));

    assertThat(second.result()).isEqualTo(Result.RESUME);
    assertThat(second.deadLetterQueueRecords()).isEmpty();
  }

  @Test
  void anAbsurdlyLongBookIdIsCutSoTheBookFailedStaysSmall() {
    String id = "x".repeat(400_000);
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(CHAPTERS, null, 1L, id.getBytes(StandardCharsets.UTF_8), new byte[10]);

    Response response =
        handler("WRITE").handleError(PROCESSING, record, new RecordTooLargeException("big"));

    BookFailed failed = bookFailed(response.deadLetterQueueRecords().get(1));
    assertThat(failed.getBookId()).hasSize(16_384);
    assertThat(failed.getRevision()).isEqualTo(1);
    assertThat(failed.getChapterNumber()).isNull();
  }

  private static UnproducibleRecordHandler handler(String stage) {
    UnproducibleRecordHandler handler =
        new UnproducibleRecordHandler(Clock.fixed(NOW, ZoneOffset.UTC));
    Map<String, Object> config = new java.util.HashMap<>();
    config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, DLQ);
    config.put(UnproducibleRecordHandler.SERVICE_CONFIG, "chapter");
    if (stage != null) {
      config.put(UnproducibleRecordHandler.STAGE_CONFIG, stage);
    }
    handler.configure(config);
    return handler;
  }

  private static ProducerRecord<byte[], byte[]> chapterRecord(
      String bookId, int number, int revision, int textLength, Long timestamp) {
    ChapterWritten chapter =
        TestChapters.written(bookId, number, number, "w".repeat(textLength))
            .setRevision(revision)
            .build();
    return new ProducerRecord<>(
        CHAPTERS,
        null,
        timestamp,
        bookId.getBytes(StandardCharsets.UTF_8),
        Topics.CHAPTERS_WRITTEN.valueSerde().serializer().serialize(CHAPTERS, chapter));
  }

  private static BookFailed bookFailed(ProducerRecord<byte[], byte[]> record) {
    return Topics.BOOKS_FAILED
        .valueSerde()
        .deserializer()
        .deserialize(record.topic(), record.value());
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private record Context(String topic, int partition, long offset, long timestamp)
      implements ErrorHandlerContext {
    @Override
    public Headers headers() {
      return new RecordHeaders();
    }

    @Override
    public String processorNodeId() {
      return "write-" + CHAPTERS;
    }

    @Override
    public TaskId taskId() {
      return new TaskId(0, 1);
    }

    @Override
    public byte[] sourceRawKey() {
      return null;
    }

    @Override
    public byte[] sourceRawValue() {
      return null;
    }
  }
}
