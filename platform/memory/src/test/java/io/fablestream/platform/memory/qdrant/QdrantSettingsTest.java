package io.fablestream.platform.memory.qdrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QdrantSettingsTest {
  @Test
  void defaultsReachALocalQdrantOnItsGrpcPortWithoutTls() {
    assertThat(QdrantSettings.from(Config.of(Map.of())))
        .isEqualTo(
            new QdrantSettings(
                URI.create("http://localhost:6334"),
                "localhost",
                6334,
                false,
                Optional.empty(),
                "fablestream_chunks",
                Duration.ofSeconds(10)));
  }

  @Test
  void anHttpsUrlTurnsTlsOnAndAUrlWithoutPortUsesTheGrpcPort() {
    QdrantSettings settings =
        QdrantSettings.from(Config.of(Map.of("qdrant.url", "https://xyz.cloud.qdrant.io")));

    assertThat(settings.tls()).isTrue();
    assertThat(settings.host()).isEqualTo("xyz.cloud.qdrant.io");
    assertThat(settings.port()).isEqualTo(6334);
  }

  @Test
  void qdrantsOwnEnvironmentNamesSetTheUrlAndTheKey() {
    QdrantSettings settings =
        QdrantSettings.from(
            Config.load(
                null,
                Map.of(
                    "QDRANT_URL", "qdrant.internal:7334",
                    "QDRANT_API_KEY", "s3cret",
                    "FABLESTREAM_QDRANT_COLLECTION", "other_chunks")));

    assertThat(settings.host()).isEqualTo("qdrant.internal");
    assertThat(settings.port()).isEqualTo(7334);
    assertThat(settings.tls()).isFalse();
    assertThat(settings.apiKey()).contains("s3cret");
    assertThat(settings.collection()).isEqualTo("other_chunks");
  }

  @Test
  void theApiKeyNeverAppearsInTheSettingsText() {
    QdrantSettings settings = QdrantSettings.from(Config.of(Map.of("qdrant.api.key", "s3cret")));

    assertThat(settings.toString()).doesNotContain("s3cret").contains("apiKey=(set)");
  }

  @Test
  void aUrlWithAPathIsRefusedWithAMessageNamingTheKey() {
    assertThatThrownBy(
            () ->
                QdrantSettings.from(
                    Config.of(Map.of("qdrant.url", "http://localhost:6333/collections"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("qdrant.url")
        .hasMessageContaining("QDRANT_URL");
  }

  @Test
  void aCollectionNameQdrantCannotTakeIsRefused() {
    assertThatThrownBy(
            () -> QdrantSettings.from(Config.of(Map.of("qdrant.collection", "my/chunks"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("qdrant.collection")
        .hasMessageContaining("my/chunks");
  }
}
