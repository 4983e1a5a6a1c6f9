package io.fablestream.platform.service;

import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;

/**
 * What every service's factory gets from the process that runs it. What only some services use (the
 * model gateway, story memory) the process composes and hands to those factories itself.
 *
 * @param config the layered configuration
 * @param registry where the service's meters go
 * @param clock the clock every timestamp comes from
 * @param lanes the slots this process runs its calls in, off the stream threads
 */
public record ServiceContext(Config config, MeterRegistry registry, Clock clock, CallLanes lanes) {
  /**
   * The context of a service under TopologyTestDriver: no configuration but the defaults, and lanes
   * that run every call at once on the thread that issues it ({@link CallLanes#direct}).
   */
  public static ServiceContext direct(Clock clock, MeterRegistry registry) {
    return new ServiceContext(Config.of(Map.of()), registry, clock, CallLanes.direct(registry));
  }
}
