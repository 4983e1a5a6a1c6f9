package io.fablestream.app;

import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
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
    KStream<String, SpecificRecord> events = null;
    for (Topic<?> topic : Topics.all()) {
      KStream<String, SpecificRecord> one = events(builder, topic);
      events = events == null ? one : events.merge(one, Named.as("merge-" + topic.name()));
    }
    events.process(() -> new BookViewFold(onChange), Named.as("fold-book-view"), STORE);
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

  /** The view of one book from a running instance's store, or null when it is unknown. */
  public static BookView query(KafkaStreams streams, String bookId) {
    ReadOnlyKeyValueStore<String, BookView> store =
        streams.store(
            StoreQueryParameters.fromNameAndType(STORE, QueryableStoreTypes.keyValueStore()));
    return store.get(bookId);
  }
}
