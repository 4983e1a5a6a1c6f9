package io.fablestream.app;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --timeout}, on the commands that follow a book to its end ({@code generate}, {@code
 * follow}, {@code revise}): how long they wait before they stop following it.
 */
final class WaitOption {
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT2H",
      description =
          "How long to wait for the book (or its revision), ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;
}
