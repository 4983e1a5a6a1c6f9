package io.fablestream.platform.service;

import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.schemas.Topics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * The production-safe Kafka Streams settings every service starts from, in one place: exactly-once
 * v2, {@code acks=all}, explicit names for every internal topic and store, and the exception
 * handlers that send what cannot be read, processed or produced to the service's dead-letter topic
 * and go on with the next record.
 */
public final class StreamsDefaults {
  /**
   * How long a stream thread waits in poll for records (Kafka's default is 100 ms): the bound on
   * how late a finished call's answer is applied when no record arrives.
   */
  static final long POLL_MS = 10;

  /** The consumers' session timeout: how long a member that is gone keeps its partitions. */
  static final int SESSION_TIMEOUT_MS = 30_000;

  /** The RocksDB bound when none is configured (a store opened outside StreamsDefaults). */
  static final long ROCKSDB_MEMORY_BYTES_DEFAULT = 64L * 1024 * 1024;

  private StreamsDefaults() {}

  /**
   * The properties of one instance of a service: {@link #properties} and its static member id, kept
   * in its state directory ({@link GroupInstanceId}), so that a restart on the same data directory
   * takes its partitions back at once.
   */
  public static Properties instanceProperties(StreamsService service, KafkaSettings kafka) {
    Properties props = properties(service, kafka);
    String key = StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    if (!props.containsKey(key) && !props.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
      props.put(key, GroupInstanceId.of(kafka.stateDir(service.name()), service.applicationId()));
    }
    return props;
  }

  /**
   * The properties of one service: the defaults, then the service's overrides, then every {@code
   * KAFKA_*} setting.
   */
  public static Properties properties(StreamsService service, KafkaSettings kafka) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, service.applicationId());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, kafka.streamThreads());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
    props.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir(service.name()).toString());
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
    props.put(
        StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
        Topics.deadLetter(service.name()));
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        UnreadableRecordHandler.class.getName());
    props.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        LogAndContinueProcessingExceptionHandler.class.getName());
    // The same handler for global state too, as Kafka 5.0 will have it (and 4.x warns without).
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // What cannot be produced (too large, refused) is dead-lettered and fails its book; the size is
    // checked before the producer sees a record, so a record too large fails alone, not its
    // transaction.
    props.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        UnproducibleRecordHandler.class.getName());
    props.put(UnproducibleRecordHandler.SERVICE_CONFIG, service.name());
    service.stage().ifPresent(s -> props.put(UnproducibleRecordHandler.STAGE_CONFIG, s.name()));
    props.put(
        StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG, SizeCheckingClientSupplier.class.getName());
    props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
    // A stream thread never waits on a model (CallLedger): its loop is short, and it comes back to
    // apply answers as soon as its poll returns, so the poll is kept short too.
    props.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
    // A vision call's ledger record carries its picture; a book's records carry its text.
    props.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        CallLedger.MAX_RECORD_BYTES);
    // A member that dies without leaving holds its partitions this long. A restart on the same
    // data directory does not wait for it (static membership, GroupInstanceId); an instance that
    // does not come back hands its books to the others after this, not Kafka's 45 s.
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
    // Every RocksDB store of the process in one bounded cache, memtables included.
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    props.put(
        BoundedRocksDbMemory.TOTAL_BYTES_CONFIG,
        Long.toString(kafka.rocksDbMemoryMb() * 1024L * 1024L));
    for (Map.Entry<String, Object> e : service.streamsOverrides().entrySet()) {
      props.put(e.getKey(), e.getValue());
    }
    props.putAll(kafka.clientProperties());
    return props;
  }
}
