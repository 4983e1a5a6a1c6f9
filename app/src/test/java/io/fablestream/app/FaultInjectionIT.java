package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.model.ollama.OllamaTestServer;
import io.fablestream.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection end to end: the app ({@code fablestream serve}) in a JVM of its own on the real
 * embedded broker, the models failing at random (HTTP 500, calls past the client's timeout, prose
 * where JSON was asked for), and the app SIGKILLed at random moments and started again on the same
 * data directory. Read with {@code read_committed}, every book ends exactly once, a completed book
 * has each chapter once, and no chapter number repeats for a book on {@code chapters.written}.
 *
 * <p>The sizes are system properties, so one code path is both the CI run (the defaults: 8 books, 2
 * kills) and the soak (docs/reliability.md: 50 books, 3 kills): {@code fault.books}, {@code
 * fault.kills}, {@code fault.chapters}, {@code fault.revisions}, {@code fault.seed}, {@code
 * fault.kill.after.min.ms}, {@code fault.kill.after.max.ms}, {@code fault.model.latency.ms}, {@code
 * fault.deadline.minutes}. Model calls take a second, so kills land while calls are in flight, and
 * from the second run on, books completed so far are revised, so kills land in revisions too: each
 * revision ends once as well.
 */
@Timeout(value = 90, unit = TimeUnit.MINUTES)
class FaultInjectionIT {
  private static final Path CHELSEA = Path.of("../docs/samples/chelsea.png");

  private static final int BOOKS = Integer.getInteger("fault.books", 8);
  private static final int KILLS = Integer.getInteger("fault.kills", 2);
  private static final int CHAPTERS = Integer.getInteger("fault.chapters", 3);
  private static final long SEED = Long.getLong("fault.seed", System.nanoTime());
  private static final long KILL_AFTER_MIN_MS = Long.getLong("fault.kill.after.min.ms", 1_000);
  private static final long KILL_AFTER_MAX_MS = Long.getLong("fault.kill.after.max.ms", 6_000);
  private static final Duration MODEL_LATENCY =
      Duration.ofMillis(Long.getLong("fault.model.latency.ms", 1_000));
  private static final int REVISIONS = Integer.getInteger("fault.revisions", 2);
  private static final Duration DEADLINE =
      Duration.ofMinutes(Long.getLong("fault.deadline.minutes", 10));

  /** Each run's output, kept after the test for a look. */
  private static final Path LOGS = Path.of("target", "fault-injection");

  /** The app's log levels: {@code fault.app.log.level} and {@code fault.broker.log.level}. */
  private static final Map<String, String> APP_ENV =
      Map.of(
          "FABLESTREAM_LOG_LEVEL",
          System.getProperty("fault.app.log.level", "WARN"),
          "FABLESTREAM_BROKER_LOG_LEVEL",
          System.getProperty("fault.broker.log.level", "WARN"));

  private static final Duration SESSION_OUTLIVING_THE_TEST = DEADLINE.plusMinutes(5);

  private static final double HTTP_500 = 0.15;
  private static final double TIMEOUTS = 0.05;
  private static final double NOT_JSON = 0.05;
  private static final Duration OLLAMA_TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;

  @RegisterExtension final StoryOllamaExtension models = new StoryOllamaExtension();
  private OllamaTestServer ollama;
  private AppProcess app;

  @Test
  void everyBookEndsOnceWithEachChapterOnceWhileModelsFailAndTheAppIsKilled() throws Exception {
    long began = System.nanoTime();
    long deadline = began + DEADLINE.toNanos();
    Random random = new Random(SEED);
    FaultyOllama faults =
        new FaultyOllama(
            SEED, HTTP_500, TIMEOUTS, NOT_JSON, OLLAMA_TIMEOUT.plusSeconds(1), MODEL_LATENCY);
    ollama = models.started(faults.install(StoryOllamaExtension.unstarted()));
    Map<String, String> settings = settings();
    String bootstrap = "localhost:" + settings.get("embedded.kafka.port");
    byte[] picture = Files.readAllBytes(CHELSEA);
    Path logs = Files.createDirectories(LOGS);
    System.out.printf(
        "Fault injection: %d books of %d chapters, %d kills, seed %d%n",
        BOOKS, CHAPTERS, KILLS, SEED);

    // Given the books submitted in batches, one batch per run of the app, and each run but the
    // last killed at a random moment after it is ready, so kills land while books are in flight.
    List<String> bookIds = new ArrayList<>();
    List<String> revised = new ArrayList<>();
    List<String> killedAt = new ArrayList<>();
    List<String> starts = new ArrayList<>();
    Map<String, List<String>> firstMembers = null;
    java.util.Set<String> firstTransactionalIds = null;
    for (int run = 0; run <= KILLS; run++) {
      long starting = System.nanoTime();
      app = models.serve(settings, APP_ENV, logs.resolve("run-" + run + ".log"));
      app.awaitReady(remaining(deadline));
      starts.add(String.format("%.0fs", (System.nanoTime() - starting) / 1e9));
      // Then every group holds the same members and the line the same transactional ids as before
      // the kill: the restart replaced its dead self rather than joining beside it, and its
      // producers fenced the dead one's open transactions.
      Map<String, List<String>> members = LineMembers.of(bootstrap);
      if (firstMembers == null) {
        firstMembers = members;
        firstTransactionalIds = LineMembers.transactionalIds(bootstrap);
      } else {
        assertThat(members).as("the groups' members after restart %d", run).isEqualTo(firstMembers);
        assertThat(LineMembers.transactionalIds(bootstrap))
            .as("the transactional ids after restart %d", run)
            .isEqualTo(firstTransactionalIds);
      }
      int batch = BOOKS * (run + 1) / (KILLS + 1) - BOOKS * run / (KILLS + 1);
      bookIds.addAll(submit(bootstrap, picture, batch));
      if (run < KILLS) {
        long after =
            KILL_AFTER_MIN_MS
                + (long) (random.nextDouble() * (KILL_AFTER_MAX_MS - KILL_AFTER_MIN_MS));
        Thread.sleep(after);
        int done = outcomes(CommittedLog.read(bootstrap)).size();
        app.kill();
        killedAt.add(
            String.format(
                "%.1fs after ready, %d of %d submitted books ended",
                after / 1000.0, done, bookIds.size()));
      }
    }

    // And, once some books are complete, revisions of them asked for and the app killed again
    // while they are written
    if (REVISIONS > 0) {
      awaitCompleted(bootstrap, REVISIONS, deadline);
      revised.addAll(revise(bootstrap, CommittedLog.read(bootstrap), revised, REVISIONS));
      long after =
          KILL_AFTER_MIN_MS
              + (long) (random.nextDouble() * (KILL_AFTER_MAX_MS - KILL_AFTER_MIN_MS));
      Thread.sleep(after);
      app.kill();
      killedAt.add(
          String.format("%.1fs after %d revisions were asked for", after / 1000.0, revised.size()));
      app = models.serve(settings, APP_ENV, logs.resolve("run-revisions.log"));
      app.awaitReady(remaining(deadline));
      assertThat(LineMembers.of(bootstrap)).isEqualTo(firstMembers);
    }

    // When the last run goes on until every book has an outcome
    long lastReady = System.nanoTime();
    List<String> expected = new ArrayList<>(bookIds.stream().map(id -> id + "#1").toList());
    revised.forEach(id -> expected.add(id + "#2"));
    CommittedLog log = awaitEveryOutcome(bootstrap, expected, deadline);
    starts.add(
        String.format(
            "the last run ended the books in %.0fs", (System.nanoTime() - lastReady) / 1e9));
    // Once every service has consumed all there is, a late duplicate would be on the log.
    awaitQuiescent(bootstrap, deadline);
    log = CommittedLog.read(bootstrap);

    // Then each book ended exactly once, a completed one with chapters 1..n each once, and no
    // chapter number repeats for a book in the committed log.
    Map<String, List<Object>> outcomes = outcomes(log);
    Map<String, List<Integer>> written = chaptersWritten(log);
    report(faults, log, outcomes, written, killedAt, starts, began);
    for (String bookAndRevision : expected) {
      String bookId = bookAndRevision;
      assertThat(outcomes.get(bookId))
          .as("the outcomes of book and revision %s", bookId)
          .hasSize(1);
      Object outcome = outcomes.get(bookId).get(0);
      List<Integer> numbers = written.getOrDefault(bookId, List.of());
      assertThat(numbers).as("chapters written of book %s", bookId).doesNotHaveDuplicates();
      if (outcome instanceof BookCompleted completed) {
        List<Integer> all = IntStream.rangeClosed(1, CHAPTERS).boxed().toList();
        assertThat(completed.getChapters())
            .extracting(BookChapter::getNumber)
            .as("the chapters of completed book %s", bookId)
            .containsExactlyElementsOf(all);
        // A revision writes its chapters from its first one on; the first writing all of them.
        int from = completed.getRevision() == 1 ? 1 : REVISED_FROM;
        assertThat(numbers).containsExactlyInAnyOrderElementsOf(all.subList(from - 1, all.size()));
      }
    }
    assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(expected);
  }

  private Map<String, String> settings() {
    Map<String, String> values = models.lineSettings(dir.resolve("data"));
    values.put("ollama.timeout", OLLAMA_TIMEOUT.toMillis() + "ms");
    values.put("ollama.retries", "3");
    values.put("ollama.retry.backoff", "100ms");
    // Sessions that outlive the test: a restarted member that waited for its dead self to expire
    // would never be ready. Each takes its partitions back at once as the same static member.
    values.put("kafka.session.timeout.ms", Long.toString(SESSION_OUTLIVING_THE_TEST.toMillis()));
    values.put("model.parallelism", "4");
    return values;
  }

  /** The chapter every revision of the test starts from. */
  private static final int REVISED_FROM = 2;

  /**
   * Asks for revision 2 of the books completed so far that were not revised yet, up to a total.
   *
   * @return the books asked to be revised
   */
  private static List<String> revise(
      String bootstrap, CommittedLog log, List<String> revised, int total) throws Exception {
    List<String> asked = new ArrayList<>();
    try (TestProducer producer = new TestProducer(bootstrap)) {
      for (BookCompleted book : log.values(Topics.BOOKS_COMPLETED)) {
        String bookId = book.getBookId();
        if (revised.size() + asked.size() >= total
            || revised.contains(bookId)
            || asked.contains(bookId)) {
          continue;
        }
        BookRevisionRequested request =
            BookRevisionRequested.newBuilder()
                .setBookId(bookId)
                .setRevision(2)
                .setFromChapter(REVISED_FROM)
                .setInstruction("the storm breaks earlier")
                .setRequestedBy("fault-injection")
                .setRequestedAt(Instant.now())
                .build();
        producer.send(Topics.BOOKS_REVISIONS, bookId, request);
        asked.add(bookId);
      }
    }
    return asked;
  }

  private void awaitCompleted(String bootstrap, int count, long deadline) {
    try {
      await(count + " books completed")
          .atMost(remaining(deadline))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                if (!app.isAlive()) {
                  throw new AssertionError("the app died:\n" + app.tail());
                }
                return CommittedLog.read(bootstrap).values(Topics.BOOKS_COMPLETED).size() >= count;
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("fewer than " + count + " books completed:\n" + app.tail(), e);
    }
  }

  private void awaitQuiescent(String bootstrap, long deadline) {
    await("the line has no work left after every book ended")
        .atMost(remaining(deadline))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> CommittedLog.quiescent(bootstrap));
  }

  private static List<String> submit(String bootstrap, byte[] picture, int count) throws Exception {
    List<String> ids = new ArrayList<>();
    try (TestProducer producer = new TestProducer(bootstrap)) {
      for (int i = 0; i < count; i++) {
        String bookId = UUID.randomUUID().toString();
        ImageSubmitted request =
            TestProducer.pngRequest(bookId, picture)
                .setTitle("Under Fire " + bookId.substring(0, 8))
                .setChapterCount(CHAPTERS)
                .setArcLength(2)
                .setWordsPerChapter(50)
                .setRequestedBy("fault-injection")
                .build();
        producer.send(Topics.IMAGES_SUBMITTED, bookId, request);
        ids.add(bookId);
      }
    }
    return ids;
  }

  private CommittedLog awaitEveryOutcome(String bootstrap, List<String> expected, long deadline) {
    java.util.concurrent.atomic.AtomicReference<List<String>> open =
        new java.util.concurrent.atomic.AtomicReference<>(expected);
    try {
      return await("every book has an outcome")
          .atMost(remaining(deadline))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> CommittedLog.read(bootstrap),
              log -> {
                Map<String, List<Object>> outcomes = outcomes(log);
                open.set(expected.stream().filter(id -> !outcomes.containsKey(id)).toList());
                if (!open.get().isEmpty() && !app.isAlive()) {
                  throw new AssertionError(noOutcome(open.get()));
                }
                return open.get().isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(noOutcome(open.get()), e);
    }
  }

  private String noOutcome(List<String> open) {
    return open.size()
        + " books have no outcome"
        + (app.isAlive() ? " after " + DEADLINE : ", and the app died")
        + ": "
        + open
        + "\nThe app's log ends:\n"
        + app.tail();
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /** Every BookCompleted and BookFailed of each book and revision ({@code bookId#r}). */
  private static Map<String, List<Object>> outcomes(CommittedLog log) {
    Map<String, List<Object>> outcomes = new HashMap<>();
    log.values(Topics.BOOKS_COMPLETED)
        .forEach(r -> add(outcomes, key(r.getBookId(), r.getRevision()), r));
    log.values(Topics.BOOKS_FAILED)
        .forEach(r -> add(outcomes, key(r.getBookId(), r.getRevision()), r));
    return outcomes;
  }

  private static void add(Map<String, List<Object>> outcomes, String key, Object outcome) {
    outcomes.computeIfAbsent(key, k -> new ArrayList<>()).add(outcome);
  }

  /** A book's revision as the maps key it: {@code bookId#r}. */
  private static String key(String bookId, int revision) {
    return bookId + "#" + revision;
  }

  /** The chapter numbers on chapters.written for each book and revision ({@code bookId#r}). */
  private static Map<String, List<Integer>> chaptersWritten(CommittedLog log) {
    return log.values(Topics.CHAPTERS_WRITTEN).stream()
        .collect(
            Collectors.groupingBy(
                c -> key(c.getBookId(), c.getRevision()),
                Collectors.mapping(ChapterWritten::getChapterNumber, Collectors.toList())));
  }

  private void report(
      FaultyOllama faults,
      CommittedLog log,
      Map<String, List<Object>> outcomes,
      Map<String, List<Integer>> written,
      List<String> killedAt,
      List<String> starts,
      long began) {
    Map<String, Long> ends = new TreeMap<>();
    outcomes.values().stream()
        .flatMap(List::stream)
        .forEach(
            o ->
                ends.merge(
                    o instanceof BookFailed f ? "failed " + f.getReason() : "completed",
                    1L,
                    Long::sum));
    int chapters = written.values().stream().mapToInt(List::size).sum();
    int modelCalls = ollama.requests("/api/generate").size() + ollama.requests("/api/chat").size();
    System.out.printf(
        "Fault injection report (seed %d)%n"
            + "  books and revisions: %d ended, outcomes %s%n"
            + "  kills: %d (%s)%n"
            + "  model calls: %d for %d committed chapters, %d arc summaries (%.2f calls a"
            + " chapter); fates %s%n"
            + "  dead letters: %d%n"
            + "  wall time: %ds (ready after %s)%n",
        SEED,
        outcomes.size(),
        ends,
        killedAt.size(),
        String.join("; ", killedAt),
        modelCalls,
        chapters,
        log.values(Topics.ARCS_SUMMARIZED).size(),
        chapters == 0 ? 0.0 : (double) modelCalls / chapters,
        faults.counts(),
        log.deadLetters(),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began),
        String.join(", ", starts));
  }
}
