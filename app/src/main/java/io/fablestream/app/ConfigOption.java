package io.fablestream.app;

import io.fablestream.platform.config.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config FILE} and {@code --set key=value}, on every command. */
final class ConfigOption {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A properties file of settings (default: FABLESTREAM_CONFIG, if set). The environment"
              + " wins over the file.")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "One setting, over the file and the environment, e.g. --set http.port=8080.")
  Map<String, String> overrides = new HashMap<>();

  Config load(Map<String, String> env) {
    Config config = Config.load(file, env);
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      config = config.with(e.getKey(), e.getValue());
    }
    return config;
  }
}
