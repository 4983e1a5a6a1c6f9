package io.fablestream.platform.service;

import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What every service's factory gets from the process that runs it. What only some services use (the
 * model gateway, story memory) the process composes and hands to those factories itself.
 *
 * @param config the layered configuration
 * @param registry where the service's meters go
 * @param clock the clock every timestamp comes from
 * @param lanes the slots this process runs its calls in, off the stream threads
 */
public record ServiceContext(Config config, MeterRegistry registry, Clock clock, CallLanes lanes) {}
