package io.fablestream.summarizer;

import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceMain;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.EventSerdes;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import io.fablestream.summarizer.state.ArcState;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * summarizer-service: condenses each story arc into three sentences for the prompts of the chapters
 * after it. Reads analysis.ready (for the arc length), chapters.written, books.completed and
 * books.failed into one processor with one changelogged store; writes arcs.summarized and, when the
 * model fails, books.failed.
 */
public final class SummarizerService implements StreamsService {
  /** The service's short name. */
  public static final String NAME = "summarizer";

  /** The store of arcs in progress, keyed by bookId. */
  public static final String STORE = ArcSummarizer.STORE;

  private final ModelGateway models;
  private final SummarizerSettings settings;
  private final Clock clock;
  private final MeterRegistry registry;

  public SummarizerService(
      ModelGateway models, SummarizerSettings settings, Clock clock, MeterRegistry registry) {
    this.models = models;
    this.settings = settings;
    this.clock = clock;
    this.registry = registry;
  }

  /** The service of a process's context: its settings and model gateway. */
  public static SummarizerService create(ServiceContext ctx) {
    return new SummarizerService(
        ModelGateways.metered(ctx.parts().models(), ctx.registry(), NAME),
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
    return topology(models, settings, clock, registry);
  }

  /** The value serde of the arc store: Avro single-object encoding, like the events. */
  public static Serde<ArcState> stateSerde() {
    return EventSerdes.valueSerde(ArcState.class, STORE);
  }

  /**
   * summarizer-service's topology, built from its collaborators; tests run this very graph.
   *
   * @param models the model gateway that writes the summaries
   * @param settings the service's settings
   * @param clock the clock of failure timestamps
   * @param registry where the meters go
   */
  public static Topology topology(
      ModelGateway models, SummarizerSettings settings, Clock clock, MeterRegistry registry) {
    SummarizerMetrics metrics = new SummarizerMetrics(registry, NAME);
    Topology topology = new Topology();
    String[] sources = {
      source(topology, Topics.ANALYSIS_READY),
      source(topology, Topics.CHAPTERS_WRITTEN),
      source(topology, Topics.BOOKS_COMPLETED),
      source(topology, Topics.BOOKS_FAILED)
    };
    topology.addProcessor(
        ArcSummarizer.PROCESSOR,
        () -> new ArcSummarizer(models, settings, metrics, clock),
        sources);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), stateSerde())
            .withLoggingEnabled(Map.of()),
        ArcSummarizer.PROCESSOR);
    sink(topology, ArcSummarizer.SUMMARIES_SINK, Topics.ARCS_SUMMARIZED);
    sink(topology, ArcSummarizer.FAILED_SINK, Topics.BOOKS_FAILED);
    return topology;
  }

  private static String source(Topology topology, Topic<?> topic) {
    String name = "read-" + topic.name();
    topology.addSource(
        name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    return name;
  }

  private static <V extends SpecificRecord> void sink(
      Topology topology, String name, Topic<V> topic) {
    topology.addSink(
        name,
        topic.name(),
        topic.keySerde().serializer(),
        topic.valueSerde().serializer(),
        ArcSummarizer.PROCESSOR);
  }
}
