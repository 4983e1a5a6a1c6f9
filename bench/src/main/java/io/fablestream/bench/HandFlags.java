package io.fablestream.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --flag value} pairs of a benchmark run by hand ({@link ServeUnderLoad}, {@link
 * ServiceRestart}): each flag read with its default (the last one given wins), a repeatable flag
 * read as all its values, {@code --set key=value} gathered in order; once all are read, {@link
 * #done} refuses a flag the run does not know with its usage (exit status 2).
 */
final class HandFlags {
  private final String usage;
  private final Map<String, List<String>> given = new LinkedHashMap<>();
  private final Set<String> read = new HashSet<>();

  private HandFlags(String usage) {
    this.usage = usage;
  }

  /** The flags of {@code args}, in pairs; a last flag without a value is passed over. */
  static HandFlags of(String[] args, String usage) {
    HandFlags flags = new HandFlags(usage);
    for (int i = 0; i + 1 < args.length; i += 2) {
      flags.given.computeIfAbsent(args[i], flag -> new ArrayList<>()).add(args[i + 1]);
    }
    return flags;
  }

  /** The flag's last value, or {@code otherwise} when it was not given. */
  String text(String flag, String otherwise) {
    List<String> values = all(flag);
    return values.isEmpty() ? otherwise : values.getLast();
  }

  /** The flag's last value as a whole number, or {@code otherwise} when it was not given. */
  int integer(String flag, int otherwise) {
    return Integer.parseInt(text(flag, Integer.toString(otherwise)));
  }

  /** Every value of a repeatable flag, in order. */
  List<String> all(String flag) {
    read.add(flag);
    return new ArrayList<>(given.getOrDefault(flag, List.of()));
  }

  /** The {@code --set key=value} settings, in order. */
  Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String keyValue : all("--set")) {
      int eq = keyValue.indexOf('=');
      settings.put(keyValue.substring(0, eq), keyValue.substring(1 + eq));
    }
    return settings;
  }

  /** Exits with the usage (status 2) if a flag was given that the run did not read. */
  void done() {
    for (String flag : given.keySet()) {
      if (!read.contains(flag)) {
        System.err.println("unknown flag " + flag + "\n" + usage);
        System.exit(2);
      }
    }
  }
}
