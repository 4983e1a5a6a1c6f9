package io.fablestream.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class SizeCheckingProducerTest {
  @Test
  void aRecordOverTheLimitFailsAloneAndTheTransactionStillCommits() throws Exception {
    MockProducer<byte[], byte[]> kafka =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    SizeCheckingProducer producer = new SizeCheckingProducer(kafka, new RecordSizeGuard(1_000));
    producer.initTransactions();
    producer.beginTransaction();
    AtomicReference<Exception> seen = new AtomicReference<>();

    Future<RecordMetadata> big =
        producer.send(
            new ProducerRecord<>("fablestream.chapters.written", "b".getBytes(), new byte[2_000]),
            (metadata, e) -> seen.set(e));
    producer.send(new ProducerRecord<>("fablestream.books.failed", "b".getBytes(), new byte[10]));
    producer.commitTransaction();

    assertThat(seen.get())
        .isInstanceOf(RecordTooLargeException.class)
        .hasMessageContaining("fablestream.chapters.written")
        .hasMessageContaining("more than the 1000 bytes");
    assertThat(big).isDone();
    assertThat(catching(big)).isInstanceOf(RecordTooLargeException.class);
    assertThat(kafka.history())
        .extracting(ProducerRecord::topic)
        .containsExactly("fablestream.books.failed");
    assertThat(kafka.transactionCommitted()).isTrue();
  }

  @Test
  void whatPassesTheGuardPassesTheProducersOwnCheck() {
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      byte[] key = random.nextBoolean() ? null : new byte[random.nextInt(300)];
      byte[] value = random.nextInt(10) == 0 ? null : new byte[random.nextInt(3_000_000)];
      RecordHeaders headers = new RecordHeaders();
      for (int h = random.nextInt(4); h > 0; h--) {
        headers.add("header-" + h, random.nextBoolean() ? null : new byte[random.nextInt(500)]);
      }
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>("t", null, null, key, value, headers);

      int kafkas =
          AbstractRecords.estimateSizeInBytesUpperBound(
              RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE, key, value, headers.toArray());

      assertThat(RecordSizeGuard.sizeOf(record)).isBetween((long) kafkas, kafkas + 64L);
    }
  }

  @Test
  void theLimitIsTheProducersMaxRequestSizeOrItsBufferWhicheverIsSmaller() {
    assertThat(RecordSizeGuard.of(Map.of()).maxBytes()).isEqualTo(1_048_576);
    assertThat(RecordSizeGuard.of(Map.of("max.request.size", "5000000")).maxBytes())
        .isEqualTo(5_000_000);
    assertThat(
            RecordSizeGuard.of(Map.of("max.request.size", 5_000_000, "buffer.memory", 4_000_000L))
                .maxBytes())
        .isEqualTo(4_000_000);
  }

  private static Throwable catching(Future<?> future) throws InterruptedException {
    try {
      future.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
