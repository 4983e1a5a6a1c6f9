package io.fablestream.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * A thread of its own that polls a consumer until closed and hands each record, with the moment it
 * was read ({@link System#nanoTime}), to the watcher: what {@link ChapterTrace} and {@link
 * LineRun.Outcomes} time the line's events with.
 */
final class TopicReader implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  /**
   * @param thread the reading thread, not yet started (named, daemon or not)
   * @param consumer the consumer it owns and closes
   * @param poll how long each poll waits at most
   * @param onRecord what each record means to the watcher, called on the reading thread
   */
  private TopicReader(
      Thread.Builder thread,
      KafkaConsumer<String, byte[]> consumer,
      Duration poll,
      BiConsumer<ConsumerRecord<String, byte[]>, Long> onRecord) {
    this.thread = thread.start(() -> read(consumer, poll, onRecord));
  }

  /** Starts reading on the thread the builder makes. */
  static TopicReader start(
      Thread.Builder thread,
      KafkaConsumer<String, byte[]> consumer,
      Duration poll,
      BiConsumer<ConsumerRecord<String, byte[]>, Long> onRecord) {
    return new TopicReader(thread, consumer, poll, onRecord);
  }

  private void read(
      KafkaConsumer<String, byte[]> consumer,
      Duration poll,
      BiConsumer<ConsumerRecord<String, byte[]>, Long> onRecord) {
    try (consumer) {
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(poll)) {
          onRecord.accept(record, System.nanoTime());
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
  }
}
