package io.fablestream.app;

import io.fablestream.app.ImageInput.BadInputException;
import io.fablestream.platform.config.Config;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * One setting that {@code fablestream eval} compares: the book's shape ({@code chapters}, {@code
 * arc.length}, {@code words}, {@code language}) and any configuration key (model names,
 * temperatures, ...), given as {@code k=v,k=v} or as a properties file.
 *
 * @param label how the table and the report name it: the list as given, or the file's name
 * @param values the keys and values, in the order given
 */
record EvalSetting(String label, Map<String, String> values) {
  /** The keys of the book's shape; every other key is a configuration key. */
  static final Set<String> BOOK_KEYS = Set.of("chapters", "arc.length", "words", "language");

  EvalSetting {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /**
   * A setting from {@code k=v,k=v}, or from a properties file when the argument names one.
   *
   * @throws BadInputException when a pair has no '=' or the file cannot be read
   */
  static EvalSetting parse(String given) {
    Path file = Path.of(given.strip());
    if (!given.contains("=") && Files.isRegularFile(file)) {
      return fromFile(file);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : given.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new BadInputException(
            "INVALID_REQUEST",
            "setting",
            "--setting '"
                + given
                + "': each part must be key=value (or the argument a properties file that exists).");
      }
      values.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return new EvalSetting(given.strip(), values);
  }

  private static EvalSetting fromFile(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new BadInputException(
          "INVALID_REQUEST", "setting", "Cannot read the setting file " + file + ": " + e);
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
    return new EvalSetting(String.valueOf(file.getFileName()), values);
  }

  /** The book's shape under this setting, the base's where it names none. */
  BookRequest request(BookRequest base) {
    try {
      return new BookRequest(
          Integer.parseInt(values.getOrDefault("chapters", String.valueOf(base.chapters()))),
          Integer.parseInt(values.getOrDefault("arc.length", String.valueOf(base.arcLength()))),
          Integer.parseInt(values.getOrDefault("words", String.valueOf(base.words()))),
          base.title(),
          values.getOrDefault("language", base.language()));
    } catch (NumberFormatException e) {
      throw new BadInputException(
          "INVALID_REQUEST",
          "setting",
          "Setting '" + label + "': chapters, arc.length and words are whole numbers.");
    }
  }

  /** The configuration under this setting: the base with its configuration keys over it. */
  Config config(Config base) {
    Config config = base;
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (!BOOK_KEYS.contains(e.getKey())) {
        config = config.with(e.getKey(), e.getValue());
      }
    }
    return config;
  }
}
