package io.fablestream.indexer;

import io.fablestream.platform.calls.ChangeloggedStores;
import io.fablestream.platform.events.BookFailures;
import io.fablestream.platform.memory.MemorySettings;
import io.fablestream.platform.memory.StoreRetry;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.ServiceId;
import io.fablestream.platform.service.ServiceTopology;
import io.fablestream.platform.service.StageService;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

/**
 * The indexer: every analysis and every chapter chunked, embedded and written to story memory, off
 * the stream thread, and each chapter announced on {@code fablestream.chapters.indexed} once the
 * store has confirmed it, so the next chapter's retrieval sees it. A revision's chapter replaces
 * what the old revision remembered from there on. A closed book's chunks are deleted {@code
 * memory.retention} after it closed.
 *
 * @param context what the process gives every service: its lanes, clock and meters
 * @param sleeper how to wait between store retries (tests record instead of sleeping)
 * @param retention how long a closed book's chunks are kept
 */
public record IndexerService(
    ServiceContext context,
    StoryMemory memory,
    StoreRetry retry,
    StoreRetry.Sleeper sleeper,
    Duration retention)
    implements StageService {
  /** The service's name. */
  public static final String NAME = "indexer";

  /** The processor every event goes through. */
  static final String PROCESSOR = "indexer-loop";

  /**
   * Closed books by the time they closed; its changelog is {@code ...-indexer-closed-changelog}.
   */
  static final String CLOSED_STORE = "indexer-closed";

  /** The indexer of a process: settings from the config, writing the process's story memory. */
  public static IndexerService create(ServiceContext ctx, StoryMemory memory) {
    MemorySettings settings = MemorySettings.from(ctx.config());
    return new IndexerService(
        ctx, memory, settings.retry(), StoreRetry.THREAD_SLEEP, settings.retention());
  }

  @Override
  public ServiceId id() {
    return new ServiceId(NAME, Stage.INDEX);
  }

  @Override
  public Topology topology() {
    DocumentIndexer indexer =
        new DocumentIndexer(memory, retry, sleeper, new BookFailures(context.registry(), NAME));
    IndexerCalls calls = new IndexerCalls(indexer, context.lanes());
    return ServiceTopology.of(
        PROCESSOR,
        () -> new IndexerProcessor(calls, indexer, retention, context.clock()),
        List.of(
            Topics.ANALYSIS_READY,
            Topics.CHAPTERS_WRITTEN,
            Topics.BOOKS_COMPLETED,
            Topics.BOOKS_FAILED),
        List.of(calls.ledger.storeBuilder(), ChangeloggedStores.of(CLOSED_STORE, Serdes.Long())),
        List.of(Topics.CHAPTERS_INDEXED, Topics.BOOKS_FAILED));
  }
}
