package io.fablestream.analyzer;

import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.ChangeloggedStores;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceId;
import io.fablestream.platform.service.ServiceTopology;
import io.fablestream.platform.service.StageService;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.streams.Topology;

/**
 * The first stage of the line: {@code fablestream.images.submitted} in; {@code
 * fablestream.analysis.ready} or {@code fablestream.books.failed} out, exactly one event per
 * request. Its state is the ledger of its calls in flight (vision calls and downloads), so a call
 * that was running when the process stopped is made again by the task's next owner, and
 * exactly-once makes sure only one answer is published; and, for an album, the analyses of its
 * pictures gathered so far.
 */
public record AnalyzerService(
    ModelGateway models,
    CallLanes lanes,
    AnalyzerSettings settings,
    Clock clock,
    MeterRegistry registry)
    implements StageService {
  /** The service's short name. */
  public static final String NAME = "analyzer";

  /** The processor every request goes through. */
  static final String PROCESSOR = "analyze-image";

  /** The ledger of calls in flight; its changelog is {@code ...-analyzer-calls-changelog}. */
  static final String CALLS_STORE = "analyzer-calls";

  /** The albums being analysed, one entry a book until its outcome ({@link AlbumProgress}). */
  static final String ALBUMS_STORE = "analyzer-albums";

  static final String READY_SINK = Topics.ANALYSIS_READY.sinkName();
  static final String FAILED_SINK = Topics.BOOKS_FAILED.sinkName();

  /** The service as a process's context configures it, asking the process's model gateway. */
  public static AnalyzerService create(ServiceContext ctx, ModelGateway models) {
    return new AnalyzerService(
        ModelGateways.metered(models, ctx.registry(), NAME),
        ctx.lanes(),
        AnalyzerSettings.from(ctx.config()),
        ctx.clock(),
        ctx.registry());
  }

  @Override
  public ServiceId id() {
    return new ServiceId(NAME, Stage.ANALYZE);
  }

  /**
   * The analyzer's topology, from its collaborators; tests run this very graph: the requests into
   * one processor with the ledger of its calls, each outcome to its own topic's sink.
   */
  @Override
  public Topology topology() {
    ImageIntake intake = new ImageIntake(settings);
    VisionAnalyst analyst =
        new VisionAnalyst(settings.visionModel(), settings.repairAttempts(), settings.models());
    AnalyzerCalls calls = new AnalyzerCalls(models, intake, lanes);
    AnalyzerMetrics metrics = new AnalyzerMetrics(registry);
    BookFailures failures = new BookFailures(registry, NAME);
    RequestCheck check = new RequestCheck(settings.bookBudget());
    return ServiceTopology.of(
        PROCESSOR,
        () ->
            new AnalyzerProcessor(
                intake, check, analyst, calls, metrics, failures, clock, settings.maxPictures()),
        List.of(Topics.IMAGES_SUBMITTED),
        List.of(
            calls.ledger.storeBuilder(),
            ChangeloggedStores.of(ALBUMS_STORE, AlbumProgress.serde())),
        List.of(Topics.ANALYSIS_READY, Topics.BOOKS_FAILED));
  }
}
