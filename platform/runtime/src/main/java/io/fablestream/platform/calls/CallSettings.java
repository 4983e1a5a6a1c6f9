package io.fablestream.platform.calls;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigKey;
import java.util.List;

/**
 * How many calls a process runs off its stream threads at once, per lane. Calls over the bound wait
 * in one queue per lane, in the order they were issued, whatever book, task, thread or service
 * issued them.
 *
 * @param modelParallelism model calls at once, over every service of the process
 * @param ioParallelism story-memory work (embedding, index writes, searches) and image downloads at
 *     once
 * @param imageParallelism image model calls (illustrations) at once, over every service of the
 *     process
 */
public record CallSettings(int modelParallelism, int ioParallelism, int imageParallelism) {
  public static final ConfigKey MODEL_PARALLELISM =
      new ConfigKey(
          "model.parallelism",
          "1",
          "The model calls this process runs at once, over all its services; the others wait in"
              + " one queue in the order they were issued. Set instances times this to what the"
              + " model servers run at once (Ollama: OLLAMA_NUM_PARALLEL times the servers). Stream"
              + " threads never wait on a model, so threads and partitions need not follow it.");
  public static final ConfigKey IO_PARALLELISM =
      new ConfigKey(
          "io.parallelism",
          "2",
          "Story-memory work (embedding, index writes, searches) and image downloads this process"
              + " runs at once, off the stream threads.");

  public static final ConfigKey IMAGE_PARALLELISM =
      new ConfigKey(
          "image.parallelism",
          "1",
          "The image model calls (one illustration a chapter, illustrations.enabled) this process"
              + " runs at once, in a lane of their own so a drawing never holds a chapter's writer"
              + " back; set instances times this to what the image servers draw at once.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS =
      List.of(MODEL_PARALLELISM, IO_PARALLELISM, IMAGE_PARALLELISM);

  /** Reads and validates the settings. */
  public static CallSettings from(Config config) {
    return new CallSettings(
        config.integer(MODEL_PARALLELISM, 1, 1024),
        config.integer(IO_PARALLELISM, 1, 256),
        config.integer(IMAGE_PARALLELISM, 1, 256));
  }
}
