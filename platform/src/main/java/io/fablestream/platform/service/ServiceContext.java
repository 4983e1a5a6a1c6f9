package io.fablestream.platform.service;

import io.fablestream.platform.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What a service's factory gets to build the service from: the process's layered config, the
 * registry to bind meters to, and the clock.
 *
 * @param config the layered configuration
 * @param registry where the service's meters go
 * @param clock the clock every timestamp comes from
 */
public record ServiceContext(Config config, MeterRegistry registry, Clock clock) {}
