package io.fablestream.bench;

import java.time.Duration;

/**
 * How long the simulated model takes for each kind of call: the time one slot is held.
 *
 * @param vision the vision model reading a picture
 * @param chapter the text model writing a chapter
 * @param judge the judge model scoring a chapter
 * @param summary the text model summarising an arc
 */
public record Latencies(Duration vision, Duration chapter, Duration judge, Duration summary) {
  /** Figures in the range of a 7-8B model on one GPU. */
  public static final Latencies DEFAULTS =
      new Latencies(
          Duration.ofMillis(800),
          Duration.ofMillis(2000),
          Duration.ofMillis(300),
          Duration.ofMillis(500));

  /** A model that answers at once: what is left is the pipeline's own time. */
  public static final Latencies ZERO =
      new Latencies(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  /** The latency of one kind of call. */
  public Duration of(CallPurpose purpose) {
    return switch (purpose) {
      case VISION -> vision;
      case CHAPTER -> chapter;
      case JUDGE -> judge;
      case SUMMARY -> summary;
    };
  }

  /** Model time of one book: vision, a writer and a judge call per chapter, the summaries. */
  public Duration perBook(int chapters, int summaries) {
    return vision
        .plus(chapter.plus(judge).multipliedBy(chapters))
        .plus(summary.multipliedBy(summaries));
  }
}
