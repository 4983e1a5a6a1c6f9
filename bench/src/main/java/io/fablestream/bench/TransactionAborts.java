package io.fablestream.bench;

import io.fablestream.platform.service.ServiceRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;

/**
 * Counts the line's aborted transactions two ways.
 *
 * <p>From the producers' metrics: Kafka's producer has no count of aborts, only {@code
 * txn-abort-time-ns-total} (group {@code producer-metrics}, per {@code client-id}), the time spent
 * in {@code abortTransaction()}, which every abort adds to and nothing else does; it is sampled
 * every second from each service's {@code KafkaStreams.metrics()}, and the last value of each
 * producer kept, so a producer that Kafka Streams closed (a fenced thread's) still counts. A rise
 * between two samples is at least one abort. An abort the coordinator makes on its own (a
 * transaction past {@code transaction.timeout.ms}) does not pass through the producer, so the
 * second way:
 *
 * <p>From the broker's logs: every aborted transaction writes an ABORT marker to each partition it
 * wrote to, a committed one a COMMIT marker. The embedded broker's segments are read at the end of
 * the run and the markers counted.
 */
final class TransactionAborts implements AutoCloseable {
  private static final String GROUP = "producer-metrics";
  private static final String ABORT_TIME = "txn-abort-time-ns-total";
  private static final String COMMIT_TIME = "txn-commit-time-ns-total";

  /** What was counted. */
  record Counts(
      int producers,
      double commitNanos,
      double abortNanos,
      int abortsSeen,
      long commitMarkers,
      long abortMarkers) {
    String describe() {
      return String.format(
          Locale.ROOT,
          "%d producers: txn-abort-time-ns-total %.0f ns (%d rises, so at least that many aborts),"
              + " txn-commit-time-ns-total %.1f s; broker logs: %d ABORT markers, %d COMMIT"
              + " markers",
          producers,
          abortNanos,
          abortsSeen,
          commitNanos / 1e9,
          abortMarkers,
          commitMarkers);
    }
  }

  private final List<ServiceRunner> runners;
  private final Map<String, Double> abortNanos = new ConcurrentHashMap<>();
  private final Map<String, Double> commitNanos = new ConcurrentHashMap<>();
  private final Map<String, Integer> rises = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread sampler;

  private TransactionAborts(List<ServiceRunner> runners) {
    this.runners = runners;
    this.sampler = Thread.ofPlatform().daemon().name("bench-aborts").start(this::sampleEvery);
  }

  /** Starts sampling the producers of these services. */
  static TransactionAborts watch(List<ServiceRunner> runners) {
    return new TransactionAborts(List.copyOf(runners));
  }

  /** Samples once more, and counts the markers in the broker's log directory. */
  Counts counts(Path brokerLogDir) {
    sample();
    long[] markers = markers(brokerLogDir);
    return new Counts(
        abortNanos.size(),
        commitNanos.values().stream().mapToDouble(Double::doubleValue).sum(),
        abortNanos.values().stream().mapToDouble(Double::doubleValue).sum(),
        rises.values().stream().mapToInt(Integer::intValue).sum(),
        markers[0],
        markers[1]);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    sampler.join(5_000);
  }

  private void sampleEvery() {
    while (running.get()) {
      sample();
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private synchronized void sample() {
    for (ServiceRunner runner : runners) {
      var streams = runner.streams();
      if (streams == null) {
        continue;
      }
      for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
        MetricName name = e.getKey();
        if (!name.group().equals(GROUP)) {
          continue;
        }
        String client = runner.service().name() + "/" + name.tags().get("client-id");
        if (!(e.getValue().metricValue() instanceof Double value)) {
          continue;
        }
        if (name.name().equals(ABORT_TIME)) {
          Double before = abortNanos.put(client, value);
          if (value > (before == null ? 0 : before)) {
            rises.merge(client, 1, Integer::sum);
          }
        } else if (name.name().equals(COMMIT_TIME)) {
          commitNanos.put(client, value);
        }
      }
    }
  }

  /** COMMIT and ABORT markers in every partition's segments but the metadata log's. */
  private static long[] markers(Path logDir) {
    long[] counts = new long[2];
    try (Stream<Path> files = Files.walk(logDir)) {
      for (Path segment :
          files
              .filter(p -> p.getFileName().toString().endsWith(".log"))
              .filter(p -> !p.getParent().getFileName().toString().startsWith("__cluster_metadata"))
              .toList()) {
        MemoryRecords records = MemoryRecords.readableRecords(ByteBuffer.wrap(read(segment)));
        for (MutableRecordBatch batch : records.batches()) {
          if (!batch.isControlBatch()) {
            continue;
          }
          for (Record record : batch) {
            ControlRecordType type = ControlRecordType.parse(record.key());
            if (type == ControlRecordType.COMMIT) {
              counts[0]++;
            } else if (type == ControlRecordType.ABORT) {
              counts[1]++;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the broker's log in " + logDir, e);
    }
    return counts;
  }

  private static byte[] read(Path segment) {
    try {
      return Files.readAllBytes(segment);
    } catch (IOException e) {
      // A segment deleted (rolled and cleaned) while the walk ran: nothing to count in it.
      return new byte[0];
    }
  }
}
