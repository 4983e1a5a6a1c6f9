package io.fablestream.summarizer;

import io.fablestream.platform.calls.ChangeloggedStores;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceId;
import io.fablestream.platform.service.ServiceTopology;
import io.fablestream.platform.service.StageService;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import io.fablestream.summarizer.state.ArcState;
import io.fablestream.summarizer.state.SummarizedChapter;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.streams.Topology;

/**
 * summarizer-service: condenses each story arc into three sentences for the prompts of the chapters
 * after it, every arc the last one included, and the whole book into a synopsis after its last arc.
 * Reads analysis.ready (for the arc length and the language), chapters.written, books.completed and
 * books.failed into one processor with three changelogged stores (book states, chapters, the ledger
 * of model calls in flight); writes arcs.summarized and, when the model fails, books.failed. Its
 * model calls run off the stream thread.
 */
public record SummarizerService(
    ServiceContext context, ModelGateway models, SummarizerSettings settings)
    implements StageService {
  /** The service's short name. */
  public static final String NAME = "summarizer";

  /** The processor every event goes through. */
  static final String PROCESSOR = "summarizer-arcs-loop";

  /** The book states by bookId; its changelog is {@code ...-summarizer-arcs-changelog}. */
  public static final String ARCS_STORE = "summarizer-arcs";

  /** The chapters of each book; its changelog is {@code ...-summarizer-texts-changelog}. */
  static final String TEXTS_STORE = "summarizer-texts";

  /** The service of a process's context: its settings and model gateway. */
  public static SummarizerService create(ServiceContext ctx, ModelGateway models) {
    return new SummarizerService(
        ctx,
        ModelGateways.metered(models, ctx.registry(), NAME),
        SummarizerSettings.from(ctx.config()));
  }

  @Override
  public ServiceId id() {
    return new ServiceId(NAME, Stage.SUMMARIZE);
  }

  /**
   * summarizer-service's topology, built from its collaborators; tests run this very graph: every
   * event of a book into one processor with its three stores, summaries and failures out.
   */
  @Override
  public Topology topology() {
    Clock clock = context.clock();
    SummarizerMetrics metrics = new SummarizerMetrics(context.registry(), NAME);
    BookFailures failures = new BookFailures(context.registry(), NAME);
    failures.expect(Stage.SUMMARIZE, FailureReason.MODEL_UNAVAILABLE);
    failures.expect(Stage.SUMMARIZE, FailureReason.INVALID_MODEL_OUTPUT);
    SummarizerCalls calls = new SummarizerCalls(models, context.lanes());
    SummaryAnswers answers = new SummaryAnswers(calls, settings, metrics, failures, clock);
    return ServiceTopology.of(
        PROCESSOR,
        () -> new SummarizerProcessor(calls, answers, settings, clock),
        List.of(
            Topics.ANALYSIS_READY,
            Topics.CHAPTERS_WRITTEN,
            Topics.BOOKS_COMPLETED,
            Topics.BOOKS_FAILED),
        List.of(
            ChangeloggedStores.of(ARCS_STORE, ArcState.class),
            ChangeloggedStores.large(TEXTS_STORE, SummarizedChapter.class),
            calls.ledger.storeBuilder()),
        List.of(Topics.ARCS_SUMMARIZED, Topics.BOOKS_FAILED));
  }
}
