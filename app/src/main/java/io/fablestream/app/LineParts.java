package io.fablestream.app;

import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.memory.MemorySettings;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.memory.configured.StoryMemories;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.configured.ImageProviders;
import io.fablestream.platform.model.configured.ModelProviders;
import io.fablestream.platform.model.image.ImageGateway;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the services of one process share, composed once before any of them is built: the model
 * gateway, story memory, the image gateway (when {@code illustrations.enabled}), and the lanes
 * every call off the stream threads runs in (one of {@code model.parallelism} for model calls, one
 * of {@code io.parallelism} for story memory and downloads, one of {@code image.parallelism} for
 * drawings). A part is made only when a service to run uses it, so an analyzer alone opens no story
 * memory and an indexer alone makes no model gateway. In the all-in-one app the four services share
 * one of each: one Lucene index, one embedder, one queue of model calls.
 */
final class LineParts implements AutoCloseable {
  /** Why a service alone in its process cannot keep story memory in it. */
  static final String NOT_SHARED =
      "Story memory is not shared: memory.store=lucene keeps it inside one process, and this"
          + " process runs one service of the line alone, so chapter-service would recall from an"
          + " index the indexer never writes. Set memory.store=qdrant (qdrant.url, environment"
          + " QDRANT_URL) or memory.store=kafka (the chunks ride on the events) for a line of"
          + " separate processes, or run the line in one process (fablestream serve).";

  private final ModelGateway models;
  private final StoryMemory memory;
  private final Optional<ImageGateway> images;
  private final CallLanes lanes;

  private LineParts(
      ModelGateway models, StoryMemory memory, Optional<ImageGateway> images, CallLanes lanes) {
    this.models = models;
    this.memory = memory;
    this.images = images;
    this.lanes = lanes;
  }

  /**
   * The parts the given services use, made from the config.
   *
   * <p>A process that runs one service of the line alone shares its story memory with processes
   * elsewhere: the indexer writes it and chapter-service reads it. A store kept in this process
   * (Lucene) would leave chapter-service recalling from an index no indexer writes, so such a
   * process refuses it rather than retrieve nothing.
   *
   * @throws ConfigException when a setting is wrong, or a service alone would keep story memory in
   *     its own process; nothing is left open then
   */
  static LineParts open(Config config, MeterRegistry registry, List<LineService> services) {
    boolean alone = services.size() == 1;
    StoryMemory memory = null;
    if (services.stream().anyMatch(LineService::usesMemory)) {
      if (alone && MemorySettings.from(config).store() == MemorySettings.Store.LUCENE) {
        throw new ConfigException(NOT_SHARED);
      }
      memory = StoryMemories.open(config, registry);
    }
    try {
      ModelGateway models =
          services.stream().anyMatch(LineService::usesModels)
              ? ModelProviders.fromConfig(config, registry)
              : null;
      Optional<ImageGateway> images =
          services.stream().anyMatch(LineService::usesImages)
              ? ImageProviders.fromConfig(config, registry)
              : Optional.empty();
      CallLanes lanes = services.isEmpty() ? null : CallLanes.from(config, registry);
      return new LineParts(models, memory, images, lanes);
    } catch (RuntimeException e) {
      if (memory != null) {
        memory.close();
      }
      throw e;
    }
  }

  /** The model gateway; only for a service that uses it. */
  ModelGateway models() {
    return Objects.requireNonNull(models, "no service of this process uses the model gateway");
  }

  /** Story memory; only for a service that uses it. */
  StoryMemory memory() {
    return Objects.requireNonNull(memory, "no service of this process uses story memory");
  }

  /** The image gateway, or empty when illustrations are off or no service draws. */
  Optional<ImageGateway> images() {
    return images;
  }

  /** The lanes; only when the process runs a service. */
  CallLanes lanes() {
    return Objects.requireNonNull(lanes, "this process runs no service");
  }

  /** Stops the lanes (calls in flight give up; they are issued again on the next start). */
  @Override
  public void close() {
    if (lanes != null) {
      lanes.close();
    }
    if (memory != null) {
      memory.close();
    }
  }
}
