package io.fablestream.app;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series of one Prometheus text exposition: each series name (as written, so histograms show as
 * {@code _bucket}, {@code _count} and {@code _sum}) with every label name seen on it.
 */
record PrometheusScrape(Map<String, Set<String>> series) {
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

  static PrometheusScrape parse(String text) {
    Map<String, Set<String>> series = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      int end = brace >= 0 && (space < 0 || brace < space) ? brace : space;
      String name = line.substring(0, end < 0 ? line.length() : end);
      Set<String> labels = series.computeIfAbsent(name, n -> new TreeSet<>());
      if (end == brace && brace >= 0) {
        Matcher label = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
        while (label.find()) {
          labels.add(label.group(1));
        }
      }
    }
    return new PrometheusScrape(series);
  }

  boolean has(String name) {
    return series.containsKey(name);
  }

  /** The label names on a series, or none when the scrape lacks it. */
  Set<String> labels(String name) {
    return series.getOrDefault(name, Set.of());
  }
}
