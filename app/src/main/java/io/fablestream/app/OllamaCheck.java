package io.fablestream.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.platform.config.OllamaSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Asks Ollama, before a book starts, whether it answers and has the models the config names, so a
 * person hears "run ollama pull llava:7b" in a second rather than a failed book minutes later. Uses
 * Ollama's {@code GET /api/tags}, which lists the pulled models.
 */
public final class OllamaCheck {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private OllamaCheck() {}

  /**
   * What is wrong with Ollama for these settings.
   *
   * @return empty when Ollama answers and has every model; otherwise the problem and its fix
   */
  public static java.util.Optional<String> problem(OllamaSettings ollama) {
    URI tags = ollama.host().resolve("/api/tags");
    HttpRequest.Builder request = HttpRequest.newBuilder(tags).timeout(TIMEOUT).GET();
    for (Map.Entry<String, String> header : ollama.headers().entrySet()) {
      request.header(header.getKey(), header.getValue());
    }
    HttpResponse<String> response;
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return java.util.Optional.of(unreachable(ollama, e.toString()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.of(unreachable(ollama, "interrupted"));
    }
    if (response.statusCode() != 200) {
      return java.util.Optional.of(
          unreachable(ollama, "GET " + tags + " answered HTTP " + response.statusCode()));
    }
    Set<String> pulled = new HashSet<>();
    try {
      for (JsonNode model : Json.mapper().readTree(response.body()).path("models")) {
        pulled.add(normalize(model.path("name").asText()));
        pulled.add(normalize(model.path("model").asText()));
      }
    } catch (IOException e) {
      return java.util.Optional.of(
          unreachable(ollama, "GET " + tags + " did not answer as Ollama does: " + e.getMessage()));
    }
    List<String> missing = new ArrayList<>();
    for (String model : needed(ollama)) {
      if (!pulled.contains(normalize(model))) {
        missing.add(model);
      }
    }
    if (missing.isEmpty()) {
      return java.util.Optional.empty();
    }
    StringBuilder fix = new StringBuilder();
    fix.append("Ollama at ")
        .append(ollama.host())
        .append(" does not have ")
        .append(missing.size() == 1 ? "the model " : "the models ")
        .append(String.join(" and ", missing))
        .append(". Pull ")
        .append(missing.size() == 1 ? "it" : "them")
        .append(" with:\n");
    for (String model : missing) {
      fix.append("  ollama pull ").append(model).append('\n');
    }
    return java.util.Optional.of(fix.toString().stripTrailing());
  }

  private static Set<String> needed(OllamaSettings ollama) {
    Set<String> models = new LinkedHashSet<>();
    models.add(ollama.visionModel());
    models.add(ollama.textModel());
    models.add(ollama.judgeModel());
    return models;
  }

  /** {@code llava} and {@code llava:latest} are the same model to Ollama. */
  private static String normalize(String model) {
    return model.contains(":") ? model : model + ":latest";
  }

  private static String unreachable(OllamaSettings ollama, String detail) {
    return "Ollama is not reachable at "
        + ollama.host()
        + " ("
        + detail
        + ").\nStart it with:\n  ollama serve\nor point OLLAMA_HOST at a running Ollama, then"
        + " pull the models:\n  ollama pull "
        + ollama.visionModel()
        + "\n  ollama pull "
        + ollama.textModel();
  }
}
