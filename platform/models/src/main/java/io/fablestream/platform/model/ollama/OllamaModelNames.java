package io.fablestream.platform.model.ollama;

import java.util.List;

/**
 * Model names as Ollama matches them: a name without a tag means {@code :latest}, so {@code llava}
 * and {@code llava:latest} are the same model.
 */
final class OllamaModelNames {
  private OllamaModelNames() {}

  /** Whether the requested model is among the pulled ones. */
  static boolean contains(List<String> pulled, String requested) {
    String wanted = normalized(requested);
    return pulled.stream().map(OllamaModelNames::normalized).anyMatch(wanted::equals);
  }

  /** The name with {@code :latest} when it has no tag. */
  static String normalized(String name) {
    String n = name.strip();
    int slash = n.lastIndexOf('/');
    return n.indexOf(':', slash + 1) < 0 ? n + ":latest" : n;
  }
}
