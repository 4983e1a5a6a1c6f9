package io.fablestream.platform.calls;

import io.fablestream.platform.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * The lanes a process runs its calls in, off the stream threads: model calls ({@code
 * model.parallelism} at once), story-memory work and downloads ({@code io.parallelism}), and the
 * image model's drawings ({@code image.parallelism}). Drawings have their own lane because an image
 * server is another server with its own slots, and a drawing takes as long as a chapter: in the
 * model lane it would hold the writer back.
 *
 * @param model the lane of model calls
 * @param io the lane of story memory (embedding, index writes, searches) and image downloads
 * @param image the lane of the image model's calls (one illustration each)
 */
public record CallLanes(CallSlots model, CallSlots io, CallSlots image) implements AutoCloseable {
  public CallLanes {
    Objects.requireNonNull(model);
    Objects.requireNonNull(io);
    Objects.requireNonNull(image);
  }

  /**
   * Lanes with an image lane of one slot and no gauges, for the tests that run the model and io
   * lanes by hand and draw nothing.
   */
  public CallLanes(CallSlots model, CallSlots io) {
    this(model, io, new CallSlots("image", 1, null));
  }

  /**
   * The lanes of a process, as wide as {@code model.parallelism}, {@code io.parallelism} and {@code
   * image.parallelism} say; every service of the process shares them, and the process closes them
   * when it stops.
   */
  public static CallLanes from(Config config, MeterRegistry registry) {
    CallSettings settings = CallSettings.from(config);
    return new CallLanes(
        new CallSlots("model", settings.modelParallelism(), registry),
        new CallSlots("io", settings.ioParallelism(), registry),
        new CallSlots("image", settings.imageParallelism(), registry));
  }

  /**
   * Lanes that run every call at once on the thread that issues it: for TopologyTestDriver tests,
   * where the answer is applied at the next wall-clock punctuation.
   */
  public static CallLanes direct(MeterRegistry registry) {
    return new CallLanes(
        CallSlots.on("model", Runnable::run, registry),
        CallSlots.on("io", Runnable::run, registry),
        CallSlots.on("image", Runnable::run, registry));
  }

  /** Stops the lanes (calls in flight give up; they are issued again on the next start). */
  @Override
  public void close() {
    model.close();
    io.close();
    image.close();
  }
}
