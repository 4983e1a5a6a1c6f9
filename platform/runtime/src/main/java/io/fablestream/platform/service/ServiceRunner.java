package io.fablestream.platform.service;

import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link StreamsService}: checks the broker, refuses topics that would not co-partition,
 * creates missing topics, starts Kafka Streams with {@link StreamsDefaults}, replaces dead stream
 * threads within a budget ({@link ThreadReplacements}), binds its metrics, and stops it within a
 * bound.
 */
public final class ServiceRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

  private final StreamsService service;
  private final KafkaSettings kafka;
  private final MeterRegistry registry;
  private KafkaStreams streams;
  private KafkaStreamsMetrics metrics;
  private ThreadReplacements threadReplacements;
  private Topology checked;

  public ServiceRunner(StreamsService service, KafkaSettings kafka, MeterRegistry registry) {
    this.service = service;
    this.kafka = kafka;
    this.registry = registry;
  }

  /** The service this runner runs. */
  public StreamsService service() {
    return service;
  }

  /**
   * Starts the service without waiting for RUNNING.
   *
   * @throws BrokerUnreachableException when the broker does not answer within the start timeout
   */
  public synchronized void start() {
    if (streams != null) {
      throw new IllegalStateException(service.name() + " is already started");
    }
    Properties props = StreamsDefaults.properties(service, kafka);
    checkWireFormat();
    Topology topology = checked;
    checked = null;
    prepareTopics(props, joinedTopics(topology));
    if (StreamsConfig.EXACTLY_ONCE_V2.equals(
        props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))) {
      int wiped =
          CrashedState.wipeAfterCrash(kafka.stateDir(service.name()), service.applicationId());
      if (wiped > 0) {
        LOG.info(
            "{} did not stop cleanly last time: {} tasks' state is restored from the changelogs",
            service.name(),
            wiped);
      }
    }
    streams = new KafkaStreams(topology, StreamsDefaults.instanceProperties(service, kafka));
    threadReplacements =
        new ThreadReplacements(
            service.name(),
            kafka.threadReplacements(),
            kafka.threadReplacementWindow(),
            Clock.systemUTC());
    streams.setUncaughtExceptionHandler(threadReplacements);
    metrics = new KafkaStreamsMetrics(streams, Tags.of("service", service.name()));
    metrics.bindTo(registry);
    streams.start();
    LOG.info("{} started against {}", service.applicationId(), kafka.bootstrapServers());
  }

  /**
   * The topics the topology reads and writes, Kafka Streams' own repartition topics and the global
   * stores' topics aside: the ones that must be co-partitioned.
   */
  static Set<String> joinedTopics(Topology topology) {
    Set<String> topics = new TreeSet<>();
    for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          topics.addAll(source.topicSet());
        } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
          topics.add(sink.topic());
        }
      }
    }
    topics.removeIf(name -> name.endsWith("-repartition"));
    return topics;
  }

  /**
   * Builds the service's topology and checks that the process can write every contract topic it
   * writes in its wire format ({@link EventWire#requireWritable}), before Kafka is touched; {@link
   * #start} does it too, so a caller that starts several services can check them all first.
   *
   * @throws io.fablestream.schemas.SchemaRegistryException naming the subject the registry refuses
   */
  public synchronized void checkWireFormat() {
    if (checked == null) {
      Topology topology = service.topology();
      EventWire.requireWritable(writtenTopics(service, topology));
      checked = topology;
    }
  }

  /**
   * The contract topics a service writes: its topology's sinks, and books.failed for a stage of the
   * line, whose records that cannot be produced turn into BookFailed.
   */
  static List<Topic<?>> writtenTopics(StreamsService service, Topology topology) {
    List<Topic<?>> written = new ArrayList<>(EventWire.writtenBy(topology));
    if (service.stage().isPresent() && !written.contains(Topics.BOOKS_FAILED)) {
      written.add(Topics.BOOKS_FAILED);
    }
    return written;
  }

  private void prepareTopics(Properties streamsProps, Set<String> joined) {
    Properties adminProps = new Properties();
    for (String name : streamsProps.stringPropertyNames()) {
      if (AdminClientConfig.configNames().contains(name)) {
        adminProps.put(name, streamsProps.getProperty(name));
      }
    }
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, kafka.startTimeout().toMillis());
    adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 30_000));
    try (Admin admin = Admin.create(adminProps)) {
      TopicInitializer.requireReachable(admin, kafka);
      // Checked before anything is created, so a mismatch creates no topic of the wrong count.
      TopicInitializer.requireCoPartitioned(
          "The " + service.name() + " service",
          TopicInitializer.partitionCounts(admin, joined, kafka),
          kafka.createTopics() ? OptionalInt.of(kafka.partitions()) : OptionalInt.empty());
      if (kafka.createTopics()) {
        TopicInitializer.ensure(
            admin, TopicInitializer.lineTopics(java.util.List.of(service.name())), kafka);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerUnreachableException("Interrupted while reaching Kafka", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new BrokerUnreachableException(
          "Cannot create the topics on " + kafka.bootstrapServers() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until Kafka Streams is RUNNING.
   *
   * @return true when RUNNING within the timeout, false otherwise (the state says why)
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      KafkaStreams.State state = state();
      if (state == KafkaStreams.State.RUNNING) {
        return true;
      }
      if (state == KafkaStreams.State.ERROR
          || state == KafkaStreams.State.NOT_RUNNING
          || state == KafkaStreams.State.PENDING_ERROR) {
        return false;
      }
      Thread.sleep(50);
    }
    return state() == KafkaStreams.State.RUNNING;
  }

  /** The Kafka Streams state, or CREATED before start. */
  public synchronized KafkaStreams.State state() {
    return streams == null ? KafkaStreams.State.CREATED : streams.state();
  }

  /** Ready means RUNNING: every task assigned and restored. */
  public boolean ready() {
    return state() == KafkaStreams.State.RUNNING;
  }

  /** The running Kafka Streams instance, for interactive queries; null before start. */
  public synchronized KafkaStreams streams() {
    return streams;
  }

  /**
   * The error that stopped the service after its stream threads had been replaced as often as
   * {@code streams.thread.replacements} allows; empty while it runs or after a clean stop.
   */
  public synchronized Optional<Throwable> stoppedBy() {
    return threadReplacements == null
        ? Optional.empty()
        : Optional.ofNullable(threadReplacements.stoppedBy());
  }

  /** The state of each service this runner runs, for health endpoints. */
  public Map<String, String> health() {
    return Map.of(service.name(), state().name());
  }

  /** Stops within the configured shutdown timeout; safe to call twice. */
  @Override
  public synchronized void close() {
    if (streams == null) {
      return;
    }
    // Leave the group on a clean stop: the next start (or another instance) takes the partitions
    // at once instead of waiting out the session timeout of members that are gone.
    boolean clean =
        streams.close(
            CloseOptions.timeout(kafka.shutdownTimeout())
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    if (clean) {
      CrashedState.stoppedCleanly(kafka.stateDir(service.name()));
    } else {
      LOG.warn(
          "{} did not stop within {}; leaving the rest to the broker's session timeout",
          service.name(),
          kafka.shutdownTimeout());
    }
    if (metrics != null) {
      metrics.close();
    }
    streams = null;
    LOG.info("{} stopped", service.applicationId());
  }
}
