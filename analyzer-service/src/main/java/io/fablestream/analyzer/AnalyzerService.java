package io.fablestream.analyzer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceMain;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The first stage of the line: {@code fablestream.images.submitted} in; {@code
 * fablestream.analysis.ready} or {@code fablestream.books.failed} out, exactly one event per
 * request. Its only state is the ledger of its calls in flight (vision calls and downloads), so a
 * call that was running when the process stopped is made again by the task's next owner, and
 * exactly-once makes sure only one answer is published.
 */
public record AnalyzerService(
    ModelGateway models,
    CallLanes lanes,
    AnalyzerSettings settings,
    Clock clock,
    MeterRegistry registry)
    implements StreamsService {
  /** The service's short name. */
  public static final String NAME = "analyzer";

  /** The service as a process's context configures it. */
  public static AnalyzerService create(ServiceContext ctx) {
    return new AnalyzerService(
        ModelGateways.metered(ctx.parts().models(), ctx.registry(), NAME),
        ctx.parts().lanes(),
        AnalyzerSettings.from(ctx.config()),
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
    return topology(models, new ImageIntake(settings), lanes, settings, clock, registry);
  }

  /**
   * The analyzer's topology, from its collaborators; tests run this very graph.
   *
   * @param models the model gateway the vision model is asked through
   * @param intake reads and prepares the submitted images
   * @param lanes the slots the vision calls and the downloads run in, off the stream threads
   * @param settings the analyzer's settings (vision model, repair attempts)
   * @param clock the clock of every {@code failedAt}
   * @param registry where the analyzer's meters go
   */
  public static Topology topology(
      ModelGateway models,
      ImageIntake intake,
      CallLanes lanes,
      AnalyzerSettings settings,
      Clock clock,
      MeterRegistry registry) {
    VisionAnalyst analyst =
        new VisionAnalyst(settings.visionModel(), settings.repairAttempts(), settings.models());
    AnalysisCalls calls = new AnalysisCalls(models, intake, lanes);
    AnalyzerMetrics metrics = new AnalyzerMetrics(registry);
    BookFailures failures = new BookFailures(registry, NAME);
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(calls.ledger.storeBuilder());
    KStream<String, ImageSubmitted> submitted = Topics.IMAGES_SUBMITTED.stream(builder);
    KStream<String, SpecificRecord> outcomes =
        submitted.process(
            () ->
                new AnalyzeProcessor(
                    intake,
                    new RequestCheck(settings.contextBudget()),
                    analyst,
                    calls,
                    metrics,
                    failures,
                    clock),
            Named.as("analyze-image"),
            calls.ledger.storeName());
    outcomes
        .split(Named.as("analysis-"))
        .branch(
            (bookId, event) -> event instanceof AnalysisReady,
            Branched.withConsumer(
                ready ->
                    Topics.ANALYSIS_READY.to(
                        ready.mapValues(
                            event -> (AnalysisReady) event, Named.as("as-analysis-ready"))),
                "ready"))
        .branch(
            (bookId, event) -> event instanceof BookFailed,
            Branched.withConsumer(
                failed ->
                    Topics.BOOKS_FAILED.to(
                        failed.mapValues(event -> (BookFailed) event, Named.as("as-book-failed")),
                        "analyzer-write-books-failed"),
                "failed"))
        .noDefaultBranch();
    return builder.build();
  }
}
