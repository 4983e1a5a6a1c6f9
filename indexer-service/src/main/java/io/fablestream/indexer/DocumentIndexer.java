package io.fablestream.indexer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.platform.memory.MemoryDocument;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.StoreRetry;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes analyses and chapters to story memory, retrying while the store is down, and says what
 * came of it. A store that stays down past the retries fails the book (stage INDEX, reason
 * STORE_UNAVAILABLE) instead of stopping the service, so the next book still goes through.
 */
final class DocumentIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentIndexer.class);

  private final StoryMemory memory;
  private final StoreRetry retry;
  private final StoreRetry.Sleeper sleeper;
  private final Clock clock;
  private final Counter booksFailed;

  DocumentIndexer(
      StoryMemory memory,
      StoreRetry retry,
      StoreRetry.Sleeper sleeper,
      Clock clock,
      MeterRegistry registry) {
    this.memory = memory;
    this.retry = retry;
    this.sleeper = sleeper;
    this.clock = clock;
    this.booksFailed =
        // The name every service counts failed books by; registered at start, so the series is
        // there (at 0) before the first failure and a dashboard's query finds it.
        Counter.builder("fablestream.books.failed")
            .description("Books this service failed, by reason and stage")
            .tag("service", IndexerService.NAME)
            .tag("reason", FailureReason.STORE_UNAVAILABLE.name())
            .tag("stage", Stage.INDEX.name())
            .register(registry);
  }

  /** Stores the picture's analysis as the book's first memory (kind ANALYSIS, chapter 0). */
  IndexOutcome analysis(AnalysisReady ready) {
    MemoryDocument document =
        new MemoryDocument(
            ready.getBookId(),
            MemoryKind.ANALYSIS,
            0,
            analysisText(ready.getAnalysis()),
            analysisKeywords(ready.getAnalysis()));
    try {
      return new IndexOutcome.AnalysisStored(store(document));
    } catch (StoreUnavailableException e) {
      return failed(ready.getBookId(), null, "the picture's analysis", e);
    }
  }

  /** Stores a chapter's text with its keywords; announces it once the store confirmed. */
  IndexOutcome chapter(ChapterWritten chapter) {
    MemoryDocument document =
        new MemoryDocument(
            chapter.getBookId(),
            MemoryKind.CHAPTER,
            chapter.getChapterNumber(),
            chapter.getText(),
            chapter.getKeywords());
    try {
      int chunks = store(document);
      return new IndexOutcome.Indexed(
          new ChapterIndexed(chapter.getBookId(), chapter.getChapterNumber(), chunks, 1));
    } catch (StoreUnavailableException e) {
      return failed(
          chapter.getBookId(),
          chapter.getChapterNumber(),
          "chapter " + chapter.getChapterNumber(),
          e);
    }
  }

  private int store(MemoryDocument document) {
    return retry.call(() -> memory.index(document), sleeper);
  }

  private IndexOutcome failed(
      String bookId, Integer chapter, String what, StoreUnavailableException e) {
    LOG.warn("{}: story memory stayed unavailable for {}: {}", bookId, what, e.getMessage());
    booksFailed.increment();
    String message =
        "Story memory could not store "
            + what
            + " after "
            + retry.attempts()
            + " attempts ("
            + e.getMessage()
            + "). Check that the vector store is running and reachable, then submit the picture"
            + " again.";
    return new IndexOutcome.Failed(
        new BookFailed(
            bookId,
            Stage.INDEX.name(),
            FailureReason.STORE_UNAVAILABLE.name(),
            message,
            chapter,
            clock.instant(),
            1));
  }

  /** The analysis as prose, so a query in words finds it as well as a chapter's text. */
  static String analysisText(ImageAnalysis analysis) {
    StringBuilder text = new StringBuilder();
    text.append("Setting: ").append(analysis.getSetting()).append(".\n");
    text.append("Characters: ").append(String.join(", ", analysis.getCharacters())).append(".\n");
    text.append("Mood: ").append(analysis.getMood()).append(".\n");
    if (!analysis.getObjects().isEmpty()) {
      text.append("Objects: ").append(String.join(", ", analysis.getObjects())).append(".\n");
    }
    if (!analysis.getPotentialConflicts().isEmpty()) {
      text.append("Conflicts: ")
          .append(String.join("; ", analysis.getPotentialConflicts()))
          .append(".\n");
    }
    return text.toString();
  }

  /** The analysis's characters and objects: the names a later chapter is likely to ask about. */
  static List<String> analysisKeywords(ImageAnalysis analysis) {
    List<String> keywords = new ArrayList<>(analysis.getCharacters());
    keywords.addAll(analysis.getObjects());
    return keywords;
  }
}
