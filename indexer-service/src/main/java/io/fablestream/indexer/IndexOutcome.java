package io.fablestream.indexer;

import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterIndexed;

/** What indexing one record came to: the event it causes, if any. */
sealed interface IndexOutcome {
  /** The analysis is stored; nothing to announce. */
  record AnalysisStored(int chunkCount) implements IndexOutcome {}

  /** The chapter is stored and confirmed. */
  record Indexed(ChapterIndexed event) implements IndexOutcome {}

  /** The store stayed down; the book cannot go on. */
  record Failed(BookFailed event) implements IndexOutcome {}
}
