package io.fablestream.platform.service;

import io.fablestream.schemas.Stage;
import java.util.Optional;

/**
 * A service that is a stage of the line (the analyzer, chapter, indexer and summarizer services):
 * its name and its stage are one fact about it, its {@link ServiceId}, which it states once.
 */
public interface StageService extends StreamsService {
  /** Who the service is. */
  ServiceId id();

  @Override
  default String name() {
    return id().name();
  }

  @Override
  default Optional<Stage> stage() {
    return Optional.of(id().stage());
  }
}
