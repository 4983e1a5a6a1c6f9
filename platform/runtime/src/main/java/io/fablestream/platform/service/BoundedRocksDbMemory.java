package io.fablestream.platform.service;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the process, whatever the services,
 * partitions and stores: one block cache that holds the blocks read, the index and filter blocks
 * and, through one write-buffer manager, the memtables, for all of them together (the pattern of
 * Kafka Streams' memory-management guide).
 *
 * <p>Without it each store has a block cache of its own (50 MiB by Kafka Streams' default) and up
 * to three 16 MiB memtables, and the all-in-one process runs five applications of twelve tasks with
 * a store or two each: off-heap use then grows with every task, not with the heap.
 *
 * <p>The cache and the manager are shared by every store in the JVM, so they are static; their size
 * is read from the first store's config ({@link #TOTAL_BYTES_CONFIG}, set by {@link
 * StreamsDefaults} from {@code streams.rocksdb.memory.mb}) and never freed: they live as long as
 * the process.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
  /** The Streams config key that carries the bound, in bytes. */
  public static final String TOTAL_BYTES_CONFIG = "fablestream.rocksdb.memory.bytes";

  /** Of the bound, the share the memtables may take (the rest holds read blocks). */
  static final double WRITE_BUFFER_RATIO = 0.5;

  /** The share of the cache kept for index and filter blocks (high priority). */
  static final double INDEX_FILTER_RATIO = 0.1;

  /** One memtable's size: small, since many stores hold a few books each. */
  static final long MEMTABLE_BYTES = 4L * 1024 * 1024;

  private static Shared shared;

  private record Shared(long totalBytes, Cache cache, WriteBufferManager writeBuffers) {}

  /** The cache and manager of the process, made by the first store that asks. */
  static synchronized Shared shared(long totalBytes) {
    if (shared == null) {
      Cache cache = new LRUCache(totalBytes, -1, false, INDEX_FILTER_RATIO);
      WriteBufferManager writeBuffers =
          new WriteBufferManager((long) (totalBytes * WRITE_BUFFER_RATIO), cache);
      shared = new Shared(totalBytes, cache, writeBuffers);
    }
    return shared;
  }

  /** The bound the process's stores share, in bytes, or 0 before any store opened. */
  public static synchronized long boundBytes() {
    return shared == null ? 0 : shared.totalBytes();
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object configured = configs.get(TOTAL_BYTES_CONFIG);
    long total =
        configured == null
            ? StreamsDefaults.ROCKSDB_MEMORY_BYTES_DEFAULT
            : Long.parseLong(configured.toString());
    Shared memory = shared(total);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(memory.cache());
    // Index and filter blocks in the cache, so they count against the bound too, kept at high
    // priority and the top level pinned, so reads do not thrash them.
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(memory.writeBuffers());
    options.setWriteBufferSize(MEMTABLE_BYTES);
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the manager are shared by every store of the process: not closed here.
  }
}
