package io.fablestream.platform.memory;

/** What a chunk in story memory came from. */
public enum MemoryKind {
  /** The picture's analysis: the story's first facts. */
  ANALYSIS,
  /** A chapter's text. */
  CHAPTER,
  /** An arc summary. */
  SUMMARY
}
