package io.fablestream.platform.memory.qdrant;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.memory.VectorStore;
import io.fablestream.platform.memory.VectorStoreContract;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.qdrant.QdrantContainer;

/**
 * The vector store contract on a real Qdrant in a container, reached the way a service reaches it
 * ({@link QdrantVectorStore#fromConfig}) with an API key. Skipped where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class QdrantVectorStoreContainerTest extends VectorStoreContract {
  /** The server release the client 1.18.3 was built against. */
  static final String IMAGE = "qdrant/qdrant:v1.18.0";

  private static final String API_KEY = "contract-test-key";

  @Container static final QdrantContainer QDRANT = new QdrantContainer(IMAGE).withApiKey(API_KEY);

  private static Config config(String apiKey) {
    return Config.of(
        Map.of(
            "qdrant.url",
            "http://" + QDRANT.getHost() + ":" + QDRANT.getGrpcPort(),
            "qdrant.api.key",
            apiKey,
            "qdrant.collection",
            "contract_chunks"));
  }

  @Override
  protected VectorStore createStore() {
    return QdrantVectorStore.fromConfig(config(API_KEY));
  }

  @Override
  protected VectorStore reopen(VectorStore closed) {
    closed.close();
    return createStore();
  }

  @Test
  void aWrongApiKeyIsRefusedAsStoreUnavailableNamingTheKeySetting() {
    try (QdrantVectorStore wrong = QdrantVectorStore.fromConfig(config("not-the-key"))) {
      assertThatThrownBy(() -> wrong.open(DIMENSION))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("qdrant.api.key");
    }
  }
}
