package io.fablestream.app;

import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.StreamsService;
import java.util.Objects;

/**
 * One service of the line as a process runs it: its name, which of the process's shared parts it is
 * made from, and how. The process makes a model gateway or story memory only when a service it runs
 * uses one ({@link LineParts}).
 *
 * @param name the service's short name, as {@code fablestream service NAME} takes it
 * @param usesModels whether the service asks the model gateway
 * @param usesMemory whether the service writes or recalls story memory
 * @param factory builds the service from the process's parts
 */
public record LineService(String name, boolean usesModels, boolean usesMemory, Factory factory) {
  public LineService {
    Objects.requireNonNull(name);
    Objects.requireNonNull(factory);
  }

  /** Builds a service; a part the service does not use is null. */
  @FunctionalInterface
  public interface Factory {
    StreamsService create(ServiceContext context, ModelGateway models, StoryMemory memory);
  }

  /** The service, from a process's context and parts. */
  StreamsService create(ServiceContext context, LineParts parts) {
    return factory.create(
        context, usesModels ? parts.models() : null, usesMemory ? parts.memory() : null);
  }
}
