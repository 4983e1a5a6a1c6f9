package io.fablestream.summarizer;

import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceMain;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.EventSerdes;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import io.fablestream.summarizer.state.ArcState;
import io.fablestream.summarizer.state.SummarizedChapter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * summarizer-service: condenses each story arc into three sentences for the prompts of the chapters
 * after it, every arc the last one included, and the whole book into a synopsis after its last arc.
 * Reads analysis.ready (for the arc length and the language), chapters.written, books.completed and
 * books.failed into one processor with three changelogged stores (book states, chapters, the ledger
 * of model calls in flight); writes arcs.summarized and, when the model fails, books.failed. Its
 * model calls run off the stream thread.
 */
public record SummarizerService(
    ModelGateway models,
    CallLanes lanes,
    SummarizerSettings settings,
    Clock clock,
    MeterRegistry registry)
    implements StreamsService {
  /** The service's short name. */
  public static final String NAME = "summarizer";

  /** The store of book states, keyed by bookId. */
  public static final String STORE = SummarizerCalls.ARCS_STORE;

  /** The service of a process's context: its settings and model gateway. */
  public static SummarizerService create(ServiceContext ctx) {
    return new SummarizerService(
        ModelGateways.metered(ctx.parts().models(), ctx.registry(), NAME),
        ctx.parts().lanes(),
        SummarizerSettings.from(ctx.config()),
        ctx.clock(),
        ctx.registry());
  }

  /** Runs summarizer-service on its own. */
  public static void main(String[] args) {
    ServiceMain.run(args, SummarizerService::create);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Stage> stage() {
    return Optional.of(Stage.SUMMARIZE);
  }

  @Override
  public Topology topology() {
    return topology(models, lanes, settings, clock, registry);
  }

  /** The value serde of the arc store: Avro single-object encoding, like the events. */
  public static Serde<ArcState> stateSerde() {
    return EventSerdes.valueSerde(ArcState.class, STORE);
  }

  /** The value serde of the chapter store. */
  public static Serde<SummarizedChapter> textSerde() {
    return EventSerdes.valueSerde(SummarizedChapter.class, SummaryTexts.STORE);
  }

  /**
   * summarizer-service's topology, built from its collaborators; tests run this very graph.
   *
   * @param models the model gateway that writes the summaries
   * @param lanes the slots the model calls run in, off the stream threads
   * @param settings the service's settings
   * @param clock the clock of failure timestamps and the retention
   * @param registry where the meters go
   */
  public static Topology topology(
      ModelGateway models,
      CallLanes lanes,
      SummarizerSettings settings,
      Clock clock,
      MeterRegistry registry) {
    SummarizerMetrics metrics = new SummarizerMetrics(registry, NAME);
    BookFailures failures = new BookFailures(registry, NAME);
    failures.expect(Stage.SUMMARIZE, FailureReason.MODEL_UNAVAILABLE);
    failures.expect(Stage.SUMMARIZE, FailureReason.INVALID_MODEL_OUTPUT);
    SummarizerCalls calls = new SummarizerCalls(models, lanes);
    SummaryAnswers answers = new SummaryAnswers(calls, settings, metrics, failures, clock);
    Topology topology = new Topology();
    String[] sources = {
      Topics.ANALYSIS_READY.addSource(topology),
      Topics.CHAPTERS_WRITTEN.addSource(topology),
      Topics.BOOKS_COMPLETED.addSource(topology),
      Topics.BOOKS_FAILED.addSource(topology)
    };
    topology.addProcessor(
        SummarizerCalls.PROCESSOR,
        () -> new SummarizerProcessor(calls, answers, settings, clock),
        sources);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), stateSerde())
            .withLoggingEnabled(Map.of()),
        SummarizerCalls.PROCESSOR);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SummaryTexts.STORE), Serdes.String(), textSerde())
            .withLoggingEnabled(
                Map.of("max.message.bytes", Integer.toString(CallLedger.MAX_RECORD_BYTES))),
        SummarizerCalls.PROCESSOR);
    topology.addStateStore(calls.ledger.storeBuilder(), SummarizerCalls.PROCESSOR);
    Topics.ARCS_SUMMARIZED.addSink(topology, SummarizerCalls.PROCESSOR);
    Topics.BOOKS_FAILED.addSink(topology, SummarizerCalls.PROCESSOR);
    return topology;
  }
}
