package io.fablestream.platform.service;

import io.fablestream.schemas.Stage;
import java.util.Objects;

/**
 * Who a service of the line is, stated once: its short name ({@link StreamsService#name}: its
 * application id, dead-letter topic, store names and meters derive from it) and the stage of the
 * line its BookFailed name ({@link StreamsService#stage}).
 *
 * @param name the service's short name, for example {@code analyzer}
 * @param stage the stage of the line it is
 */
public record ServiceId(String name, Stage stage) {
  public ServiceId {
    Objects.requireNonNull(name);
    Objects.requireNonNull(stage);
  }
}
