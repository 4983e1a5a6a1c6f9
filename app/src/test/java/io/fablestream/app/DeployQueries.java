package io.fablestream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The PromQL of {@code deploy/}: every panel target of the Grafana dashboards, every rule of the
 * Prometheus alert file, and the labels Prometheus itself adds to each scraped series.
 */
final class DeployQueries {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private DeployQueries() {}

  /** The queries of every dashboard under grafana/dashboards and of prometheus/alerts.yml. */
  static List<PromQuery> all(Path deploy) throws IOException {
    List<PromQuery> queries = new ArrayList<>();
    try (Stream<Path> files = Files.list(deploy.resolve("grafana/dashboards"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        panels(file.getFileName().toString(), JSON.readTree(file.toFile()).path("panels"), queries);
      }
    }
    JsonNode alerts = YAML.readTree(deploy.resolve("prometheus/alerts.yml").toFile());
    for (JsonNode group : alerts.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name =
            rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
        queries.add(PromQuery.parse("alerts.yml " + name, rule.path("expr").asText()));
      }
    }
    return queries;
  }

  private static void panels(String dashboard, JsonNode panels, List<PromQuery> queries) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          queries.add(
              PromQuery.parse(
                  dashboard + " panel \"" + panel.path("title").asText() + "\"",
                  target.path("expr").asText()));
        }
      }
      // Rows may hold their panels (collapsed rows do).
      panels(dashboard, panel.path("panels"), queries);
    }
  }

  /**
   * The labels a series has in Prometheus beyond the exposition's: {@code job} and {@code
   * instance}, the static labels of the scrape configs and the targets of their relabelling.
   */
  static Set<String> targetLabels(Path deploy) throws IOException {
    Set<String> labels = new TreeSet<>(Set.of("job", "instance"));
    JsonNode config = YAML.readTree(deploy.resolve("prometheus/prometheus.yml").toFile());
    for (JsonNode job : config.path("scrape_configs")) {
      for (JsonNode group : job.path("static_configs")) {
        group.path("labels").fieldNames().forEachRemaining(labels::add);
      }
      for (JsonNode relabel : job.path("relabel_configs")) {
        if (relabel.hasNonNull("target_label")) {
          labels.add(relabel.path("target_label").asText());
        }
      }
    }
    return labels;
  }
}
