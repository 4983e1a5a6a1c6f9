package io.fablestream.platform.calls;

import io.fablestream.platform.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * The two lanes a process runs its calls in, off the stream threads: model calls ({@code
 * model.parallelism} at once) and story-memory work and downloads ({@code io.parallelism}).
 *
 * @param model the lane of model calls
 * @param io the lane of story memory (embedding, index writes, searches) and image downloads
 */
public record CallLanes(CallSlots model, CallSlots io) implements AutoCloseable {
  public CallLanes {
    Objects.requireNonNull(model);
    Objects.requireNonNull(io);
  }

  /**
   * The lanes of a process, as wide as {@code model.parallelism} and {@code io.parallelism} say;
   * every service of the process shares them, and the process closes them when it stops.
   */
  public static CallLanes from(Config config, MeterRegistry registry) {
    CallSettings settings = CallSettings.from(config);
    return new CallLanes(
        new CallSlots("model", settings.modelParallelism(), registry),
        new CallSlots("io", settings.ioParallelism(), registry));
  }

  /**
   * Lanes that run every call at once on the thread that issues it: for TopologyTestDriver tests,
   * where the answer is applied at the next wall-clock punctuation.
   */
  public static CallLanes direct(MeterRegistry registry) {
    return new CallLanes(
        CallSlots.on("model", Runnable::run, registry),
        CallSlots.on("io", Runnable::run, registry));
  }

  /** Stops both lanes (calls in flight give up; they are issued again on the next start). */
  @Override
  public void close() {
    model.close();
    io.close();
  }
}
