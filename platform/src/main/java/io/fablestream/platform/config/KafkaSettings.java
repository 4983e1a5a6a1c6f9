package io.fablestream.platform.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a service reaches Kafka and sizes its streams.
 *
 * @param bootstrapServers the cluster to use
 * @param partitions the partition count of every topic the line creates ({@code topics.partitions},
 *     or one that follows {@code model.parallelism} when only that is set)
 * @param replicationFactor of topics the line creates, internal topics included
 * @param streamThreads stream threads per service instance; size to the model servers ({@code
 *     streams.threads}, or {@code model.parallelism} when only that is set)
 * @param dataDir where local state lives (Streams state, the embedded broker, the Lucene index)
 * @param startTimeout how long to wait for the broker and for RUNNING at start
 * @param shutdownTimeout how long a clean stop may take
 * @param createTopics whether a service creates missing topics at start
 * @param clientProperties every other {@code KAFKA_*} key, passed to Kafka as it is
 * @param threadReplacements how many dead stream threads a service replaces within {@code
 *     threadReplacementWindow} before it stops instead
 * @param threadReplacementWindow the window {@code threadReplacements} counts in
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
    Duration threadReplacementWindow) {

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
          "2",
          "Stream threads per service instance. A model call blocks its thread: size threads"
              + " times instances to the model servers' parallel slots.");
  public static final ConfigKey MODEL_PARALLELISM =
      new ConfigKey(
          "model.parallelism",
          "",
          "The model calls the model servers run at once: OLLAMA_NUM_PARALLEL times the number of"
              + " Ollama servers. When set, streams.threads defaults to twice it (so a thread busy"
              + " between two calls leaves no slot idle) and topics.partitions to the smallest"
              + " multiple of those threads that is at least twice them and at least 12; explicit"
              + " values of those keys win. Empty: streams.threads and topics.partitions as set.");
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

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS =
      List.of(
          BOOTSTRAP_SERVERS,
          PARTITIONS,
          REPLICATION_FACTOR,
          STREAM_THREADS,
          MODEL_PARALLELISM,
          DATA_DIR,
          START_TIMEOUT,
          SHUTDOWN_TIMEOUT,
          CREATE_TOPICS,
          THREAD_REPLACEMENTS,
          THREAD_REPLACEMENT_WINDOW);

  public KafkaSettings {
    clientProperties = Map.copyOf(clientProperties);
  }

  /** Reads and validates the Kafka settings. */
  public static KafkaSettings from(Config config) {
    Map<String, String> client = new java.util.TreeMap<>(config.kafkaProperties());
    client.remove("bootstrap.servers");
    return new KafkaSettings(
        config.required(BOOTSTRAP_SERVERS),
        partitions(config),
        (short) config.integer(REPLICATION_FACTOR, 1, 32),
        streamThreads(config),
        config.path(DATA_DIR),
        config.duration(START_TIMEOUT),
        config.duration(SHUTDOWN_TIMEOUT),
        config.bool(CREATE_TOPICS),
        client,
        config.integer(THREAD_REPLACEMENTS, 0, 1_000),
        config.duration(THREAD_REPLACEMENT_WINDOW));
  }

  /**
   * A model call blocks its stream thread, so the calls a service has in flight are its threads.
   * Between two calls a thread commits, hops and retrieves; with only as many threads as slots, a
   * slot idles for that time. Twice as many keeps a call waiting in the model server's queue for
   * each slot (measured in docs/performance.md: 8 slots were busiest with 16 threads, not 8 or 32).
   * Explicit streams.threads wins.
   */
  private static int streamThreads(Config config) {
    int parallelism = modelParallelism(config);
    return parallelism == 0 || config.isSet(STREAM_THREADS)
        ? config.integer(STREAM_THREADS, 1, 256)
        : Math.min(256, 2 * parallelism);
  }

  /**
   * Partitions bound the threads that can work, and Kafka Streams spreads them evenly over the
   * threads only when their count is a multiple of the threads; a few per thread keep the books of
   * one partition from waiting on each other.
   */
  private static int partitions(Config config) {
    int parallelism = modelParallelism(config);
    if (parallelism == 0 || config.isSet(PARTITIONS)) {
      return config.integer(PARTITIONS, 1, 10_000);
    }
    int threads = streamThreads(config);
    int atLeast = Math.max(12, 2 * threads);
    return Math.min(10_000, (atLeast + threads - 1) / threads * threads);
  }

  /** The model.parallelism set, or 0 when it is not. */
  private static int modelParallelism(Config config) {
    return config.string(MODEL_PARALLELISM).isBlank()
        ? 0
        : config.integer(MODEL_PARALLELISM, 1, 256);
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
