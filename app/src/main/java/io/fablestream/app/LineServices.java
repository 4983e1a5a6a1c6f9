package io.fablestream.app;

import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.StreamsService;
import java.util.List;
import java.util.function.Function;

/** The services of the line, as the all-in-one app runs them: one Kafka Streams app each. */
public final class LineServices {
  private LineServices() {}

  /** Every service's factory, in the order of the flow. */
  public static List<Function<ServiceContext, StreamsService>> all() {
    return List.of();
  }
}
