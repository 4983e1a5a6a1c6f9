package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.events.MemoryChunk;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.calls.ChangeloggedStores;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.fablestream.platform.model.image.IllustrationSettings;
import io.fablestream.platform.model.image.ImageGateway;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceId;
import io.fablestream.platform.service.ServiceMeters;
import io.fablestream.platform.service.ServiceTopology;
import io.fablestream.platform.service.StageService;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.LoggerFactory;

/**
 * chapter-service: writes each book chapter by chapter with the text model, checks every chapter
 * with the validation layer, publishes the finished book (or the reason it failed), and reopens a
 * completed book when a person asks for a revision. Reads analysis.ready, chapters.indexed,
 * arcs.summarized, books.failed, books.revisions and books.planned into one processor with three
 * changelogged stores (book states, chapter texts, the ledger of calls in flight); writes
 * chapters.written, books.planned, books.completed and books.failed, and, when illustrations are on
 * and an image gateway is given, chapters.illustrated. Its model, image and story-memory calls run
 * off the stream thread.
 *
 * @param context what the process gives every service: its config, lanes, clock and meters
 * @param images the image model that draws each chapter's illustration, or empty for none
 * @param illustrations whether chapters are illustrated (with {@code images} given), and how
 */
public record ChapterService(
    ServiceContext context,
    ModelGateway models,
    StoryMemory memory,
    ChapterSettings settings,
    Optional<ImageGateway> images,
    IllustrationSettings illustrations)
    implements StageService {
  /** The service's short name. */
  public static final String NAME = "chapter";

  /** The processor every event goes through. */
  static final String PROCESSOR = "chapter-book-loop";

  /**
   * The store of book states, keyed by bookId; its changelog is {@code
   * fablestream-chapter-chapter-books-changelog}.
   */
  public static final String STORE = "chapter-books";

  /**
   * The chapter texts of each book ({@link BookTexts}); its changelog is {@code
   * fablestream-chapter-chapter-texts-changelog}.
   */
  static final String TEXTS_STORE = "chapter-texts";

  /**
   * The call ledger ({@link ChapterCalls}); its changelog is {@code
   * fablestream-chapter-chapter-calls-changelog}.
   */
  static final String CALLS_STORE = CallLedger.storeOf(NAME);

  /**
   * Each book's story-memory chunks, when story memory is kept in Kafka ({@link BookChunks}); its
   * changelog is {@code fablestream-chapter-chapter-memory-changelog}.
   */
  static final String CHUNKS_STORE = "chapter-memory";

  /**
   * The service of a process's context, asking its model gateway and recalling its story memory.
   */
  public static ChapterService create(ServiceContext ctx, ModelGateway models, StoryMemory memory) {
    return create(ctx, models, memory, Optional.empty());
  }

  /**
   * The service of a process's context, asking its model gateway, recalling its story memory, and
   * drawing each chapter's illustration with the image gateway when one is given and {@code
   * illustrations.enabled}.
   */
  public static ChapterService create(
      ServiceContext ctx, ModelGateway models, StoryMemory memory, Optional<ImageGateway> images) {
    return new ChapterService(
        ctx,
        ModelGateways.metered(models, ctx.registry(), NAME),
        memory,
        ChapterSettings.from(ctx.config()),
        images,
        IllustrationSettings.from(ctx.config()));
  }

  @Override
  public ServiceId id() {
    return new ServiceId(NAME, Stage.WRITE);
  }

  /**
   * chapter-service's topology, built from its collaborators; tests run this very graph: every
   * event of a book into one processor with its stores, chapters, plans, books and failures out.
   */
  @Override
  public Topology topology() {
    ServiceMeters meters = new ServiceMeters(context.registry(), NAME);
    ChapterMetrics metrics = new ChapterMetrics(meters);
    if (illustrations.enabled() && images.isEmpty()) {
      LoggerFactory.getLogger(ChapterService.class)
          .warn(
              "{} is true but this process was given no image gateway: chapters are not"
                  + " illustrated",
              IllustrationSettings.ENABLED.name());
    }
    IllustrationMetrics illustrationMetrics = new IllustrationMetrics(meters);
    ChapterCalls calls =
        new ChapterCalls(models, memory, context.lanes(), images.map(illustrationMetrics::metered));
    ChapterSteps steps =
        new ChapterSteps(
            calls,
            new StoryRecall(settings.retrievalK()),
            new ChapterValidator(settings),
            settings,
            metrics);
    BookFailures failures = new BookFailures(context.registry(), NAME);
    for (FailureReason reason : FailureReason.values()) {
      failures.expect(Stage.WRITE, reason);
    }
    BookOutputs outputs = new BookOutputs(failures);

    List<StoreBuilder<?>> stores = new ArrayList<>();
    stores.add(ChangeloggedStores.of(STORE, BookState.class));
    // A chapter of 5000 words is in ChapterText, and a book's whole text in BookCompleted.
    stores.add(ChangeloggedStores.large(TEXTS_STORE, ChapterText.class));
    stores.add(calls.ledger.storeBuilder());
    if (memory.keptInKafka()) {
      // Story memory kept in Kafka: each book's chunks as ChapterIndexed carried them.
      stores.add(ChangeloggedStores.of(CHUNKS_STORE, MemoryChunk.class));
    }
    return ServiceTopology.of(
        PROCESSOR,
        () ->
            new ChapterProcessor(
                steps,
                calls,
                settings,
                metrics,
                context.clock(),
                outputs,
                memory.keptInKafka(),
                illustrations,
                illustrationMetrics),
        List.of(
            Topics.ANALYSIS_READY,
            Topics.CHAPTERS_INDEXED,
            Topics.ARCS_SUMMARIZED,
            Topics.BOOKS_FAILED,
            Topics.BOOKS_REVISIONS,
            Topics.BOOKS_PLANNED),
        stores,
        List.of(
            Topics.CHAPTERS_WRITTEN,
            Topics.BOOKS_COMPLETED,
            Topics.BOOKS_FAILED,
            Topics.BOOKS_PLANNED,
            Topics.CHAPTERS_ILLUSTRATED));
  }
}
