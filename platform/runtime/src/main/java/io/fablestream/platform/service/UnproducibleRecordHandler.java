package io.fablestream.platform.service;

import io.fablestream.events.BookFailed;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service does with a record it cannot produce (too large, say, or refused by the broker):
 * the record goes to the service's dead-letter topic (its key and headers, its value when that is
 * not what was too large, the error in the headers), the book its key names fails with a BookFailed
 * {@code INTERNAL_ERROR} of the service's stage, and the service goes on. Both are produced in the
 * same transaction as the rest of the task's output. Retriable errors are retried, as Kafka
 * Streams' default handler does.
 *
 * <p>Kafka Streams' default handler builds its dead-letter record with the timestamp of the record
 * being processed, which is -1 when the failed record came from a punctuator or a store flush, and
 * {@code new ProducerRecord} refuses that ("Invalid timestamp: -1"); this one uses the failed
 * record's own timestamp, or none.
 */
public final class UnproducibleRecordHandler implements ProductionExceptionHandler {
  /** The service's short name, for messages ({@link StreamsDefaults} sets it). */
  public static final String SERVICE_CONFIG = "fablestream.service";

  /** The {@link Stage} a BookFailed names; unset: the record is only dead-lettered. */
  public static final String STAGE_CONFIG = "fablestream.failure.stage";

  /** Set on the records this handler makes, so a failure of one of them is not handled again. */
  static final String MADE_HERE_HEADER = "fablestream.errors.unproducible";

  static final String TARGET_TOPIC_HEADER = "fablestream.errors.target.topic";
  static final String VALUE_BYTES_HEADER = "fablestream.errors.value.bytes";

  /** The longest bookId a BookFailed carries: the analyzer's bound on ids it answers under. */
  private static final int MAX_BOOK_ID = 16_384;

  private static final Logger LOG = LoggerFactory.getLogger(UnproducibleRecordHandler.class);

  private final Clock clock;
  private String deadLetterTopic;
  private String service = "this service";
  private Optional<Stage> stage = Optional.empty();

  public UnproducibleRecordHandler() {
    this(Clock.systemUTC());
  }

  UnproducibleRecordHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    Object dlq = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    deadLetterTopic = dlq == null ? null : dlq.toString();
    Object name = configs.get(SERVICE_CONFIG);
    service = name == null ? service : name.toString();
    Object stageName = configs.get(STAGE_CONFIG);
    stage = stageName == null ? Optional.empty() : Optional.of(Stage.valueOf(stageName.toString()));
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    return giveUp(context, record.topic(), record.key(), record.value(), record, exception);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    // The value could not be made, so there are no value bytes; the key is a bookId string.
    byte[] key =
        record.key() instanceof String id && origin != SerializationExceptionOrigin.KEY
            ? id.getBytes(StandardCharsets.UTF_8)
            : null;
    return giveUp(context, record.topic(), key, null, record, exception);
  }

  private Response giveUp(
      ErrorHandlerContext context,
      String topic,
      byte[] key,
      byte[] value,
      ProducerRecord<?, ?> record,
      Exception exception) {
    if (record.headers().lastHeader(MADE_HERE_HEADER) != null) {
      LOG.error(
          "{}: the record this handler made for a failed one ({}) cannot be produced either; it"
              + " is dropped",
          service,
          topic,
          exception);
      return Response.resume();
    }
    Long timestamp = timestamp(record, context);
    boolean tooLarge =
        exception instanceof RecordTooLargeException
            || exception instanceof RecordBatchTooLargeException;
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
    if (deadLetterTopic != null) {
      out.add(
          deadLetter(context, topic, key, tooLarge ? null : value, value, timestamp, exception));
    }
    Optional<String> bookId = bookId(key);
    if (stage.isPresent() && bookId.isPresent()) {
      out.add(bookFailed(bookId.get(), topic, value, tooLarge, timestamp));
    }
    LOG.error(
        "{}: cannot produce a record to {} ({} bytes); {}{}",
        service,
        topic,
        value == null ? "no" : value.length,
        deadLetterTopic == null ? "no dead-letter topic is set" : "sent to " + deadLetterTopic,
        bookId.isPresent() && stage.isPresent() ? ", and its book failed" : "",
        exception);
    return Response.resume(out);
  }

  private ProducerRecord<byte[], byte[]> deadLetter(
      ErrorHandlerContext context,
      String topic,
      byte[] key,
      byte[] keptValue,
      byte[] value,
      Long timestamp,
      Exception exception) {
    Headers headers = new RecordHeaders();
    headers.add(MADE_HERE_HEADER, utf8("dead-letter"));
    headers.add("__streams.errors.exception", utf8(exception.getClass().getName()));
    headers.add("__streams.errors.message", utf8(String.valueOf(exception.getMessage())));
    if (context.topic() != null) {
      headers.add("__streams.errors.topic", utf8(context.topic()));
      headers.add("__streams.errors.partition", utf8(Integer.toString(context.partition())));
      headers.add("__streams.errors.offset", utf8(Long.toString(context.offset())));
    }
    headers.add(TARGET_TOPIC_HEADER, utf8(topic));
    headers.add(VALUE_BYTES_HEADER, utf8(Integer.toString(value == null ? 0 : value.length)));
    return new ProducerRecord<>(deadLetterTopic, null, timestamp, key, keptValue, headers);
  }

  private ProducerRecord<byte[], byte[]> bookFailed(
      String bookId, String topic, byte[] value, boolean tooLarge, Long timestamp) {
    Optional<SpecificRecord> event = event(topic, value);
    BookFailed failed =
        BookFailed.newBuilder()
            .setBookId(bookId)
            .setStage(stage.orElseThrow().name())
            .setReason(FailureReason.INTERNAL_ERROR.name())
            .setMessage(message(topic, value, tooLarge))
            .setChapterNumber(event.flatMap(e -> field(e, "chapterNumber")).orElse(null))
            .setFailedAt(clock.instant())
            .setRevision(event.flatMap(e -> field(e, "revision")).orElse(1))
            .build();
    Topic<BookFailed> out = Topics.BOOKS_FAILED;
    Headers headers = new RecordHeaders();
    headers.add(MADE_HERE_HEADER, utf8("book-failed"));
    return new ProducerRecord<>(
        out.name(),
        null,
        timestamp,
        out.keySerde().serializer().serialize(out.name(), bookId),
        out.valueSerde().serializer().serialize(out.name(), failed),
        headers);
  }

  /** For a person: what could not be written, why in plain words, where the operator looks. */
  private String message(String topic, byte[] value, boolean tooLarge) {
    String what = "The " + service + " service could not write this book's record to " + topic;
    String why =
        tooLarge
            ? ": it is "
                + (value == null ? "" : value.length + " bytes, ")
                + "more than Kafka takes here (the producer's max.request.size, or the topic's"
                + " max.message.bytes). The book cannot go on; ask for a shorter one (fewer"
                + " chapters or words per chapter), or ask the operator to raise those limits."
            : ": Kafka refused it. The book cannot go on.";
    String where =
        deadLetterTopic == null
            ? ""
            : " The operator finds the record and the error on " + deadLetterTopic + ".";
    return what + why + where;
  }

  /** The failed record's own timestamp, else the processed record's, else none (the producer's). */
  private static Long timestamp(ProducerRecord<?, ?> record, ErrorHandlerContext context) {
    if (record.timestamp() != null && record.timestamp() >= 0) {
      return record.timestamp();
    }
    return context.timestamp() >= 0 ? context.timestamp() : null;
  }

  /** Every topic and store of the line is keyed by bookId, as UTF-8. */
  private static Optional<String> bookId(byte[] key) {
    if (key == null || key.length == 0) {
      return Optional.empty();
    }
    String id;
    try {
      id =
          StandardCharsets.UTF_8
              .newDecoder()
              .decode(java.nio.ByteBuffer.wrap(key))
              .toString()
              .strip();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    if (id.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(id.length() <= MAX_BOOK_ID ? id : id.substring(0, MAX_BOOK_ID));
  }

  /** The failed value as the event of its topic, when it is one of the contract's topics. */
  private static Optional<SpecificRecord> event(String topic, byte[] value) {
    if (value == null) {
      return Optional.empty();
    }
    for (Topic<?> t : Topics.all()) {
      if (t.name().equals(topic)) {
        try {
          return Optional.of(t.valueSerde().deserializer().deserialize(topic, value));
        } catch (RuntimeException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> field(SpecificRecord event, String name) {
    Schema.Field field = event.getSchema().getField(name);
    return field != null && event.get(field.pos()) instanceof Integer n
        ? Optional.of(n)
        : Optional.empty();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
