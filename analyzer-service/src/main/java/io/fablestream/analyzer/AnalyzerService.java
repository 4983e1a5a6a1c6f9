package io.fablestream.analyzer;

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
    ServiceContext context, ModelGateway models, AnalyzerSettings settings)
    implements StageService {
  /** The service's short name. */
  public static final String NAME = "analyzer";

  /** The processor every request goes through. */
  static final String PROCESSOR = "analyze-image";

  /** The albums being analysed, one entry a book until its outcome ({@link AlbumProgress}). */
  static final String ALBUMS_STORE = "analyzer-albums";

  /** The service as a process's context configures it, asking the process's model gateway. */
  public static AnalyzerService create(ServiceContext ctx, ModelGateway models) {
    return new AnalyzerService(
        ctx,
        ModelGateways.metered(models, ctx.registry(), NAME),
        AnalyzerSettings.from(ctx.config()));
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
    AnalyzerCalls calls = new AnalyzerCalls(models, intake, context.lanes());
    AnalyzerMetrics metrics = new AnalyzerMetrics(context.registry());
    BookFailures failures = new BookFailures(context.registry(), NAME);
    RequestCheck check = new RequestCheck(settings.bookBudget());
    return ServiceTopology.of(
        PROCESSOR,
        () ->
            new AnalyzerProcessor(
                intake,
                check,
                analyst,
                calls,
                metrics,
                failures,
                context.clock(),
                settings.maxPictures()),
        List.of(Topics.IMAGES_SUBMITTED),
        List.of(
            calls.ledger.storeBuilder(),
            ChangeloggedStores.of(ALBUMS_STORE, AlbumProgress.serde())),
        List.of(Topics.ANALYSIS_READY, Topics.BOOKS_FAILED));
  }
}
