package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
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
   * The cluster a command that reads or writes the line's events uses, once its log is open (and
   * said where) and the events' wire format is installed from the settings.
   */
  KafkaSettings cluster(Config config, LogOption logs) {
    logs.say(logs.open(config), context);
    EventWire.install(config);
    return KafkaSettings.from(config);
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
