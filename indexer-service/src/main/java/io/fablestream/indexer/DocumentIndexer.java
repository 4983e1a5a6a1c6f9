package io.fablestream.indexer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.MemoryChunk;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.platform.memory.ExactSearch;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.StoreRetry;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.memory.StoredChunk;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the indexer writes to story memory and how: the analysis and each chapter as documents, a
 * revision's chapter after forgetting the old revision's later chapters, each write retried while
 * the store is down. The writes block (embedding, an fsync'd index write), so they run off the
 * stream thread, in the io lane. A store that stays down past the retries fails the book (stage
 * INDEX, reason STORE_UNAVAILABLE) instead of stopping the service, so the next book still goes
 * through.
 */
final class DocumentIndexer {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentIndexer.class);

  private final StoryMemory memory;
  private final StoreRetry retry;
  private final StoreRetry.Sleeper sleeper;
  private final BookFailures failures;

  DocumentIndexer(
      StoryMemory memory, StoreRetry retry, StoreRetry.Sleeper sleeper, BookFailures failures) {
    this.memory = memory;
    this.retry = retry;
    this.sleeper = sleeper;
    this.failures = failures.expect(Stage.INDEX, FailureReason.STORE_UNAVAILABLE);
  }

  /** The picture's analysis as the book's first memory (kind ANALYSIS, chapter 0). */
  static IndexWrite analysis(AnalysisReady ready) {
    return new IndexWrite(
        ready.getBookId(),
        MemoryKind.ANALYSIS,
        0,
        1,
        analysisText(ready.getAnalysis()),
        analysisKeywords(ready.getAnalysis()),
        0);
  }

  /**
   * A chapter's text with its keywords. A revision's chapter first drops what the old revision
   * wrote after it: retrieval for the next chapter sees only the current revision.
   */
  static IndexWrite chapter(ChapterWritten chapter) {
    int n = chapter.getChapterNumber();
    return new IndexWrite(
        chapter.getBookId(),
        MemoryKind.CHAPTER,
        n,
        chapter.getRevision(),
        chapter.getText(),
        chapter.getKeywords(),
        chapter.getRevision() > 1 ? n + 1 : 0);
  }

  /**
   * Stores the document, retrying while the store is down; blocks, so it runs in the io lane. With
   * story memory kept in Kafka ({@code memory.store=kafka}) nothing is stored here: the document's
   * chunks are made and embedded, and given back to ride on a ChapterIndexed (the analysis's on the
   * ChapterIndexed of chapter 0).
   *
   * @return how many chunks the store confirmed, and the chunks themselves when they ride on Kafka
   * @throws StoreUnavailableException when the store stayed down through the retries
   */
  Indexed write(IndexWrite write) {
    return retry.call(
        () -> {
          if (memory.keptInKafka()) {
            List<MemoryChunk> chunks = new ArrayList<>();
            for (StoredChunk chunk : memory.prepare(write.document())) {
              chunks.add(
                  new MemoryChunk(
                      chunk.chunkIndex(),
                      chunk.text(),
                      chunk.keywords(),
                      ExactSearch.toBytes(chunk.vector())));
            }
            return new Indexed(chunks.size(), chunks);
          }
          if (write.dropFrom() > 0) {
            memory.deleteChapters(write.bookId(), write.dropFrom());
          }
          return new Indexed(memory.index(write.document()), List.of());
        },
        sleeper);
  }

  /**
   * What a write left in story memory.
   *
   * @param chunkCount how many chunks the store confirmed
   * @param chunks the chunks with their vectors when memory is kept in Kafka; empty otherwise
   */
  record Indexed(int chunkCount, List<MemoryChunk> chunks) {}

  /** Forgets every chunk of a book whose retention ran out; blocks, so it runs in the io lane. */
  boolean forget(String bookId) {
    retry.call(
        () -> {
          memory.deleteBook(bookId);
          return null;
        },
        sleeper);
    return true;
  }

  /** The BookFailed of a write the store would not take. */
  BookFailed failed(IndexWrite write, StoreUnavailableException e, Instant at) {
    LOG.warn(
        "{}: story memory stayed unavailable for {}: {}",
        write.bookId(),
        write.what(),
        e.getMessage());
    String message =
        "Story memory could not store "
            + write.what()
            + " after "
            + retry.attempts()
            + " attempts ("
            + e.getMessage()
            + "). Check that the vector store is running and reachable, then submit the picture"
            + " again.";
    return failures.failed(
        write.bookId(),
        Stage.INDEX,
        FailureReason.STORE_UNAVAILABLE,
        message,
        write.kind() == MemoryKind.ANALYSIS ? null : write.chapter(),
        write.revision(),
        at);
  }

  /** The BookFailed of a book a bug of ours stopped. */
  BookFailed internalError(String bookId, String message, Instant at) {
    return failures.failed(bookId, Stage.INDEX, FailureReason.INTERNAL_ERROR, message, null, 1, at);
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
