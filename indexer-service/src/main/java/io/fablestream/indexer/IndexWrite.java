package io.fablestream.indexer;

import io.fablestream.platform.memory.MemoryDocument;
import io.fablestream.platform.memory.MemoryKind;
import java.util.List;

/**
 * One write to story memory, kept in the indexer's ledger until the store has confirmed it.
 *
 * @param bookId the book
 * @param kind the analysis or a chapter
 * @param chapter the chapter's number (0 for the analysis)
 * @param revision the revision of the book the chapter belongs to
 * @param text what is stored
 * @param keywords the document's keywords
 * @param dropFrom for a revision's chapter: the chapters from here on are forgotten first (what the
 *     old revision wrote after it); 0 for none
 */
record IndexWrite(
    String bookId,
    MemoryKind kind,
    int chapter,
    int revision,
    String text,
    List<String> keywords,
    int dropFrom) {

  /** Its id in the ledger: one per document and revision. */
  String id() {
    return kind == MemoryKind.ANALYSIS ? "analysis" : "r" + revision + "/ch" + chapter;
  }

  MemoryDocument document() {
    return new MemoryDocument(bookId, kind, chapter, text, keywords);
  }

  /** What it stores, for a person: the picture's analysis, or chapter n. */
  String what() {
    return kind == MemoryKind.ANALYSIS ? "the picture's analysis" : "chapter " + chapter;
  }
}
