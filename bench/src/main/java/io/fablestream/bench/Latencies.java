package io.fablestream.bench;

import java.time.Duration;

/**
 * How long the simulated model takes for each kind of call: the time one slot is held.
 *
 * @param vision the vision model reading a picture
 * @param chapter the text model writing a chapter
 * @param judge the judge model scoring a chapter
 * @param summary the text model summarising an arc
 * @param synopsis the text model writing the book's synopsis from the arcs' summaries
 */
public record Latencies(
    Duration vision, Duration chapter, Duration judge, Duration summary, Duration synopsis) {
  /**
   * Figures in the range of a 7-8B model on one GPU slot shared with others, shortened so that a
   * run of 32 books on 8 slots ends in about three minutes: a chapter of 300 words (about 400
   * tokens) in 6 s is 65 tokens a second.
   */
  public static final Latencies DEFAULTS =
      new Latencies(
          Duration.ofMillis(2500),
          Duration.ofMillis(6000),
          Duration.ofMillis(1000),
          Duration.ofMillis(1500),
          Duration.ofMillis(1500));

  /** A model that answers at once: what is left is the pipeline's own time. */
  public static final Latencies ZERO =
      new Latencies(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /** The latency of one kind of call. */
  public Duration of(CallPurpose purpose) {
    return switch (purpose) {
      case VISION -> vision;
      case CHAPTER -> chapter;
      case JUDGE -> judge;
      case SUMMARY -> summary;
      case SYNOPSIS -> synopsis;
    };
  }

  /**
   * Model time of one book as the line calls the models for it: vision, a writer and a judge call
   * per chapter, a summary per arc (the last one included), and the synopsis.
   */
  Duration perBook(BookShape shape) {
    return vision
        .plus(chapter.plus(judge).multipliedBy(shape.chapters()))
        .plus(summary.multipliedBy(shape.arcs()))
        .plus(synopsis);
  }
}
