package io.fablestream.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Every published version of every event schema, so a decoder can read values written by an older
 * writer schema. Versions are listed in classpath resources named {@value #INDEX}: one resource
 * path of a self-contained {@code .avsc} per line. The schemas jar lists the versions it has
 * published; another jar can add its own, and so can tests.
 */
public final class SchemaHistory {
  /** The name of the index resources that list published schema versions. */
  public static final String INDEX = "META-INF/fablestream/schema-history.idx";

  private static final SchemaHistory PUBLISHED = load(SchemaHistory.class.getClassLoader());

  private final Map<String, List<Schema>> versionsByName;

  private SchemaHistory(Map<String, List<Schema>> versionsByName) {
    this.versionsByName = versionsByName;
  }

  /** The versions published on this class's classpath, loaded once. */
  public static SchemaHistory published() {
    return PUBLISHED;
  }

  /** Loads every version listed by the index resources a class loader sees. */
  public static SchemaHistory load(ClassLoader loader) {
    Map<String, List<Schema>> byName = new LinkedHashMap<>();
    try {
      Enumeration<URL> indexes = loader.getResources(INDEX);
      while (indexes.hasMoreElements()) {
        URL index = indexes.nextElement();
        for (String path : lines(index)) {
          Schema schema = parse(loader, path);
          byName.computeIfAbsent(schema.getFullName(), k -> new ArrayList<>()).add(schema);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the schema history index " + INDEX, e);
    }
    byName.replaceAll((k, v) -> List.copyOf(v));
    return new SchemaHistory(Map.copyOf(byName));
  }

  /** The published versions of one record, by full name, oldest first; empty when none. */
  public List<Schema> versionsOf(String fullName) {
    return versionsByName.getOrDefault(fullName, List.of());
  }

  private static List<String> lines(URL index) throws IOException {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
      return reader
          .lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    }
  }

  private static Schema parse(ClassLoader loader, String path) throws IOException {
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException(
            "The schema history lists " + path + ", which is not on the classpath");
      }
      return new Schema.Parser().parse(in);
    }
  }
}
