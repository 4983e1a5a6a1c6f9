package io.fablestream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one start of {@code serve} spent its time, read from its own log (the lines {@link
 * ServeUnderLoad#LOGBACK} turns on), each point in seconds from the process's start: the broker's
 * log recovery, the registrations its controller refused while the dead incarnation's session
 * lasted, the broker unfenced, the first and last Kafka Streams app created, and the last one
 * RUNNING. The first log line comes once the JVM has loaded the classes that log it.
 */
final class StartPhases {
  private static final Pattern LOADED =
      Pattern.compile("Loaded (\\d+) logs in (\\d+)ms \\(unclean log dirs = (.*)\\)$");

  private StartPhases() {}

  static String read(Path log, LocalTime startedAt) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "no log: " + e.getMessage();
    }
    String recovery = "?";
    int refused = 0;
    double firstLine = Double.NaN;
    double unfenced = Double.NaN;
    double firstApp = Double.NaN;
    double lastApp = Double.NaN;
    double lastRunning = Double.NaN;
    for (String line : lines) {
      if (line.startsWith("Ready.")) {
        break;
      }
      double at = secondsAfter(line, startedAt);
      firstLine = Double.isNaN(firstLine) ? at : firstLine;
      Matcher loaded = LOADED.matcher(line);
      if (loaded.find()) {
        boolean unclean = loaded.group(3).contains("/");
        recovery =
            String.format(
                Locale.ROOT,
                "%s logs %s in %.1f s (done at %.1f s)",
                loaded.group(1),
                unclean ? "recovered" : "loaded",
                Integer.parseInt(loaded.group(2)) / 1000.0,
                at);
      } else if (line.contains("No logs found to be loaded")) {
        recovery = "no logs yet";
      } else if (line.contains("DUPLICATE_BROKER_REGISTRATION")) {
        refused++;
      } else if (line.contains("Finished waiting for the broker to be unfenced")) {
        unfenced = at;
      } else if (line.contains("State transition from CREATED to REBALANCING")) {
        firstApp = Double.isNaN(firstApp) ? at : firstApp;
        lastApp = at;
      } else if (line.contains("stream-client") && line.contains("REBALANCING to RUNNING")) {
        lastRunning = at;
      }
    }
    return String.format(
        Locale.ROOT,
        "first log line at %.1f s; broker: %s, registration refused %d time(s), unfenced at"
            + " %.1f s; Kafka Streams apps created %.1f to %.1f s, the last RUNNING at %.1f s",
        firstLine,
        recovery,
        refused,
        unfenced,
        firstApp,
        lastApp,
        lastRunning);
  }

  /** The seconds from {@code startedAt} to a log line's time of day; NaN for a line without one. */
  static double secondsAfter(String line, LocalTime startedAt) {
    if (line.length() < 12 || line.charAt(2) != ':') {
      return Double.NaN;
    }
    try {
      LocalTime at = LocalTime.parse(line.substring(0, 12));
      return Duration.between(startedAt, at).toMillis() / 1000.0;
    } catch (DateTimeParseException e) {
      return Double.NaN;
    }
  }
}
