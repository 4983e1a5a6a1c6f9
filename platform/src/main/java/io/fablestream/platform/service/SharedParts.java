package io.fablestream.platform.service;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.memory.StoryMemories;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelGateways;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The collaborators a process shares between its services, made on first use from the config: the
 * model gateway and story memory. In the all-in-one app the four services share one of each (one
 * Lucene index, one embedder); a standalone service makes only what it uses.
 */
public final class SharedParts implements AutoCloseable {
  private final Config config;
  private final MeterRegistry registry;
  private ModelGateway models;
  private StoryMemory memory;

  public SharedParts(Config config, MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
  }

  /** Parts given from outside, for tests and benchmarks. */
  public static SharedParts of(ModelGateway models, StoryMemory memory) {
    SharedParts parts = new SharedParts(Config.of(java.util.Map.of()), null);
    parts.models = models;
    parts.memory = memory;
    return parts;
  }

  /** The model gateway, made from the {@code ollama.*} settings on first use. */
  public synchronized ModelGateway models() {
    if (models == null) {
      models = ModelGateways.fromConfig(config, registry);
    }
    return models;
  }

  /** Story memory, opened from the {@code memory.*} settings on first use. */
  public synchronized StoryMemory memory() {
    if (memory == null) {
      memory = StoryMemories.open(config, registry);
    }
    return memory;
  }

  @Override
  public synchronized void close() {
    if (memory != null) {
      memory.close();
      memory = null;
    }
  }
}
