package io.fablestream.schemas;

/** Where in the line a book failed: the {@code stage} of a BookFailed. */
public enum Stage {
  /** The request itself was wrong. */
  SUBMIT,
  /** The analyzer: image intake and the vision call. */
  ANALYZE,
  /** The indexer: chunking, embedding, the vector store. */
  INDEX,
  /** chapter-service: writing and validating a chapter. */
  WRITE,
  /** The summarizer. */
  SUMMARIZE,
  /** chapter-service: assembling and publishing the finished book. */
  PUBLISH,
  /** chapter-service: checking a revision request and reopening the book. */
  REVISE
}
