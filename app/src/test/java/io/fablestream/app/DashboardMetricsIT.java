package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ollama.OllamaTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboards and the Prometheus alerts of {@code deploy/} query is in the
 * line's {@code /metrics} once it has made one book and failed one: no panel points at nothing.
 *
 * <p>The line is {@code serve}'s (the four services, the read model and the API in one JVM, one
 * registry) against the Ollama-API test server; its scrape holds what the separate containers'
 * scrapes hold together.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardMetricsIT {
  private static final Path DEPLOY = Path.of("../deploy");
  private static final Path CHELSEA = Path.of("../docs/samples/chelsea.png");
  private static final Path TRUNCATED = Path.of("src/test/resources/images/truncated.jpg");

  /** Prometheus's own series for each target, never in an exposition. */
  private static final Set<String> SYNTHETIC = Set.of("up", "scrape_duration_seconds");

  @TempDir static Path dir;

  private OllamaTestServer ollama;
  private PrometheusScrape scrape;
  private List<PromQuery> queries;
  private Set<String> targetLabels;

  @BeforeAll
  void makeOneBookAndFailOneThenScrape() throws Exception {
    ollama =
        OllamaTestServer.start(StoryOllama.VISION, StoryOllama.TEXT).respondWith(new StoryOllama());
    Map<String, String> settings = LineTestConfig.values(dir.resolve("data"));
    settings.put("ollama.host", ollama.uri().toString());
    try (FablestreamApp app =
        FablestreamApp.start(Config.of(settings), FablestreamApp.Options.line(true), System.out)) {
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + app.apiPort());

      HttpResponse<String> book = generate(http, base, CHELSEA);
      HttpResponse<String> failed = generate(http, base, TRUNCATED);
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(base.resolve("/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(book.statusCode()).as(book.body()).isEqualTo(200);
      assertThat(failed.statusCode()).as(failed.body()).isEqualTo(422);
      assertThat(metrics.statusCode()).isEqualTo(200);
      scrape = PrometheusScrape.parse(metrics.body());
      // Kept for whoever edits a dashboard next: the names and labels there are to choose from.
      Files.writeString(Path.of("target/dashboard-metrics-scrape.txt"), metrics.body());
    }
    queries = DeployQueries.all(DEPLOY);
    targetLabels = DeployQueries.targetLabels(DEPLOY);
  }

  private static HttpResponse<String> generate(HttpClient http, URI base, Path image)
      throws Exception {
    return http.send(
        Multipart.post(
            base.resolve("/generate"),
            image.getFileName().toString(),
            Files.readAllBytes(image),
            Map.of("chapters", "3", "arcLength", "2", "words", "60")),
        HttpResponse.BodyHandlers.ofString());
  }

  @AfterAll
  void stopOllama() {
    if (ollama != null) {
      ollama.close();
    }
  }

  @Test
  void everyMetricTheDashboardsAndAlertsQueryIsInTheScrape() {
    List<String> missing = new ArrayList<>();
    for (PromQuery query : queries) {
      for (String metric : query.metrics().keySet()) {
        if (!SYNTHETIC.contains(metric) && !scrape.has(metric)) {
          missing.add(metric + " (" + query.source() + ")");
        }
      }
    }

    assertThat(queries).as("queries found under %s", DEPLOY).hasSizeGreaterThan(10);
    assertThat(missing).as("metrics queried but not in the scrape").isEmpty();
  }

  @Test
  void everyLabelTheQueriesSelectOrGroupByIsOnTheirMetrics() {
    List<String> missing = new ArrayList<>();
    for (PromQuery query : queries) {
      Set<String> available = new TreeSet<>(targetLabels);
      query.metrics().forEach((metric, matched) -> available.addAll(scrape.labels(metric)));
      query
          .metrics()
          .forEach(
              (metric, matched) -> {
                for (String label : matched) {
                  if (!SYNTHETIC.contains(metric)
                      && !scrape.labels(metric).contains(label)
                      && !targetLabels.contains(label)) {
                    missing.add(metric + "{" + label + "} (" + query.source() + ")");
                  }
                }
              });
      for (String label : query.groupingLabels()) {
        if (!available.contains(label)) {
          missing.add("by " + label + " (" + query.source() + ")");
        }
      }
    }

    assertThat(missing).as("labels queried but on none of the query's series").isEmpty();
  }

  @Test
  void everyFablestreamAndKafkaStreamsSeriesCarriesTheServiceTag() {
    List<String> untagged =
        scrape.series().entrySet().stream()
            .filter(e -> e.getKey().startsWith("fablestream_") || e.getKey().startsWith("kafka_"))
            .filter(e -> !e.getValue().contains("service"))
            .map(Map.Entry::getKey)
            .toList();

    assertThat(untagged).as("series without a service label").isEmpty();
  }
}
