package io.fablestream.schemas;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageSubmitted;
import java.util.List;

/**
 * The registry of Fablestream's topics. Every topic is keyed by bookId and has the same partition
 * count, so all events of one book meet in one task of each service, in order.
 */
public final class Topics {
  /** Requests for books; written by producers, the CLI and the HTTP API; read by the analyzer. */
  public static final Topic<ImageSubmitted> IMAGES_SUBMITTED =
      new Topic<>("fablestream.images.submitted", ImageSubmitted.class);

  /** Validated analyses; written by the analyzer; read by chapter-service and the indexer. */
  public static final Topic<AnalysisReady> ANALYSIS_READY =
      new Topic<>("fablestream.analysis.ready", AnalysisReady.class);

  /** Chapters; written by chapter-service; read by the indexer and the summarizer. */
  public static final Topic<ChapterWritten> CHAPTERS_WRITTEN =
      new Topic<>("fablestream.chapters.written", ChapterWritten.class);

  /** Chapters confirmed in story memory; written by the indexer; read by chapter-service. */
  public static final Topic<ChapterIndexed> CHAPTERS_INDEXED =
      new Topic<>("fablestream.chapters.indexed", ChapterIndexed.class);

  /** Arc summaries; written by the summarizer; read by chapter-service. */
  public static final Topic<ArcSummarized> ARCS_SUMMARIZED =
      new Topic<>("fablestream.arcs.summarized", ArcSummarized.class);

  /** Finished books; written by chapter-service; read by downstream consumers. */
  public static final Topic<BookCompleted> BOOKS_COMPLETED =
      new Topic<>("fablestream.books.completed", BookCompleted.class);

  /** Books that cannot go on; written by any service; read by chapter-service and consumers. */
  public static final Topic<BookFailed> BOOKS_FAILED =
      new Topic<>("fablestream.books.failed", BookFailed.class);

  /**
   * Requests to revise a completed book; written by the HTTP API, the CLI, the studio and any
   * producer; read by chapter-service.
   */
  public static final Topic<BookRevisionRequested> BOOKS_REVISIONS =
      new Topic<>("fablestream.books.revisions", BookRevisionRequested.class);

  /**
   * Books' plans; written by chapter-service (the model's plan) and by the HTTP API (a plan a
   * person approved); read by chapter-service and the read model.
   */
  public static final Topic<BookPlanned> BOOKS_PLANNED =
      new Topic<>("fablestream.books.planned", BookPlanned.class);

  /**
   * Chapters' illustrations, the image bytes with how they were drawn; written by chapter-service
   * when illustrations are on, read by the read model (which serves them at {@code
   * /books/{id}/chapters/{n}/illustration}) and any consumer.
   */
  public static final Topic<ChapterIllustrated> CHAPTERS_ILLUSTRATED =
      new Topic<>("fablestream.chapters.illustrated", ChapterIllustrated.class);

  private static final List<Topic<?>> ALL =
      List.of(
          IMAGES_SUBMITTED,
          ANALYSIS_READY,
          CHAPTERS_WRITTEN,
          CHAPTERS_INDEXED,
          ARCS_SUMMARIZED,
          BOOKS_COMPLETED,
          BOOKS_FAILED,
          BOOKS_REVISIONS,
          BOOKS_PLANNED,
          CHAPTERS_ILLUSTRATED);

  private Topics() {}

  /** Every event topic, in the order of the flow. */
  public static List<Topic<?>> all() {
    return ALL;
  }

  /**
   * The dead-letter topic of one service: records it could not read land here, unchanged, with the
   * error in their headers.
   *
   * @param service the service's short name, for example {@code analyzer}
   */
  public static String deadLetter(String service) {
    return "fablestream." + service + ".dlq";
  }
}
