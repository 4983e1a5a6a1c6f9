package io.fablestream.indexer;

import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.platform.memory.MemorySettings;
import io.fablestream.platform.memory.StoreRetry;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceMain;
import io.fablestream.platform.service.StreamsService;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * The indexer: every analysis and every chapter chunked, embedded and written to story memory, and
 * each chapter announced on {@code fablestream.chapters.indexed} once the store has confirmed it,
 * so the next chapter's retrieval sees it.
 *
 * <p>Delivered twice, a ChapterWritten leaves one set of chunks (their ids derive from book, kind,
 * chapter and chunk index) and is announced twice: ChapterIndexed states a fact ("chapter n is in
 * memory with c chunks"), true both times, which chapter-service takes as a set-membership fact.
 * Suppressing the repeat would need a store of announced chapters for no gain.
 */
public final class IndexerService implements StreamsService {
  /** The service's name. */
  public static final String NAME = "indexer";

  /** Records per poll: few, since each may wait out the store's retries. */
  static final int MAX_POLL_RECORDS = 20;

  private final DocumentIndexer indexer;
  private final StoreRetry retry;

  /**
   * @param sleeper how to wait between store retries (tests record instead of sleeping)
   */
  public IndexerService(
      StoryMemory memory,
      StoreRetry retry,
      StoreRetry.Sleeper sleeper,
      Clock clock,
      MeterRegistry registry) {
    this.indexer = new DocumentIndexer(memory, retry, sleeper, clock, registry);
    this.retry = retry;
  }

  /** The indexer of a process: settings from the config, story memory from the shared parts. */
  public static IndexerService create(ServiceContext ctx) {
    MemorySettings settings = MemorySettings.from(ctx.config());
    return new IndexerService(
        ctx.parts().memory(),
        settings.retry(),
        StoreRetry.THREAD_SLEEP,
        ctx.clock(),
        ctx.registry());
  }

  /** Runs the indexer until SIGTERM. */
  public static void main(String[] args) {
    ServiceMain.run(args, IndexerService::create);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<Stage> stage() {
    return Optional.of(Stage.INDEX);
  }

  @Override
  public Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();

    builder.stream(Topics.ANALYSIS_READY.name(), Topics.ANALYSIS_READY.consumed())
        .mapValues(indexer::analysis, Named.as("index-analysis"))
        .filter(
            (book, outcome) -> outcome instanceof IndexOutcome.Failed, Named.as("analysis-failed"))
        .mapValues(IndexerService::failure, Named.as("analysis-failure-event"))
        .to(Topics.BOOKS_FAILED.name(), Topics.BOOKS_FAILED.produced("write-analysis-failures"));

    Map<String, KStream<String, IndexOutcome>> chapters =
        builder.stream(Topics.CHAPTERS_WRITTEN.name(), Topics.CHAPTERS_WRITTEN.consumed())
            .mapValues(indexer::chapter, Named.as("index-chapter"))
            .split(Named.as("chapter-"))
            .branch(
                (book, outcome) -> outcome instanceof IndexOutcome.Indexed, Branched.as("indexed"))
            .defaultBranch(Branched.as("failed"));
    chapters
        .get("chapter-indexed")
        .mapValues(IndexerService::indexed, Named.as("chapter-indexed-event"))
        .to(Topics.CHAPTERS_INDEXED.name(), Topics.CHAPTERS_INDEXED.produced());
    chapters
        .get("chapter-failed")
        .mapValues(IndexerService::failure, Named.as("chapter-failure-event"))
        .to(Topics.BOOKS_FAILED.name(), Topics.BOOKS_FAILED.produced("write-chapter-failures"));

    return builder.build();
  }

  /**
   * A poll's records may each wait through every store retry: keep the poll interval above that
   * (with half a minute per attempt for the work itself), and never below the shared default.
   */
  @Override
  public Map<String, Object> streamsOverrides() {
    Duration perRecord = Duration.ofSeconds(30L * retry.attempts());
    Duration wait = retry.backoff();
    for (int i = 0; i < retry.retries(); i++) {
      perRecord = perRecord.plus(wait);
      wait = wait.multipliedBy(2);
    }
    long millis = Math.max(900_000L, perRecord.toMillis() * MAX_POLL_RECORDS);
    return Map.of(
        StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
        (int) Math.min(millis, Integer.MAX_VALUE),
        StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG),
        MAX_POLL_RECORDS);
  }

  private static ChapterIndexed indexed(IndexOutcome outcome) {
    return ((IndexOutcome.Indexed) outcome).event();
  }

  private static BookFailed failure(IndexOutcome outcome) {
    return ((IndexOutcome.Failed) outcome).event();
  }
}
