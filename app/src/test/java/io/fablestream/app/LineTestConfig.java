package io.fablestream.app;

import io.fablestream.platform.config.Config;
import java.nio.file.Path;
import java.util.HashMap;
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
}
