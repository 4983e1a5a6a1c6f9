package io.fablestream.platform.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a service reaches Kafka and sizes its streams.
 *
 * @param bootstrapServers the cluster to use
 * @param partitions the partition count of every topic the line creates
 * @param replicationFactor of topics the line creates, internal topics included
 * @param streamThreads stream threads per service instance; they never wait on a model, so a few
 *     serve many books
 * @param dataDir where local state lives (Streams state, the embedded broker, the Lucene index)
 * @param startTimeout how long to wait for the broker and for RUNNING at start
 * @param shutdownTimeout how long a clean stop may take
 * @param createTopics whether a service creates missing topics at start
 * @param clientProperties every other {@code KAFKA_*} key, passed to Kafka as it is
 * @param threadReplacements how many dead stream threads a service replaces within {@code
 *     threadReplacementWindow} before it stops instead
 * @param threadReplacementWindow the window {@code threadReplacements} counts in
 * @param rocksDbMemoryMb the off-heap memory all RocksDB stores of the process share, in MiB
 */
public record KafkaSettings(
    String bootstrapServers,
    int partitions,
    short replicationFactor,
    int streamThreads,
    Path dataDir,
    Duration startTimeout,
    Duration shutdownTimeout,
    boolean createTopics,
    Map<String, String> clientProperties,
    int threadReplacements,
    Duration threadReplacementWindow,
    int rocksDbMemoryMb) {

  public static final ConfigKey BOOTSTRAP_SERVERS =
      new ConfigKey(
          "kafka.bootstrap.servers",
          "localhost:9092",
          "The Kafka cluster. In the all-in-one app, setting it means no embedded broker starts.");
  public static final ConfigKey PARTITIONS =
      new ConfigKey(
          "topics.partitions",
          "12",
          "Partitions of every topic the line creates; bounds the parallelism of each service.");
  public static final ConfigKey REPLICATION_FACTOR =
      new ConfigKey(
          "topics.replication.factor",
          "1",
          "Replication factor of created topics and of Kafka Streams' internal topics (3 on a"
              + " production cluster).");
  public static final ConfigKey STREAM_THREADS =
      new ConfigKey(
          "streams.threads",
          "1",
          "Stream threads per service instance. They never wait on a model (calls run off them,"
              + " bounded by model.parallelism), so one serves many books; more help only when"
              + " one core cannot keep up with the records.");
  public static final ConfigKey DATA_DIR =
      new ConfigKey(
          "data.dir",
          "~/.fablestream",
          "Local data: Kafka Streams state, the embedded broker's log, the Lucene index.");
  public static final ConfigKey START_TIMEOUT =
      new ConfigKey(
          "start.timeout", "60s", "How long a service waits for the broker and for RUNNING.");
  public static final ConfigKey SHUTDOWN_TIMEOUT =
      new ConfigKey("shutdown.timeout", "30s", "How long a clean stop (SIGTERM) may take.");
  public static final ConfigKey CREATE_TOPICS =
      new ConfigKey(
          "topics.create",
          "true",
          "Whether services create missing topics at start with the partitions and replication"
              + " above.");

  public static final ConfigKey THREAD_REPLACEMENTS =
      new ConfigKey(
          "streams.thread.replacements",
          "3",
          "How many dead stream threads a service replaces within"
              + " streams.thread.replacement.window. One more death in that window and the service"
              + " stops (its /health/ready turns 503): a failure that kills every new thread on"
              + " the same record would otherwise loop for ever. 0: the first death stops it.");
  public static final ConfigKey THREAD_REPLACEMENT_WINDOW =
      new ConfigKey(
          "streams.thread.replacement.window",
          "10m",
          "The window streams.thread.replacements counts in.");

  public static final ConfigKey ROCKSDB_MEMORY_MB =
      new ConfigKey(
          "streams.rocksdb.memory.mb",
          "64",
          "Off-heap memory, in MiB, that every RocksDB store of a process shares: one block cache"
              + " holding read blocks, indexes, filters and (half of it at most) the memtables of"
              + " all services, tasks and stores together. Kafka Streams' default is about 100 MiB"
              + " per store.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS =
      List.of(
          BOOTSTRAP_SERVERS,
          PARTITIONS,
          REPLICATION_FACTOR,
          STREAM_THREADS,
          DATA_DIR,
          START_TIMEOUT,
          SHUTDOWN_TIMEOUT,
          CREATE_TOPICS,
          THREAD_REPLACEMENTS,
          THREAD_REPLACEMENT_WINDOW,
          ROCKSDB_MEMORY_MB);

  public KafkaSettings {
    clientProperties = Map.copyOf(clientProperties);
  }

  /** Reads and validates the Kafka settings. */
  public static KafkaSettings from(Config config) {
    Map<String, String> client = new java.util.TreeMap<>(config.kafkaProperties());
    client.remove("bootstrap.servers");
    return new KafkaSettings(
        config.required(BOOTSTRAP_SERVERS),
        config.integer(PARTITIONS, 1, 10_000),
        (short) config.integer(REPLICATION_FACTOR, 1, 32),
        config.integer(STREAM_THREADS, 1, 256),
        config.path(DATA_DIR),
        config.duration(START_TIMEOUT),
        config.duration(SHUTDOWN_TIMEOUT),
        config.bool(CREATE_TOPICS),
        client,
        config.integer(THREAD_REPLACEMENTS, 0, 1_000),
        config.duration(THREAD_REPLACEMENT_WINDOW),
        config.integer(ROCKSDB_MEMORY_MB, 8, 1_048_576));
  }

  /** The state directory of one service, under the data directory. */
  public Path stateDir(String service) {
    return dataDir.resolve("state").resolve(service);
  }

  @Override
  public String toString() {
    // SASL JAAS lines, TLS store passwords and OAuth secrets pass through KAFKA_*: show their
    // names, never their values.
    Map<String, String> shown = new java.util.TreeMap<>();
    clientProperties.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : v));
    return "KafkaSettings[bootstrapServers="
        + bootstrapServers
        + ", partitions="
        + partitions
        + ", replicationFactor="
        + replicationFactor
        + ", streamThreads="
        + streamThreads
        + ", dataDir="
        + dataDir
        + ", startTimeout="
        + startTimeout
        + ", shutdownTimeout="
        + shutdownTimeout
        + ", createTopics="
        + createTopics
        + ", clientProperties="
        + shown
        + "]";
  }

  /** Whether a Kafka client key holds a credential, by the names Kafka gives them. */
  static boolean isSecret(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return k.contains("password")
        || k.contains("jaas")
        || k.contains("secret")
        || k.contains("token")
        || k.endsWith(".key")
        || k.contains("credentials");
  }
}
