package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceMain;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.EventSerdes;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * chapter-service: writes each book chapter by chapter with the text model, checks every chapter
 * with the validation layer, and publishes the finished book (or the reason it failed). Reads
 * analysis.ready, chapters.indexed, arcs.summarized and books.failed into one processor with one
 * changelogged store of book states; writes chapters.written, books.completed and books.failed.
 */
public final class ChapterService implements StreamsService {
  /** The service's short name. */
  public static final String NAME = "chapter";

  /** The store of book states, keyed by bookId. */
  public static final String STORE = BookOutputs.STORE;

  private static final Duration POLL_MARGIN = Duration.ofMinutes(1);

  private final ModelGateway models;
  private final StoryMemory memory;
  private final ChapterSettings settings;
  private final Clock clock;
  private final MeterRegistry registry;

  public ChapterService(
      ModelGateway models,
      StoryMemory memory,
      ChapterSettings settings,
      Clock clock,
      MeterRegistry registry) {
    this.models = models;
    this.memory = memory;
    this.settings = settings;
    this.clock = clock;
    this.registry = registry;
  }

  /** The service of a process's context: its settings, model gateway and story memory. */
  public static ChapterService create(ServiceContext ctx) {
    return new ChapterService(
        ModelGateways.metered(ctx.parts().models(), ctx.registry(), NAME),
        ctx.parts().memory(),
        ChapterSettings.from(ctx.config()),
        ctx.clock(),
        ctx.registry());
  }

  /** Runs chapter-service on its own. */
  public static void main(String[] args) {
    ServiceMain.run(args, ChapterService::create);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Stage> stage() {
    return Optional.of(Stage.WRITE);
  }

  @Override
  public Topology topology() {
    return topology(models, memory, settings, clock, registry);
  }

  /** The value serde of the book store: Avro single-object encoding, like the events. */
  public static Serde<BookState> stateSerde() {
    return EventSerdes.valueSerde(BookState.class, STORE);
  }

  /**
   * chapter-service's topology, built from its collaborators; tests run this very graph.
   *
   * @param models the model gateway that writes and judges chapters
   * @param memory story memory, searched before each chapter
   * @param settings the service's settings
   * @param clock the clock of every timestamp in the state and the events
   * @param registry where the meters go
   */
  public static Topology topology(
      ModelGateway models,
      StoryMemory memory,
      ChapterSettings settings,
      Clock clock,
      MeterRegistry registry) {
    ChapterMetrics metrics = new ChapterMetrics(registry, NAME);
    ChapterWriter writer =
        new ChapterWriter(
            models,
            new StoryRecall(memory, settings.retrievalK()),
            new ChapterValidator(models, settings),
            settings,
            metrics);
    BookOutputs outputs = new BookOutputs();

    Topology topology = new Topology();
    String[] sources = {
      source(topology, Topics.ANALYSIS_READY),
      source(topology, Topics.CHAPTERS_INDEXED),
      source(topology, Topics.ARCS_SUMMARIZED),
      source(topology, Topics.BOOKS_FAILED)
    };
    topology.addProcessor(
        BookOutputs.PROCESSOR,
        () -> new BookLoop(writer, settings, metrics, clock, outputs),
        sources);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), stateSerde())
            .withLoggingEnabled(Map.of()),
        BookOutputs.PROCESSOR);
    sink(topology, BookOutputs.CHAPTERS_SINK, Topics.CHAPTERS_WRITTEN);
    sink(topology, BookOutputs.COMPLETED_SINK, Topics.BOOKS_COMPLETED);
    sink(topology, BookOutputs.FAILED_SINK, Topics.BOOKS_FAILED);
    return topology;
  }

  /**
   * One record's work is every attempt of one chapter (a writer and a judge call each), so the poll
   * interval must stay above it, or the group would evict a thread that is only waiting on Ollama.
   */
  @Override
  public Map<String, Object> streamsOverrides() {
    long bound = settings.worstRecordWork().plus(POLL_MARGIN).toMillis();
    return Map.of(
        StreamsConfig.consumerPrefix("max.poll.interval.ms"),
        (int) Math.min(Integer.MAX_VALUE, Math.max(900_000L, bound)));
  }

  private static String source(Topology topology, Topic<?> topic) {
    String name = "read-" + topic.name();
    topology.addSource(
        name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    return name;
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> void sink(
      Topology topology, String name, Topic<V> topic) {
    topology.addSink(
        name,
        topic.name(),
        topic.keySerde().serializer(),
        topic.valueSerde().serializer(),
        BookOutputs.PROCESSOR);
  }
}
