package io.fablestream.platform.memory.qdrant;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.memory.MemorySettings;
import io.fablestream.platform.memory.VectorStore;

/** Story memory's vectors in Qdrant; this build has no Qdrant client. */
public final class QdrantVectorStore {
  private QdrantVectorStore() {}

  /**
   * The Qdrant store of the {@code qdrant.*} settings.
   *
   * @throws ConfigException always: this build keeps vectors in Lucene only
   */
  public static VectorStore fromConfig(Config config) {
    throw new ConfigException(
        "Invalid configuration: "
            + MemorySettings.STORE.name()
            + " (environment "
            + MemorySettings.STORE.envName()
            + ") is 'qdrant': Qdrant support is not in this build; use lucene.");
  }
}
