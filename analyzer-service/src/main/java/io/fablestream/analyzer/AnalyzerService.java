package io.fablestream.analyzer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.config.OllamaSettings;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceMain;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The first stage of the line: {@code fablestream.images.submitted} in; {@code
 * fablestream.analysis.ready} or {@code fablestream.books.failed} out, exactly one event per
 * request. It holds no state: a retried record after a crash repeats the model call, and
 * exactly-once makes sure only one answer is published.
 */
public final class AnalyzerService implements StreamsService {
  /** The service's short name. */
  public static final String NAME = "analyzer";

  private final ModelGateway models;
  private final AnalyzerSettings settings;
  private final OllamaSettings ollama;
  private final Clock clock;
  private final MeterRegistry registry;

  public AnalyzerService(
      ModelGateway models,
      AnalyzerSettings settings,
      OllamaSettings ollama,
      Clock clock,
      MeterRegistry registry) {
    this.models = models;
    this.settings = settings;
    this.ollama = ollama;
    this.clock = clock;
    this.registry = registry;
  }

  /** The service as a process's context configures it. */
  public static AnalyzerService create(ServiceContext ctx) {
    return new AnalyzerService(
        ModelGateways.metered(ctx.parts().models(), ctx.registry(), NAME),
        AnalyzerSettings.from(ctx.config()),
        OllamaSettings.from(ctx.config()),
        ctx.clock(),
        ctx.registry());
  }

  /** Runs the analyzer on its own: {@code [--config FILE]}. */
  public static void main(String[] args) {
    ServiceMain.run(args, AnalyzerService::create);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Stage> stage() {
    return Optional.of(Stage.ANALYZE);
  }

  @Override
  public Topology topology() {
    return topology(models, new ImageIntake(settings), settings, clock, registry);
  }

  /**
   * The analyzer's topology, from its collaborators; tests run this very graph.
   *
   * @param models the model gateway the vision model is asked through
   * @param intake reads and prepares the submitted images
   * @param settings the analyzer's settings (vision model, repair attempts)
   * @param clock the clock of every {@code failedAt}
   * @param registry where the analyzer's meters go
   */
  public static Topology topology(
      ModelGateway models,
      ImageIntake intake,
      AnalyzerSettings settings,
      Clock clock,
      MeterRegistry registry) {
    VisionAnalyst analyst =
        new VisionAnalyst(models, settings.visionModel(), settings.repairAttempts());
    AnalyzerMetrics metrics = new AnalyzerMetrics(registry);
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, ImageSubmitted> submitted =
        builder.stream(Topics.IMAGES_SUBMITTED.name(), Topics.IMAGES_SUBMITTED.consumed());
    KStream<String, SpecificRecord> outcomes =
        submitted.process(
            () -> new AnalyzeProcessor(intake, analyst, metrics, clock), Named.as("analyze-image"));
    outcomes
        .split(Named.as("analysis-"))
        .branch(
            (bookId, event) -> event instanceof AnalysisReady,
            Branched.withConsumer(
                ready ->
                    ready
                        .mapValues(event -> (AnalysisReady) event, Named.as("as-analysis-ready"))
                        .to(Topics.ANALYSIS_READY.name(), Topics.ANALYSIS_READY.produced()),
                "ready"))
        .branch(
            (bookId, event) -> event instanceof BookFailed,
            Branched.withConsumer(
                failed ->
                    failed
                        .mapValues(event -> (BookFailed) event, Named.as("as-book-failed"))
                        .to(
                            Topics.BOOKS_FAILED.name(),
                            Topics.BOOKS_FAILED.produced("analyzer-write-books-failed")),
                "failed"))
        .noDefaultBranch();
    return builder.build();
  }

  /**
   * One record's worst case is every attempt (the first and the repairs), each through every
   * gateway retry at the full timeout, plus the image download; Kafka Streams may process up to
   * half a poll interval before that one record starts, so the poll interval is at least twice it.
   */
  @Override
  public Map<String, Object> streamsOverrides() {
    long attempts = 1L + settings.repairAttempts();
    Duration perCall =
        ollama.requestTimeout().multipliedBy(1L + ollama.maxRetries()).plus(backoffs());
    Duration worst = perCall.multipliedBy(attempts).plus(settings.uriTimeout());
    long interval = Math.max(900_000L, 2 * worst.toMillis());
    // Kafka's consumer takes this setting as an int, and refuses a Long.
    return Map.of(
        StreamsConfig.consumerPrefix("max.poll.interval.ms"),
        (int) Math.min(Integer.MAX_VALUE, interval));
  }

  private Duration backoffs() {
    Duration sum = Duration.ZERO;
    Duration next = ollama.retryBackoff();
    for (int i = 0; i < ollama.maxRetries(); i++) {
      sum = sum.plus(next);
      next = next.multipliedBy(2);
    }
    return sum;
  }
}
