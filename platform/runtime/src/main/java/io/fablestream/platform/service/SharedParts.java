package io.fablestream.platform.service;

import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallSettings;
import io.fablestream.platform.calls.CallSlots;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.memory.MemorySettings;
import io.fablestream.platform.memory.StoryMemories;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The collaborators a process shares between its services, made on first use from the config: the
 * model gateway, story memory, and the slots every call off the stream threads runs in (one lane of
 * {@code model.parallelism} for model calls, one of {@code io.parallelism} for story memory and
 * downloads). In the all-in-one app the four services share one of each (one Lucene index, one
 * embedder, one queue of model calls); a standalone service makes only what it uses.
 */
public final class SharedParts implements AutoCloseable {
  private final Config config;
  private final MeterRegistry registry;
  private final boolean alone;
  private ModelGateway models;
  private StoryMemory memory;
  private CallSlots modelSlots;
  private CallSlots ioSlots;

  public SharedParts(Config config, MeterRegistry registry) {
    this(config, registry, false);
  }

  private SharedParts(Config config, MeterRegistry registry, boolean alone) {
    this.config = config;
    this.registry = registry;
    this.alone = alone;
  }

  /**
   * The parts of a process that runs one service of the line alone. Its story memory must live
   * outside the process: the indexer writes the memory and chapter-service reads it, and a store
   * kept in this process (Lucene) would leave chapter-service recalling from an index no indexer
   * writes. So {@link #memory()} refuses such a store here rather than retrieving nothing.
   */
  public static SharedParts alone(Config config, MeterRegistry registry) {
    return new SharedParts(config, registry, true);
  }

  /** Why a service alone in its process cannot keep story memory in it. */
  static final String NOT_SHARED =
      "Story memory is not shared: memory.store=lucene keeps it inside one process, and this"
          + " process runs one service of the line alone, so chapter-service would recall from an"
          + " index the indexer never writes. Set memory.store=qdrant (qdrant.url, environment"
          + " QDRANT_URL) or memory.store=kafka (the chunks ride on the events) for a line of"
          + " separate processes, or run the line in one process (fablestream serve).";

  /** Parts given from outside, for tests and benchmarks; slots from the config. */
  public static SharedParts of(Config config, ModelGateway models, StoryMemory memory) {
    SharedParts parts = new SharedParts(config, null);
    parts.models = models;
    parts.memory = memory;
    return parts;
  }

  /** The model gateway, made from the {@code model.*} settings on first use. */
  public synchronized ModelGateway models() {
    if (models == null) {
      models = ModelGateways.fromConfig(config, registry);
    }
    return models;
  }

  /** Story memory, opened from the {@code memory.*} settings on first use. */
  public synchronized StoryMemory memory() {
    if (memory == null) {
      if (alone && MemorySettings.from(config).store() == MemorySettings.Store.LUCENE) {
        throw new ConfigException(NOT_SHARED);
      }
      memory = StoryMemories.open(config, registry);
    }
    return memory;
  }

  /** The lane of model calls: {@code model.parallelism} at once, over every service here. */
  public synchronized CallSlots modelSlots() {
    if (modelSlots == null) {
      modelSlots = new CallSlots("model", CallSettings.from(config).modelParallelism(), registry);
    }
    return modelSlots;
  }

  /** The lane of story-memory work and downloads: {@code io.parallelism} at once. */
  public synchronized CallSlots ioSlots() {
    if (ioSlots == null) {
      ioSlots = new CallSlots("io", CallSettings.from(config).ioParallelism(), registry);
    }
    return ioSlots;
  }

  /** Both lanes. */
  public CallLanes lanes() {
    return new CallLanes(modelSlots(), ioSlots());
  }

  /** Stops the slots (calls in flight give up; they are issued again on the next start). */
  @Override
  public synchronized void close() {
    if (modelSlots != null) {
      modelSlots.close();
      modelSlots = null;
    }
    if (ioSlots != null) {
      ioSlots.close();
      ioSlots = null;
    }
    if (memory != null) {
      memory.close();
      memory = null;
    }
  }
}
