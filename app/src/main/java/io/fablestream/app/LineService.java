package io.fablestream.app;

import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.image.ImageGateway;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.StreamsService;
import java.util.Objects;
import java.util.Optional;

/**
 * One service of the line as a process runs it: its name, which of the process's shared parts it is
 * made from, and how. The process makes a model gateway, story memory or an image gateway only when
 * a service it runs uses one ({@link LineParts}).
 *
 * @param name the service's short name, as {@code fablestream service NAME} takes it
 * @param usesModels whether the service asks the model gateway
 * @param usesMemory whether the service writes or recalls story memory
 * @param usesImages whether the service draws with the image gateway (when illustrations are on)
 * @param factory builds the service from the process's parts
 */
public record LineService(
    String name, boolean usesModels, boolean usesMemory, boolean usesImages, Factory factory) {
  public LineService {
    Objects.requireNonNull(name);
    Objects.requireNonNull(factory);
  }

  /** A service that draws nothing. */
  public LineService(String name, boolean usesModels, boolean usesMemory, Factory factory) {
    this(name, usesModels, usesMemory, false, factory);
  }

  /** Builds a service; a part the service does not use is null, or empty for the images. */
  @FunctionalInterface
  public interface Factory {
    StreamsService create(
        ServiceContext context,
        ModelGateway models,
        StoryMemory memory,
        Optional<ImageGateway> images);
  }

  /** The service, from a process's context and parts. */
  StreamsService create(ServiceContext context, LineParts parts) {
    return factory.create(
        context,
        usesModels ? parts.models() : null,
        usesMemory ? parts.memory() : null,
        usesImages ? parts.images() : Optional.empty());
  }
}
