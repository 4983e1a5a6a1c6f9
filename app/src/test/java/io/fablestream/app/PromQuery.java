package io.fablestream.app;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric and label names one PromQL expression refers to, read well enough to check them
 * against a scrape: string literals, range and subquery brackets and function names are left out;
 * label matchers are tied to the metric they follow, grouping labels to the query as a whole.
 *
 * @param source where the query is (a dashboard panel, an alert)
 * @param expr the PromQL expression
 * @param metrics the metric names, each with the label names its matchers use
 * @param groupingLabels the labels of {@code by}, {@code without}, {@code on} and {@code ignoring}
 */
record PromQuery(
    String source, String expr, Map<String, Set<String>> metrics, Set<String> groupingLabels) {
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern SELECTOR =
      Pattern.compile(
          "(?<![\\w.:])([a-zA-Z_:][\\w:]*)?\\s*\\{([^}]*)\\}|(?<![\\w.:])([a-zA-Z_:][\\w:]*)");
  private static final Pattern MATCHER_LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "inf",
          "nan");

  /** Reads the names out of one expression. */
  static PromQuery parse(String source, String expr) {
    // Grafana's own variables ($__rate_interval, $service) are not names Prometheus sees.
    String text = expr.replaceAll("\\$\\{?[a-zA-Z_][a-zA-Z0-9_]*\\}?", "");
    // Label values ("success") may look like names: blank them, keeping the quotes.
    text = STRING.matcher(text).replaceAll("\"\"");
    text = RANGE.matcher(text).replaceAll(" ");
    Set<String> grouping = new LinkedHashSet<>();
    Matcher groups = GROUPING.matcher(text);
    StringBuilder rest = new StringBuilder();
    while (groups.find()) {
      for (String label : groups.group(1).split(",")) {
        if (!label.isBlank()) {
          grouping.add(label.strip());
        }
      }
      groups.appendReplacement(rest, " ");
    }
    groups.appendTail(rest);

    Map<String, Set<String>> metrics = new LinkedHashMap<>();
    Matcher selector = SELECTOR.matcher(rest);
    while (selector.find()) {
      String name = selector.group(1) != null ? selector.group(1) : selector.group(3);
      if (name == null) {
        continue;
      }
      if (selector.group(3) != null && isFunctionOrKeyword(rest, selector.end(), name)) {
        continue;
      }
      if (Character.isDigit(name.charAt(0))) {
        continue;
      }
      Set<String> labels = metrics.computeIfAbsent(name, n -> new LinkedHashSet<>());
      if (selector.group(2) != null) {
        Matcher label = MATCHER_LABEL.matcher(selector.group(2));
        while (label.find()) {
          labels.add(label.group(1));
        }
      }
    }
    return new PromQuery(source, expr, metrics, grouping);
  }

  private static boolean isFunctionOrKeyword(CharSequence text, int end, String name) {
    if (KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
      return true;
    }
    int next = end;
    while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
      next++;
    }
    return next < text.length() && text.charAt(next) == '(';
  }
}
