package io.fablestream.bench;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.configured.ModelProviders;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The original design's run: one book at a time, one call at a time, on the simulator. */
final class BaselineRun {
  static final String VISION_MODEL = "llava:7b";
  static final String TEXT_MODEL = "llama3.1:8b";

  private BaselineRun() {}

  static RunFigures run(BenchOptions options) {
    try (OllamaLoadSimulator ollama =
        OllamaLoadSimulator.start(
            options.parallel(), options.latencies(), VISION_MODEL, TEXT_MODEL)) {
      Config config = Config.of(Map.of("ollama.host", ollama.uri().toString()));
      OriginalDesignLoop loop =
          new OriginalDesignLoop(
              ModelProviders.fromConfig(config, null), VISION_MODEL, TEXT_MODEL, options.shape());
      loop.run(1, BenchImage.png(0)); // warm-up: class loading and the HTTP connection
      ollama.clearCalls();
      ProcessMemory.resetPeak();
      long start = System.nanoTime();
      List<Duration> latencies = loop.run(options.baselineBooks(), BenchImage.png(1));
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      return RunFigures.of(
          "baseline: the original design (one book at a time, one call at a time)",
          0,
          options.parallel(),
          wall,
          ollama.calls(),
          latencies,
          ProcessMemory.peakRssBytes(),
          options.latencies().perBook(options.shape()),
          options.shape().calls(),
          null);
    }
  }
}
