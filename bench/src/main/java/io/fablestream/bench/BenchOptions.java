package io.fablestream.bench;

import java.time.Duration;
import java.util.Locale;

/**
 * The benchmark's command-line flags.
 *
 * @param parallel the simulated model's parallel slots (P)
 * @param books books the pipeline run submits (B)
 * @param baselineBooks books the one-at-a-time baseline writes (its rate does not depend on B)
 * @param shape chapters, arc length and words of every book
 * @param latencies the model time of each kind of call
 * @param mode which runs: both, pipeline or baseline
 * @param partitions topic partitions of the pipeline run (topics.partitions), or 0 for what
 *     model.parallelism gives
 * @param streamThreads explicit stream threads per service, or 0 for what model.parallelism gives
 * @param commitInterval Kafka Streams' commit.interval.ms, or null for the line's default
 * @param keys random (UUIDs, as producers choose them) or balanced (book ids spread evenly over the
 *     partitions)
 * @param settings further config of the line, {@code key=value} (such as {@code
 *     kafka.fetch.max.wait.ms=20}), applied last
 */
record BenchOptions(
    int parallel,
    int books,
    int baselineBooks,
    BookShape shape,
    Latencies latencies,
    String mode,
    int partitions,
    int streamThreads,
    Duration commitInterval,
    String keys,
    java.util.Map<String, String> settings) {

  static final String USAGE =
      """
      Usage: PipelineBenchmark [flags]
        --parallel P          model slots of the simulated Ollama (OLLAMA_NUM_PARALLEL)   [8]
        --books B             books the pipeline writes                                    [32]
        --baseline-books N    books the one-at-a-time baseline writes                       [3]
        --chapters N          chapters per book                                             [5]
        --arc-length N        chapters per arc                                              [5]
        --words N             words per chapter                                             [300]
        --vision-ms, --chapter-ms, --judge-ms, --summary-ms, --synopsis-ms
                              model latencies in ms              [2500, 6000, 1000, 1500, 1500]
        --zero-latency        every model call answers at once: the pipeline's overhead floor
        --mode M              both | pipeline | baseline                                    [both]
        --partitions N        topic partitions (topics.partitions); 0 = model.parallelism's  [0]
        --threads N           stream threads per service (streams.threads); 0 = model.parallelism [0]
        --commit-interval-ms N  Kafka Streams commit.interval.ms; -1 = the line's default     [-1]
        --keys K              random (UUIDs) | balanced (one book per partition in turn)  [random]
        --set key=value       any setting of the line (repeatable), e.g. kafka.fetch.max.wait.ms=20
      """;

  /** Reads the flags; throws IllegalArgumentException with the usage on a bad one. */
  static BenchOptions parse(String[] args) {
    int parallel = 8;
    int books = 32;
    int baselineBooks = 3;
    int chapters = 5;
    int arcLength = 5;
    int words = 300;
    long vision = Latencies.DEFAULTS.vision().toMillis();
    long chapter = Latencies.DEFAULTS.chapter().toMillis();
    long judge = Latencies.DEFAULTS.judge().toMillis();
    long summary = Latencies.DEFAULTS.summary().toMillis();
    long synopsis = Latencies.DEFAULTS.synopsis().toMillis();
    boolean zero = false;
    String mode = "both";
    int partitions = 0;
    int threads = 0;
    long commit = -1;
    String keys = "random";
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--zero-latency")) {
        zero = true;
        continue;
      }
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--parallel" -> parallel = positive(flag, value);
        case "--books" -> books = positive(flag, value);
        case "--baseline-books" -> baselineBooks = positive(flag, value);
        case "--chapters" -> chapters = positive(flag, value);
        case "--arc-length" -> arcLength = positive(flag, value);
        case "--words" -> words = positive(flag, value);
        case "--vision-ms" -> vision = millis(flag, value);
        case "--chapter-ms" -> chapter = millis(flag, value);
        case "--judge-ms" -> judge = millis(flag, value);
        case "--summary-ms" -> summary = millis(flag, value);
        case "--synopsis-ms" -> synopsis = millis(flag, value);
        case "--mode" -> mode = mode(value);
        case "--partitions" -> partitions = (int) millis(flag, value);
        case "--keys" -> keys = keys(value);
        case "--set" -> {
          int eq = value.indexOf('=');
          if (eq < 1) {
            throw new IllegalArgumentException("--set takes key=value, not " + value);
          }
          settings.put(value.substring(0, eq), value.substring(eq + 1));
        }
        case "--threads" -> threads = (int) millis(flag, value);
        case "--commit-interval-ms" -> commit = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
      }
    }
    Latencies latencies =
        zero
            ? Latencies.ZERO
            : new Latencies(
                Duration.ofMillis(vision),
                Duration.ofMillis(chapter),
                Duration.ofMillis(judge),
                Duration.ofMillis(summary),
                Duration.ofMillis(synopsis));
    return new BenchOptions(
        parallel,
        books,
        baselineBooks,
        new BookShape(chapters, arcLength, words),
        latencies,
        mode,
        partitions,
        threads,
        commit < 0 ? null : Duration.ofMillis(commit),
        keys,
        java.util.Map.copyOf(settings));
  }

  boolean runsPipeline() {
    return !mode.equals("baseline");
  }

  boolean runsBaseline() {
    return !mode.equals("pipeline");
  }

  private static int positive(String flag, String value) {
    return (int) atLeast(1, Integer.MAX_VALUE, flag, value);
  }

  private static long millis(String flag, String value) {
    return atLeast(0, Long.MAX_VALUE, flag, value);
  }

  private static long atLeast(long least, long most, String flag, String value) {
    try {
      long n = Long.parseLong(value);
      if (n >= least && n <= most) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        flag + " must be a whole number of at least " + least + ", not " + value);
  }

  private static String keys(String value) {
    if (value.equals("balanced") || value.equals("random")) {
      return value;
    }
    throw new IllegalArgumentException("--keys is balanced or random, not " + value);
  }

  private static String mode(String value) {
    String m = value.toLowerCase(Locale.ROOT);
    if (m.equals("both") || m.equals("pipeline") || m.equals("baseline")) {
      return m;
    }
    throw new IllegalArgumentException("--mode is both, pipeline or baseline, not " + value);
  }
}
