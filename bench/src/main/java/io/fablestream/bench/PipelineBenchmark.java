package io.fablestream.bench;

import java.util.Locale;

/**
 * Measures the line against the limit the models set: the all-in-one line (embedded broker and the
 * four services) writing B books on an Ollama load simulator with P slots, beside the original
 * design's one-book-at-a-time loop on the same simulator. Run by hand; see docs/performance.md.
 */
public final class PipelineBenchmark {
  private PipelineBenchmark() {}

  public static void main(String[] args) throws Exception {
    // Before any logger exists: the line's own chatter would bury the figures.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "bench-logback.xml");
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "P=%d slots, B=%d books of %d chapters (arc %d, %d words); latencies vision %d ms,"
            + " chapter %d ms, judge %d ms, summary %d ms, synopsis %d ms; %d calls and %.1f s of"
            + " model time per book%n",
        options.parallel(),
        options.books(),
        options.shape().chapters(),
        options.shape().arcLength(),
        options.shape().wordsPerChapter(),
        options.latencies().vision().toMillis(),
        options.latencies().chapter().toMillis(),
        options.latencies().judge().toMillis(),
        options.latencies().summary().toMillis(),
        options.latencies().synopsis().toMillis(),
        options.shape().calls(),
        options.latencies().perBook(options.shape()).toMillis() / 1000.0);
    RunFigures baseline = null;
    if (options.runsBaseline()) {
      baseline = BaselineRun.run(options);
      System.out.println(baseline.describe());
    }
    RunFigures pipeline = null;
    if (options.runsPipeline()) {
      pipeline = LineRun.run(options);
      System.out.println(pipeline.describe());
    }
    if (baseline != null && pipeline != null) {
      System.out.printf(
          Locale.ROOT,
          "ratio: %.2fx the books per hour of the baseline; book latency p50 %.2fx%n",
          pipeline.booksPerHour() / baseline.booksPerHour(),
          pipeline.bookLatency().p50() / baseline.bookLatency().p50());
    }
    System.exit(pipeline != null && pipeline.failed() > 0 ? 1 : 0);
  }
}
