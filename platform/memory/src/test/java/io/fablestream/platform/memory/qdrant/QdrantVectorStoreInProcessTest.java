package io.fablestream.platform.memory.qdrant;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.memory.VectorStore;
import io.fablestream.platform.memory.VectorStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The vector store contract on the Qdrant store, against the in-process Qdrant services: one server
 * for the class, as one Qdrant serves many books; a restart is the store's, the data stays.
 */
class QdrantVectorStoreInProcessTest extends VectorStoreContract {
  private static InProcessQdrant qdrant;

  @BeforeAll
  static void startQdrant() throws Exception {
    qdrant = new InProcessQdrant();
  }

  @AfterAll
  static void stopQdrant() {
    qdrant.close();
  }

  @Override
  protected VectorStore createStore() {
    QdrantSettings settings =
        QdrantSettings.from(Config.of(Map.of("qdrant.url", "http://qdrant.test:6334")));
    return QdrantVectorStore.on(settings, qdrant.channel());
  }

  @Override
  protected VectorStore reopen(VectorStore closed) {
    closed.close();
    return createStore();
  }
}
