package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ollama.OllamaTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Books as large as the request limits allow, on the real line with the model answering at once:
 * the largest (100 chapters of 5,000 words, on a model with a 128K window) completes, and the bytes
 * a book writes to chapter-service's changelogs grow with its length, not with its square.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class LargeBookIT {

  @TempDir Path dir;

  @RegisterExtension final StoryOllamaExtension models = new StoryOllamaExtension();
  private OllamaTestServer ollama;

  private FablestreamApp start(Path data) throws InterruptedException {
    ollama = models.start(new StoryOllama(true));
    Map<String, String> settings = models.lineSettings(data);
    // 100 chapters of 5,000 words need a model window of 128K tokens (llama3.1's): an arc summary
    // reads its five chapters at once. At the default 32K the analyzer refuses such a book at
    // intake with the largest wordsPerChapter that fits (RequestCheckTest); here the line carries
    // the largest book the request limits allow.
    settings.put("ollama.max.context", "131072");
    return FablestreamApp.start(
        Config.of(settings), FablestreamApp.Options.line(false), System.out);
  }

  @Test
  void theLargestBookTheLimitsAllowCompletes() throws Exception {
    try (FablestreamApp app = start(dir.resolve("largest"))) {
      BookCompleted book = write(app, 100, 5, 5000);

      assertThat(book.getChapters())
          .extracting(BookChapter::getNumber)
          .containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
      assertThat(book.getChapters()).allSatisfy(c -> assertThat(c.getWordCount()).isEqualTo(5000));
      assertThat(book.getSummaries()).hasSize(20);
      assertThat(book.getSynopsis()).isNotBlank();
    }
  }

  @Test
  void theChangelogBytesOfABookGrowWithItsLengthNotItsSquare() throws Exception {
    try (FablestreamApp app = start(dir.resolve("linear"))) {
      long ten = changelogBytesOf(app, 10);
      long twenty = changelogBytesOf(app, 20);

      System.out.printf(
          "chapter-service changelog bytes: 10 chapters %,d, 20 chapters %,d (x%.2f)%n",
          ten, twenty, (double) twenty / ten);
      // Quadratic growth would give about four times; linear about twice.
      assertThat((double) twenty / ten).isLessThan(2.6);
    }
  }

  /** Writes a book of n chapters of 300 words, and the changelog bytes it wrote. */
  private long changelogBytesOf(FablestreamApp app, int chapters) throws Exception {
    long before = changelogBytes(app);
    write(app, chapters, 5, 300);
    return changelogBytes(app) - before;
  }

  private static BookCompleted write(FablestreamApp app, int chapters, int arcLength, int words)
      throws Exception {
    String bookId = UUID.randomUUID().toString();
    ChelseaBook.submit(
        app.kafka(),
        bookId,
        new BookRequest(chapters, arcLength, words, "A Long Tale " + chapters),
        "test");
    return CommittedLog.awaitCompleted(
        app.kafka().bootstrapServers(),
        b -> b.getBookId().equals(bookId),
        Duration.ofMinutes(12),
        Duration.ofSeconds(1));
  }

  /** Every byte (keys and values) on chapter-service's changelog topics so far. */
  private static long changelogBytes(FablestreamApp app) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, app.kafka().bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : consumer.listTopics(Duration.ofSeconds(30)).keySet()) {
        if (topic.startsWith("fablestream-chapter-") && topic.endsWith("-changelog")) {
          for (PartitionInfo p : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, p.partition()));
          }
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long bytes = 0;
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          bytes +=
              (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
        }
      }
      return bytes;
    }
  }
}
