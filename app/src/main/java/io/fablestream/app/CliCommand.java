package io.fablestream.app;

import io.fablestream.platform.config.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * What every {@code fablestream} command shares: the CLI's context it runs in, and its settings
 * from {@code --config FILE}, the environment and {@code --set key=value} ({@link ConfigOption}).
 */
abstract class CliCommand implements Callable<Integer> {
  final CliContext context;

  @Mixin ConfigOption configOption;

  CliCommand(CliContext context) {
    this.context = context;
  }

  /** The settings this run uses: the file, then the environment, then each {@code --set}. */
  Config config() {
    return configOption.load(context.env());
  }

  /**
   * The settings, with every one the app reads checked, so a bad value stops the command before
   * anything starts.
   */
  Config checkedConfig() {
    Config config = config();
    FablestreamApp.checkSettings(config);
    return config;
  }
}
