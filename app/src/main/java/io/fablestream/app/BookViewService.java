package io.fablestream.app;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.calls.ChangeloggedStores;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
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
 * <p>Every topic has the same partition count and key, so merging needs no repartition. Several API
 * instances share the partitions; each says where its API answers ({@code application.server}) and
 * the API forwards a request for a book another instance holds (docs/app.md).
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

  /** Each book's cover for its EPUB, keyed by bookId: a small JPEG ({@link CoverThumbnail}). */
  public static final String COVERS_STORE = "book-covers";

  /**
   * The chapters' illustrations, keyed by bookId, chapter and revision ({@link
   * StoredIllustrations#key}): the bytes {@code GET /books/{id}/chapters/{n}/illustration} serves.
   */
  public static final String ILLUSTRATIONS_STORE = "book-illustrations";

  private final ViewSettings settings;
  private final Clock clock;
  private final Consumer<BookView> onChange;
  private final Supplier<String> applicationServer;

  /**
   * @param settings how long a book is kept
   * @param clock the wall clock the retention is measured on
   * @param onChange called on the stream thread with each book's new view; must not block
   * @param applicationServer this instance's HTTP API as host:port, Kafka Streams' {@code
   *     application.server}, read when the service starts; null from it for none (one instance)
   */
  public BookViewService(
      ViewSettings settings,
      Clock clock,
      Consumer<BookView> onChange,
      Supplier<String> applicationServer) {
    this.settings = settings;
    this.clock = clock;
    this.onChange = onChange;
    this.applicationServer = applicationServer;
  }

  /** Without an {@code application.server}: the API's only instance. */
  public BookViewService(ViewSettings settings, Clock clock, Consumer<BookView> onChange) {
    this(settings, clock, onChange, () -> null);
  }

  /** With the default retention on the system clock. */
  public BookViewService(Consumer<BookView> onChange) {
    this(ViewSettings.DEFAULTS, Clock.systemUTC(), onChange);
  }

  @Override
  public String name() {
    return "api";
  }

  @Override
  public Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    // Timestamped, as the DSL aggregate that held the views before: the same store on disk (so
    // not one of ChangeloggedStores, which are plain key-value stores; the other two are).
    builder.addStateStore(
        Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(STORE),
                Serdes.String(),
                Json.serde(BookView.class))
            // Every change, not one per commit: each chapter is an SSE event.
            .withCachingDisabled());
    builder.addStateStore(
        ChangeloggedStores.of(REVISIONS_STORE, Json.serde(BookView.class)).withCachingDisabled());
    builder.addStateStore(
        ChangeloggedStores.of(COVERS_STORE, Serdes.ByteArray()).withCachingDisabled());
    // Records of a few MB: a drawn picture each.
    builder.addStateStore(
        ChangeloggedStores.large(ILLUSTRATIONS_STORE, ChapterIllustrated.class)
            .withCachingDisabled());
    KStream<String, SpecificRecord> events = null;
    for (Topic<?> topic : Topics.all()) {
      KStream<String, SpecificRecord> one = events(builder, topic);
      events = events == null ? one : events.merge(one, Named.as("merge-" + topic.name()));
    }
    events.process(
        () -> new BookViewFold(settings, clock, onChange),
        Named.as("fold-book-view"),
        STORE,
        REVISIONS_STORE,
        COVERS_STORE,
        ILLUSTRATIONS_STORE);
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
    Map<String, Object> overrides = new HashMap<>();
    overrides.put(StreamsConfig.consumerPrefix("max.poll.interval.ms"), 300_000);
    overrides.put(StreamsConfig.consumerPrefix("max.poll.records"), 500);
    overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    // Where this instance's API answers, so every instance can tell which one holds a book.
    String server = applicationServer.get();
    if (server != null) {
      overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
    }
    return Map.copyOf(overrides);
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

  /** The book's cover, or null when it has none (submitted by URI) or is unknown. */
  public static BookCover cover(KafkaStreams streams, String bookId) {
    ReadOnlyKeyValueStore<String, byte[]> covers =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                COVERS_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    byte[] jpeg = covers.get(bookId);
    return jpeg == null ? null : new BookCover("image/jpeg", jpeg);
  }

  /**
   * The illustration of a book's chapter as a revision wrote it, or null when none is kept (none
   * drawn, not arrived yet, or the book unknown).
   */
  public static BookIllustration illustration(
      KafkaStreams streams, String bookId, int chapter, int revision) {
    ReadOnlyKeyValueStore<String, ChapterIllustrated> illustrations =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                ILLUSTRATIONS_STORE,
                QueryableStoreTypes.<String, ChapterIllustrated>keyValueStore()));
    return BookIllustration.of(StoredIllustrations.get(illustrations, bookId, chapter, revision));
  }

  private static ReadOnlyKeyValueStore<String, BookView> store(KafkaStreams streams, String name) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
  }
}
