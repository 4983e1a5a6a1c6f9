package io.fablestream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run: throughput, how busy the model slots were, the pipeline's own time
 * between a book's model calls, book latency and memory.
 *
 * @param name what ran
 * @param books books finished
 * @param failed books that ended in BookFailed
 * @param parallel the model's parallel slots
 * @param wall from the first submission to the last book's end
 * @param busy the slot time all calls held, summed
 * @param calls model calls served
 * @param overhead per chapter: from the last model answer a book waited for to its next chapter
 *     call, in milliseconds
 * @param bookLatency per book: from submission to its end, in milliseconds
 * @param peakRssBytes the process's peak resident set (VmHWM) during the run, or -1 if unknown
 * @param perBook the model time of one book, from the simulator's latencies and the calls the line
 *     makes for a book
 * @param callsPerBook the calls the line makes for a book when every answer is accepted
 * @param aborts the line's aborted transactions, or null for the baseline (no Kafka)
 */
public record RunFigures(
    String name,
    int books,
    int failed,
    int parallel,
    Duration wall,
    Duration busy,
    int calls,
    Percentiles overhead,
    Percentiles bookLatency,
    long peakRssBytes,
    Duration perBook,
    int callsPerBook,
    TransactionAborts.Counts aborts) {

  /** The 50th and 95th percentile of a sample, and its size. */
  public record Percentiles(double p50, double p95, int count) {
    /** Nearest-rank percentiles of the values. */
    public static Percentiles of(Collection<Double> values) {
      List<Double> sorted = new ArrayList<>(values);
      sorted.sort(Double::compare);
      return new Percentiles(rank(sorted, 0.50), rank(sorted, 0.95), sorted.size());
    }

    private static double rank(List<Double> sorted, double q) {
      if (sorted.isEmpty()) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(q * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
  }

  /** Books per hour at the rate of this run. */
  public double booksPerHour() {
    if (books == 0) {
      return 0;
    }
    return books * 3_600_000.0 / Math.max(1, wall.toMillis());
  }

  /**
   * The most books per hour the simulator's latencies allow for this run: B books of {@link
   * #perBook} model time on P slots take at least B x perBook / P, and never less than one book's
   * chain of calls.
   */
  public double limitBooksPerHour() {
    double wall = Math.max(perBook.toNanos() * (double) books / parallel, perBook.toNanos());
    return wall <= 0 ? Double.NaN : books * 3_600e9 / wall;
  }

  /** Busy slot time over P times the wall time. */
  public double utilisation() {
    if (books == 0) {
      return Double.NaN;
    }
    return busy.toNanos() / ((double) parallel * Math.max(1, wall.toNanos()));
  }

  /** The figures from the simulator's log and the books' latencies. */
  public static RunFigures of(
      String name,
      int failed,
      int parallel,
      Duration wall,
      List<SimulatedCall> calls,
      List<Duration> bookLatencies,
      long peakRssBytes,
      Duration perBook,
      int callsPerBook,
      TransactionAborts.Counts aborts) {
    long busy = calls.stream().mapToLong(SimulatedCall::busyNanos).sum();
    return new RunFigures(
        name,
        bookLatencies.size(),
        failed,
        parallel,
        wall,
        Duration.ofNanos(busy),
        calls.size(),
        Percentiles.of(overheadMillis(calls)),
        Percentiles.of(bookLatencies.stream().map(d -> d.toNanos() / 1e6).toList()),
        peakRssBytes,
        perBook,
        callsPerBook,
        aborts);
  }

  /**
   * The pipeline's own time before each chapter's first model call: from the end of the book's
   * latest model call that had ended when the chapter call arrived (the vision answer, the judge's
   * verdict on the chapter before, or an arc summary) to that arrival. Hops, state, retrieval,
   * embedding and indexing all fall in it; queueing for a model slot does not.
   */
  static List<Double> overheadMillis(List<SimulatedCall> calls) {
    Map<Integer, List<SimulatedCall>> byStory = new HashMap<>();
    for (SimulatedCall call : calls) {
      if (call.story() > 0) {
        byStory.computeIfAbsent(call.story(), s -> new ArrayList<>()).add(call);
      }
    }
    List<Double> gaps = new ArrayList<>();
    for (List<SimulatedCall> story : byStory.values()) {
      story.sort(java.util.Comparator.comparingLong(SimulatedCall::arrived));
      java.util.Set<Integer> written = new java.util.HashSet<>();
      for (SimulatedCall call : story) {
        if (call.purpose() != CallPurpose.CHAPTER || !written.add(call.chapter())) {
          continue;
        }
        long lastEnd = Long.MIN_VALUE;
        for (SimulatedCall before : story) {
          if (before != call && before.ended() <= call.arrived()) {
            lastEnd = Math.max(lastEnd, before.ended());
          }
        }
        if (lastEnd != Long.MIN_VALUE) {
          gaps.add((call.arrived() - lastEnd) / 1e6);
        }
      }
    }
    return gaps;
  }

  /** The figures as lines for a person. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        """
        %s
          books finished        %d (failed %d) in %.1f s
          books per hour        %.0f; limit %.0f (%.1f s of model time per book, %d slots): %.3f of it
          model calls           %d (%.2f per book; %d expected), slot time %.1f s over %d slots
          slot utilisation      %.3f
          per-chapter overhead  p50 %.1f ms, p95 %.1f ms (%d chapters)
          book latency          p50 %.1f s, p95 %.1f s
          peak RSS (VmHWM)      %s%s""",
        name,
        books,
        failed,
        wall.toMillis() / 1000.0,
        booksPerHour(),
        limitBooksPerHour(),
        perBook.toMillis() / 1000.0,
        parallel,
        booksPerHour() / limitBooksPerHour(),
        calls,
        books == 0 ? Double.NaN : calls / (double) books,
        callsPerBook,
        busy.toMillis() / 1000.0,
        parallel,
        utilisation(),
        overhead.p50(),
        overhead.p95(),
        overhead.count(),
        bookLatency.p50() / 1000,
        bookLatency.p95() / 1000,
        peakRssBytes < 0
            ? "unknown"
            : String.format(Locale.ROOT, "%.0f MiB", peakRssBytes / 1048576.0),
        aborts == null ? "" : "\n  aborted transactions  " + aborts.describe());
  }
}
