package io.fablestream.app;

import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.service.BrokerUnreachableException;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Follows one book from outside the services: a {@code read_committed} consumer, in no group, on
 * the one partition of each event topic that holds the book's key, folding what it sees into a
 * {@link BookView}. What the CLI's {@code generate} and {@code follow} print comes from here.
 */
public final class BookWatcher implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, Topic<?>> topicsByName = new HashMap<>();
  private final String bootstrapServers;
  private BookView view;
  private BookCover cover;
  private final HeldIllustrations illustrations = new HeldIllustrations();
  private final BookViewAggregator.Revisions revisions = new BookViewAggregator.InMemoryRevisions();

  /** Where the book's history ends, while it is being read; empty once it is read. */
  private Map<TopicPartition, Long> historyEnd = Map.of();

  private final List<ConsumerRecord<String, byte[]>> history = new ArrayList<>();

  public BookWatcher(KafkaSettings kafka) {
    this.bootstrapServers = kafka.bootstrapServers();
    Map<String, Object> props = KafkaClients.properties(kafka, ConsumerConfig.configNames());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fablestream-watcher");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    for (Topic<?> topic : Topics.all()) {
      topicsByName.put(topic.name(), topic);
    }
  }

  /**
   * Assigns the book's partitions. {@code fromNow} skips what is already there (for a book about to
   * be submitted); otherwise the book's history is read from the start.
   */
  public void prepare(String bookId, boolean fromNow) {
    List<TopicPartition> partitions = new ArrayList<>();
    byte[] key = Utils.utf8(bookId);
    for (Topic<?> topic : Topics.all()) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        throw new BrokerUnreachableException(
            "Kafka did not answer at "
                + bootstrapServers
                + " within 30 s. Start the line there with 'fablestream serve', or set"
                + " KAFKA_BOOTSTRAP_SERVERS to the cluster it runs on.",
            e);
      }
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException(
            "Topic " + topic.name() + " does not exist: has the line been started?");
      }
      // The default partitioner's choice for a keyed record: murmur2 of the key bytes.
      partitions.add(
          new TopicPartition(topic.name(), Utils.toPositive(Utils.murmur2(key)) % infos.size()));
    }
    consumer.assign(partitions);
    if (fromNow) {
      consumer.seekToEnd(partitions);
      // Resolve the end offsets now, before the book's first event can be written.
      partitions.forEach(consumer::position);
    } else {
      consumer.seekToBeginning(partitions);
      // Each topic's history comes in its own order: gather all of it, then replay it by time.
      historyEnd = new HashMap<>(consumer.endOffsets(partitions));
    }
  }

  /**
   * Reads until the book is finished or the wait is over, handing each new view to {@code
   * onChange}. A second call goes on where the first stopped.
   *
   * @return the last view, finished or not; empty when nothing of the book was seen yet
   */
  public Optional<BookView> follow(String bookId, Duration wait, Consumer<BookView> onChange) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
      List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(250))) {
        if (bookId.equals(record.key())) {
          batch.add(record);
        }
      }
      if (!historyEnd.isEmpty()) {
        history.addAll(batch);
        if (!historyRead()) {
          continue;
        }
        batch = new ArrayList<>(history);
        history.clear();
        historyEnd = Map.of();
      }
      // Kafka Streams gives every event of a book its request's timestamp, so time cannot order
      // them; the line's causality can.
      List<Timed> events = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> record : batch) {
        SpecificRecord event = decode(record);
        if (event != null) {
          events.add(new Timed(event, record.timestamp()));
        }
      }
      events.sort(java.util.Comparator.comparing(Timed::event, CAUSAL_ORDER));
      for (Timed event : events) {
        apply(bookId, event, onChange);
      }
      if (view != null && view.finished()) {
        break;
      }
    }
    return Optional.ofNullable(view);
  }

  private boolean historyRead() {
    for (Map.Entry<TopicPartition, Long> end : historyEnd.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The book's picture, small, for an EPUB's cover; null when it was given by URI, or unseen. */
  public BookCover cover() {
    return cover;
  }

  /** The illustrations of the book seen so far, for its EPUB. */
  public BookEpub.Illustrations illustrations() {
    return illustrations;
  }

  private void apply(String bookId, Timed event, Consumer<BookView> onChange) {
    if (view != null && event.event() instanceof io.fablestream.events.ChapterIllustrated drawn) {
      illustrations.keep(
          drawn, Math.max(view.request().chapterCount(), view.story().chapters().size()));
    }
    if (cover == null
        && event.event() instanceof io.fablestream.events.ImageSubmitted submitted
        && submitted.getImage().getData() != null) {
      java.nio.ByteBuffer data = submitted.getImage().getData().duplicate();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      cover = CoverThumbnail.of(bytes).map(jpeg -> new BookCover("image/jpeg", jpeg)).orElse(null);
    }
    BookView next =
        BookViewAggregator.apply(
            view == null ? BookView.empty(bookId) : view,
            event.event(),
            event.timestamp(),
            revisions);
    if (!sameBook(next, view)) {
      view = next;
      onChange.accept(view);
    }
  }

  /** Equal but for when the last event was seen. */
  private static boolean sameBook(BookView a, BookView b) {
    return b != null && a.equals(b.withUpdatedAt(a.updatedAt()));
  }

  /** An event with its record's timestamp. */
  private record Timed(SpecificRecord event, long timestamp) {}

  /**
   * The order the line makes a book's events in: the request, the analysis, then per chapter its
   * text, its indexing, the summary of the arc it ends and its illustration, and the outcome last;
   * a revision's request, chapters and outcome after the revision before it.
   */
  static final java.util.Comparator<SpecificRecord> CAUSAL_ORDER =
      java.util.Comparator.comparingLong(BookWatcher::causalRank);

  private static long causalRank(SpecificRecord event) {
    return switch (event) {
      case io.fablestream.events.ImageSubmitted e -> rank(1, 0);
      case io.fablestream.events.AnalysisReady e -> rank(1, 1);
      case io.fablestream.events.BookRevisionRequested e -> rank(e.getRevision(), 0);
      case io.fablestream.events.ChapterWritten e ->
          rank(e.getRevision(), 10L * e.getChapterNumber() + 2);
      case io.fablestream.events.ChapterIndexed e ->
          rank(e.getRevision(), 10L * e.getChapterNumber() + 3);
      case io.fablestream.events.ArcSummarized e ->
          rank(e.getRevision(), 10L * e.getThroughChapter() + 4);
      case io.fablestream.events.ChapterIllustrated e ->
          rank(e.getRevision(), 10L * e.getChapterNumber() + 5);
      case io.fablestream.events.BookCompleted e -> rank(e.getRevision(), OUTCOME);
      case io.fablestream.events.BookFailed e -> rank(e.getRevision(), OUTCOME);
      default -> Long.MAX_VALUE;
    };
  }

  /** Within a revision, the outcome comes after every chapter (at most 100, ranks to 1,005). */
  private static final long OUTCOME = 999_999;

  private static long rank(int revision, long within) {
    return revision * 1_000_000L + within;
  }

  private SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
    Topic<?> topic = topicsByName.get(record.topic());
    try {
      return topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      // Not ours to judge: the services send unreadable records to their dead-letter topics.
      return null;
    }
  }

  /** Stops a {@link #follow} in another thread. */
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
