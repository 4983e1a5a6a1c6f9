package io.fablestream.app;

import io.fablestream.platform.config.Config;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The settings an end-to-end test runs the app with: small, fast, on free ports, in a temp dir. */
final class LineTestConfig {
  private LineTestConfig() {}

  static Map<String, String> values(Path dataDir) {
    Map<String, String> values = new HashMap<>();
    values.put("data.dir", dataDir.toString());
    values.put("embedded.kafka.port", Integer.toString(FreePorts.next()));
    values.put("embedded.kafka.controller.port", Integer.toString(FreePorts.next()));
    values.put("http.port", "0");
    values.put("topics.partitions", "2");
    values.put("streams.threads", "1");
    values.put("start.timeout", "120s");
    values.put("shutdown.timeout", "20s");
    values.put("api.generate.wait", "60s");
    values.put("kafka.commit.interval.ms", "100");
    // Tests poll the API many times a second; the limit has its own test (HttpApiLimitsTest).
    values.put("api.rate.limit", "0");
    return values;
  }

  static Config config(Path dataDir) {
    return Config.of(values(dataDir));
  }

  /**
   * Runs the CLI as a person would, with these settings as {@code --set} options after the
   * arguments, printing to the given streams; the exit code.
   */
  static int cli(Map<String, String> settings, OutputStream out, OutputStream err, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    settings.forEach((k, v) -> all.add("--set=" + k + "=" + v));
    return Main.run(
        all.toArray(String[]::new),
        new CliContext(
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)));
  }
}
