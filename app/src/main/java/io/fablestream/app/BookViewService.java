package io.fablestream.app;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The HTTP API's read model, a Kafka Streams app of its own ({@code fablestream-api}): every event
 * topic, merged by bookId and folded into one {@link BookView} per book in the changelogged store
 * {@value #STORE}. The API answers from that store with interactive queries, so it works the same
 * whether the services run in this JVM or as separate processes anywhere on the cluster. Every
 * change is also handed to a listener, which feeds the server-sent events.
 *
 * <p>Every topic has the same partition count and key, so merging needs no repartition. One API
 * instance holds every book; see docs/app.md for running more than one.
 */
public final class BookViewService implements StreamsService {
  /** The store of book views, keyed by bookId. */
  public static final String STORE = "book-views";

  /**
   * The views of finished revisions (completed, or failed midway), keyed by bookId, {@code #} and
   * the revision in ten digits: what {@code GET /books/{id}?revision=N} answers once the book has
   * moved on, and what the view goes back to when a revision fails.
   */
  public static final String REVISIONS_STORE = "book-view-revisions";

  private final Consumer<BookView> onChange;

  /**
   * @param onChange called on the stream thread with each book's new view; must not block
   */
  public BookViewService(Consumer<BookView> onChange) {
    this.onChange = onChange;
  }

  @Override
  public String name() {
    return "api";
  }

  @Override
  public Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    // Timestamped, as the DSL aggregate that held the views before: the same store on disk.
    builder.addStateStore(
        Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(STORE),
                Serdes.String(),
                Json.serde(BookView.class))
            // Every change, not one per commit: each chapter is an SSE event.
            .withCachingDisabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REVISIONS_STORE),
                Serdes.String(),
                Json.serde(BookView.class))
            .withCachingDisabled());
    KStream<String, SpecificRecord> events = null;
    for (Topic<?> topic : Topics.all()) {
      KStream<String, SpecificRecord> one = events(builder, topic);
      events = events == null ? one : events.merge(one, Named.as("merge-" + topic.name()));
    }
    events.process(
        () -> new BookViewFold(onChange), Named.as("fold-book-view"), STORE, REVISIONS_STORE);
    return builder.build();
  }

  private static <V extends SpecificRecord> KStream<String, SpecificRecord> events(
      StreamsBuilder builder, Topic<V> topic) {
    return topic.stream(builder)
        .mapValues(v -> (SpecificRecord) v, Named.as("as-event-" + topic.name()));
  }

  @Override
  public Map<String, Object> streamsOverrides() {
    // No model calls here: a view is a fold, so the default poll interval is plenty, and the
    // commit interval is how soon a change is visible.
    return Map.of(
        StreamsConfig.consumerPrefix("max.poll.interval.ms"),
        300_000,
        StreamsConfig.consumerPrefix("max.poll.records"),
        500,
        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
        100);
  }

  /** Whether an event begins a book's view: only its request does (see {@link BookViewFold}). */
  static boolean beginsABook(SpecificRecord event) {
    return event instanceof ImageSubmitted || event instanceof AnalysisReady;
  }

  /** The view of one book from a running instance's store, or null when it is unknown. */
  public static BookView query(KafkaStreams streams, String bookId) {
    return store(streams, STORE).get(bookId);
  }

  /**
   * The view of one revision of a book, or null when it is not known: the current view when it is
   * at that revision, else the finished revision's, with the book's list of revisions as it is now.
   */
  public static BookView query(KafkaStreams streams, String bookId, int revision) {
    return revisionOf(name -> store(streams, name), bookId, revision);
  }

  /** {@link #query(KafkaStreams, String, int)} on the stores the function gives by name. */
  static BookView revisionOf(
      Function<String, ReadOnlyKeyValueStore<String, BookView>> stores,
      String bookId,
      int revision) {
    BookView current = stores.apply(STORE).get(bookId);
    if (current == null || current.revision() == revision) {
      return current;
    }
    BookView finished =
        stores.apply(REVISIONS_STORE).get(BookViewFold.StoredRevisions.key(bookId, revision));
    return finished == null ? null : finished.withRevisions(current.revisions());
  }

  /** Hands every book's current view in a running instance's store to {@code each}, one by one. */
  public static void forEachView(KafkaStreams streams, Consumer<BookView> each) {
    try (KeyValueIterator<String, BookView> all = store(streams, STORE).all()) {
      all.forEachRemaining(entry -> each.accept(entry.value));
    }
  }

  private static ReadOnlyKeyValueStore<String, BookView> store(KafkaStreams streams, String name) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
  }
}
