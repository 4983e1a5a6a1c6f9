package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceMain;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.EventSerdes;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * chapter-service: writes each book chapter by chapter with the text model, checks every chapter
 * with the validation layer, publishes the finished book (or the reason it failed), and reopens a
 * completed book when a person asks for a revision. Reads analysis.ready, chapters.indexed,
 * arcs.summarized, books.failed, books.revisions and books.planned into one processor with three
 * changelogged stores (book states, chapter texts, the ledger of calls in flight); writes
 * chapters.written, books.planned, books.completed and books.failed. Its model and story-memory
 * calls run off the stream thread.
 */
public record ChapterService(
    ModelGateway models,
    StoryMemory memory,
    CallLanes lanes,
    ChapterSettings settings,
    Clock clock,
    MeterRegistry registry)
    implements StreamsService {
  /** The service's short name. */
  public static final String NAME = "chapter";

  /** The store of book states, keyed by bookId. */
  public static final String STORE = BookOutputs.STORE;

  /** The service of a process's context: its settings, model gateway and story memory. */
  public static ChapterService create(ServiceContext ctx) {
    return new ChapterService(
        ModelGateways.metered(ctx.parts().models(), ctx.registry(), NAME),
        ctx.parts().memory(),
        ctx.parts().lanes(),
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
    return topology(models, memory, lanes, settings, clock, registry);
  }

  /** The value serde of the book store: Avro single-object encoding, like the events. */
  public static Serde<BookState> stateSerde() {
    return EventSerdes.valueSerde(BookState.class, STORE);
  }

  /** The value serde of the chapter text store. */
  public static Serde<ChapterText> textSerde() {
    return EventSerdes.valueSerde(ChapterText.class, BookTexts.STORE);
  }

  /**
   * chapter-service's topology, built from its collaborators; tests run this very graph.
   *
   * @param models the model gateway that writes and judges chapters
   * @param memory story memory, searched before each chapter
   * @param lanes the slots the model and story-memory calls run in, off the stream threads
   * @param settings the service's settings
   * @param clock the clock of every timestamp in the state and the events
   * @param registry where the meters go
   */
  public static Topology topology(
      ModelGateway models,
      StoryMemory memory,
      CallLanes lanes,
      ChapterSettings settings,
      Clock clock,
      MeterRegistry registry) {
    ChapterMetrics metrics = new ChapterMetrics(registry, NAME);
    ChapterCalls calls = new ChapterCalls(models, memory, lanes);
    ChapterSteps steps =
        new ChapterSteps(
            calls,
            new StoryRecall(settings.retrievalK()),
            new ChapterValidator(settings),
            settings,
            metrics);
    BookFailures failures = new BookFailures(registry, NAME);
    for (FailureReason reason : FailureReason.values()) {
      failures.expect(Stage.WRITE, reason);
    }
    BookOutputs outputs = new BookOutputs(failures);

    Topology topology = new Topology();
    String[] sources = {
      Topics.ANALYSIS_READY.addSource(topology),
      Topics.CHAPTERS_INDEXED.addSource(topology),
      Topics.ARCS_SUMMARIZED.addSource(topology),
      Topics.BOOKS_FAILED.addSource(topology),
      Topics.BOOKS_REVISIONS.addSource(topology),
      Topics.BOOKS_PLANNED.addSource(topology)
    };
    topology.addProcessor(
        BookOutputs.PROCESSOR,
        () ->
            new ChapterProcessor(
                steps, calls, settings, metrics, clock, outputs, memory.keptInKafka()),
        sources);
    // A book's whole text is in BookCompleted, and a chapter of 5000 words in ChapterText.
    Map<String, String> large =
        Map.of("max.message.bytes", Integer.toString(CallLedger.MAX_RECORD_BYTES));
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), stateSerde())
            .withLoggingEnabled(Map.of()),
        BookOutputs.PROCESSOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(BookTexts.STORE), Serdes.String(), textSerde())
            .withLoggingEnabled(large),
        BookOutputs.PROCESSOR);
    topology.addStateStore(calls.ledger.storeBuilder(), BookOutputs.PROCESSOR);
    if (memory.keptInKafka()) {
      // Story memory kept in Kafka: each book's chunks as ChapterIndexed carried them.
      topology.addStateStore(BookChunks.storeBuilder(), BookOutputs.PROCESSOR);
    }
    Topics.CHAPTERS_WRITTEN.addSink(topology, BookOutputs.PROCESSOR);
    Topics.BOOKS_COMPLETED.addSink(topology, BookOutputs.PROCESSOR);
    Topics.BOOKS_FAILED.addSink(topology, BookOutputs.PROCESSOR);
    Topics.BOOKS_PLANNED.addSink(topology, BookOutputs.PROCESSOR);
    return topology;
  }
}
