package io.fablestream.platform.model;

/**
 * How a prompt shows a story's arcs: one line an arc, "Chapters 4-6: " and its summary. The writer
 * of a chapter reads the latest arcs so and the synopsis writer every arc, so chapter-service's and
 * summarizer-service's prompts show the same story alike; it sits here because both read it and
 * neither depends on the other.
 */
public final class ArcLines {
  private ArcLines() {}

  /** Appends the line of the arc of chapters {@code from} to {@code through}. */
  public static void append(StringBuilder prompt, int from, int through, String summary) {
    prompt
        .append("Chapters ")
        .append(from)
        .append('-')
        .append(through)
        .append(": ")
        .append(summary)
        .append('\n');
  }
}
