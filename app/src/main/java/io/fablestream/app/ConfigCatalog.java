package io.fablestream.app;

import io.fablestream.analyzer.AnalyzerSettings;
import io.fablestream.chapter.ChapterSettings;
import io.fablestream.platform.calls.CallSettings;
import io.fablestream.platform.config.ConfigKey;
import io.fablestream.platform.config.HttpSettings;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.memory.MemorySettings;
import io.fablestream.platform.memory.qdrant.QdrantSettings;
import io.fablestream.platform.model.ModelSettings;
import io.fablestream.platform.model.OllamaSettings;
import io.fablestream.platform.model.OpenAiSettings;
import io.fablestream.platform.model.image.IllustrationSettings;
import io.fablestream.platform.registry.RegistrySettings;
import io.fablestream.summarizer.SummarizerSettings;
import java.util.List;

/**
 * Every configuration key of the line, grouped as the README's configuration table shows them. The
 * table is generated from here and a test keeps the README equal to it.
 */
public final class ConfigCatalog {
  /**
   * One group of keys.
   *
   * @param title what the keys configure
   * @param keys the keys, in the order their settings record declares them
   */
  public record Section(String title, List<ConfigKey> keys) {}

  private static final List<Section> SECTIONS =
      List.of(
          new Section("Kafka and the streams", KafkaSettings.KEYS),
          new Section("Calls off the stream threads", CallSettings.KEYS),
          new Section("Wire format and schema registry", RegistrySettings.KEYS),
          new Section("The embedded broker (all-in-one app)", EmbeddedKafkaSettings.KEYS),
          new Section("HTTP (every process)", HttpSettings.KEYS),
          new Section("The HTTP API (app)", ApiSettings.KEYS),
          new Section("The API's read model (app)", ViewSettings.KEYS),
          new Section("Models (any server)", ModelSettings.KEYS),
          new Section("Ollama (model.provider=ollama)", OllamaSettings.KEYS),
          new Section(
              "OpenAI-compatible servers (model.provider=openai): vLLM, llama-server, OpenAI",
              OpenAiSettings.KEYS),
          new Section(
              "Illustrations (illustrations.enabled=true): Automatic1111, OpenAI images API",
              IllustrationSettings.KEYS),
          new Section("Story memory", MemorySettings.KEYS),
          new Section("Qdrant (memory.store=qdrant)", QdrantSettings.KEYS),
          new Section("analyzer-service", AnalyzerSettings.KEYS),
          new Section("chapter-service", ChapterSettings.KEYS),
          new Section("summarizer-service", SummarizerSettings.KEYS));

  private ConfigCatalog() {}

  /** Every group, in the README's order. */
  public static List<Section> sections() {
    return SECTIONS;
  }

  /** The README's configuration table, in Markdown. */
  public static String markdownTable() {
    StringBuilder out = new StringBuilder();
    out.append("| key | environment | default | meaning |\n");
    out.append("| --- | --- | --- | --- |\n");
    for (Section section : SECTIONS) {
      out.append("| **").append(section.title()).append("** | | | |\n");
      for (ConfigKey key : section.keys()) {
        out.append("| `")
            .append(key.name())
            .append("` | `")
            .append(key.envName())
            .append("` | ")
            .append(key.defaultValue().isEmpty() ? "(none)" : "`" + key.defaultValue() + "`")
            .append(" | ")
            .append(key.doc().replace("|", "\\|").replace("\n", " "))
            .append(aliasNote(key))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /** For a key with an older name: that name, its variable, and which wins. */
  private static String aliasNote(ConfigKey key) {
    ConfigKey alias = key.aliasKey();
    if (alias == null) {
      return "";
    }
    return " Also set by `"
        + alias.name()
        + "` (`"
        + alias.envName()
        + "`), its older name; when both are set, `"
        + key.name()
        + "` wins.";
  }
}
