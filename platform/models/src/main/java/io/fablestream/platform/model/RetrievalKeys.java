package io.fablestream.platform.model;

import io.fablestream.platform.config.ConfigKey;

/**
 * How much remembered story a chapter prompt carries: {@code memory.retrieval.k} passages of at
 * most {@code memory.chunk.size} characters. Story memory chunks and retrieves by these keys, and
 * {@link BookBudget} counts them in every chapter call, for the analyzer's intake check too, which
 * runs no story memory. So they are declared here, where the models module and everything above it
 * can read them, and story memory's settings list them among their own.
 */
public final class RetrievalKeys {
  /** The most characters in one chunk, so in one retrieved passage. */
  public static final ConfigKey CHUNK_SIZE =
      new ConfigKey("memory.chunk.size", "500", "The most characters in one chunk.");

  /** How many passages a retrieval before each chapter returns. */
  public static final ConfigKey RETRIEVAL_K =
      new ConfigKey(
          "memory.retrieval.k", "3", "How many chunks a retrieval before each chapter returns.");

  private RetrievalKeys() {}
}
