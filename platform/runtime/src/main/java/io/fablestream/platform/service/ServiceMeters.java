package io.fablestream.platform.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of one service, each tagged {@code service=<name>} so that a dashboard tells the
 * services apart: the one place that says how a counter, a timer and a distribution summary of ours
 * are made. Every timer publishes its histogram, for the quantiles the dashboards draw. Asking
 * twice for a meter of the same name and tags gives the one already registered, so a meter tagged
 * by outcome can be asked for when the outcome is known.
 *
 * @param registry where the meters go
 * @param service the service's short name, the value of every meter's {@code service} tag
 */
public record ServiceMeters(MeterRegistry registry, String service) {
  /** The tag every meter of a service carries. */
  public static final String SERVICE_TAG = "service";

  /**
   * A counter.
   *
   * @param tags further tags, as key and value in turn
   */
  public Counter counter(String name, String description, String... tags) {
    return Counter.builder(name)
        .description(description)
        .tag(SERVICE_TAG, service)
        .tags(tags)
        .register(registry);
  }

  /**
   * A timer, with its percentile histogram.
   *
   * @param tags further tags, as key and value in turn
   */
  public Timer timer(String name, String description, String... tags) {
    return Timer.builder(name)
        .description(description)
        .tag(SERVICE_TAG, service)
        .tags(tags)
        .publishPercentileHistogram()
        .register(registry);
  }

  /** A distribution summary of counts (no unit). */
  public DistributionSummary summary(String name, String description) {
    return summary(name, description, null);
  }

  /**
   * A distribution summary.
   *
   * @param baseUnit what is measured, such as {@code bytes}; null for a plain count
   */
  public DistributionSummary summary(String name, String description, String baseUnit) {
    return DistributionSummary.builder(name)
        .description(description)
        .baseUnit(baseUnit)
        .tag(SERVICE_TAG, service)
        .register(registry);
  }
}
