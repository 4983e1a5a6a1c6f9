package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.ModelSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnalyzerSettingsTest {

  @Test
  void defaultsRefuseEveryUriAndFitTheModel() {
    assertThat(AnalyzerSettings.defaults())
        .isEqualTo(
            new AnalyzerSettings(
                20L * 1024 * 1024,
                50_000_000L,
                1024,
                Optional.empty(),
                Set.of(),
                false,
                Duration.ofSeconds(10),
                1,
                "llava:7b",
                new BookBudget(new ContextBudget(32768, "ollama.max.context"), 3, 500),
                ModelSettings.from(Config.of(Map.of())),
                12));
  }

  @Test
  void environmentStyleValuesAreRead() {
    AnalyzerSettings settings =
        AnalyzerSettings.from(
            Config.of(
                Map.of(
                    "analyzer.file.base.dir", "/srv/images",
                    "analyzer.http.allowed.hosts", " Images.Example.com , cdn.example.com,",
                    "analyzer.max.side", "768",
                    "ollama.vision.model", "llava:13b")));

    assertThat(settings.fileBaseDir()).contains(Path.of("/srv/images"));
    assertThat(settings.allowedHosts())
        .containsExactlyInAnyOrder("images.example.com", "cdn.example.com");
    assertThat(settings.maxSide()).isEqualTo(768);
    assertThat(settings.visionModel()).isEqualTo("llava:13b");
  }

  @Test
  void badValueIsNamedWithItsKeyAndEnvironmentVariable() {
    assertThatThrownBy(() -> AnalyzerSettings.from(Config.of(Map.of("analyzer.max.side", "huge"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("analyzer.max.side")
        .hasMessageContaining("FABLESTREAM_ANALYZER_MAX_SIDE")
        .hasMessageContaining("'huge'");
    assertThatThrownBy(
            () -> AnalyzerSettings.from(Config.of(Map.of("analyzer.file.base.dir", "images"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("absolute");
  }
}
