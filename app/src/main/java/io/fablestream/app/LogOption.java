package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import picocli.CommandLine.Option;

/**
 * {@code --verbose}, on the commands that keep the terminal for the book ({@code generate}, {@code
 * submit}, {@code follow}, {@code revise}) and log to a file ({@link CliLog}).
 */
final class LogOption {
  @Option(
      names = {"-v", "--verbose"},
      description =
          "Show the logs on stderr too; they always go to <data.dir>/logs/"
              + CliLog.FILE_NAME
              + ".")
  boolean verbose;

  /** Opens the command's log file under this config's data directory. */
  CliLog open(Config config) {
    return CliLog.open(config.path(KafkaSettings.DATA_DIR), verbose);
  }

  /** Says once, on stdout, where the log is; {@code Main} says it again after any error. */
  void say(CliLog log, CliContext context) {
    context
        .out()
        .println("Logs: " + log.file() + (verbose ? "" : " (--verbose shows them here too)"));
  }
}
