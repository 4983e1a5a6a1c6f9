package io.fablestream.platform.service;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;

/**
 * The producer's own size limits ({@code max.request.size} and {@code buffer.memory}), checked
 * before a record reaches it. A transactional producer that refuses a record as too large turns the
 * whole transaction abortable, so under exactly-once the record's task is rolled back and redone,
 * and the same record fails again, for ever; a record refused here never touches the producer, so
 * it fails alone and the rest of the transaction commits.
 *
 * @param maxBytes the largest record (its batch, really) the producer would send
 */
record RecordSizeGuard(long maxBytes) {
  /** A record batch's header (v2), and a record's overhead with every varint at its widest. */
  private static final int BATCH_OVERHEAD = 61;

  private static final int RECORD_OVERHEAD = 21 + 5 + 5 + 5;
  private static final int HEADER_OVERHEAD = 5 + 5;

  /** The guard for a producer of this configuration (Kafka Streams' producer config map). */
  static RecordSizeGuard of(Map<String, Object> producerConfig) {
    long request =
        number(producerConfig, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ConfigDef.Type.INT, 1 << 20);
    long buffer =
        number(producerConfig, ProducerConfig.BUFFER_MEMORY_CONFIG, ConfigDef.Type.LONG, 32L << 20);
    return new RecordSizeGuard(Math.min(request, buffer));
  }

  /**
   * An upper bound of the bytes the record takes in a batch of its own, at least what the producer
   * computes for its check: so what passes here passes there.
   */
  static long sizeOf(ProducerRecord<byte[], byte[]> record) {
    long size = BATCH_OVERHEAD + RECORD_OVERHEAD;
    size += record.key() == null ? 0 : record.key().length;
    size += record.value() == null ? 0 : record.value().length;
    for (Header header : record.headers()) {
      size += HEADER_OVERHEAD + header.key().getBytes(StandardCharsets.UTF_8).length;
      size += header.value() == null ? 0 : header.value().length;
    }
    return size;
  }

  /** The producer's refusal of this record, or null when it fits. */
  RecordTooLargeException check(ProducerRecord<byte[], byte[]> record) {
    long size = sizeOf(record);
    if (size <= maxBytes) {
      return null;
    }
    return new RecordTooLargeException(
        "The record for "
            + record.topic()
            + " is "
            + size
            + " bytes, more than the "
            + maxBytes
            + " bytes the producer may send ("
            + ProducerConfig.MAX_REQUEST_SIZE_CONFIG
            + " or "
            + ProducerConfig.BUFFER_MEMORY_CONFIG
            + "); refused before it reached the producer, so its transaction can still commit.");
  }

  private static long number(
      Map<String, Object> config, String key, ConfigDef.Type type, long fallback) {
    Object value = config.get(key);
    return value == null ? fallback : ((Number) ConfigDef.parseType(key, value, type)).longValue();
  }
}
