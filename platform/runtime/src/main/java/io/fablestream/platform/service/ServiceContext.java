package io.fablestream.platform.service;

import io.fablestream.platform.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What a service's factory gets to build the service from.
 *
 * @param config the layered configuration
 * @param registry where the service's meters go
 * @param clock the clock every timestamp comes from
 * @param parts the model gateway and story memory this process shares
 */
public record ServiceContext(
    Config config, MeterRegistry registry, Clock clock, SharedParts parts) {}
