package io.fablestream.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server$;
import kafka.server.SharedServer;
import kafka.server.StandardFaultHandlerFactory;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.image.MetadataDelta;
import org.apache.kafka.image.MetadataImage;
import org.apache.kafka.image.loader.LoaderManifest;
import org.apache.kafka.image.publisher.MetadataPublisher;
import org.apache.kafka.metadata.BrokerRegistration;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.ServerSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One KRaft node that is both controller and broker, put together as Kafka's {@code
 * KafkaRaftServer} does, with one difference: after a crash, the broker starts only once the
 * controller has fenced the broker's dead incarnation.
 *
 * <p>Why: a node killed without warning is still registered, unfenced, when it comes back. Started
 * at once (as {@code KafkaRaftServer} starts it), the broker reads that registration from its own
 * metadata log, takes itself for the leader of every partition, and loads the group and transaction
 * coordinators; a transaction the kill left half committed has its markers sent again. A few
 * seconds later the controller expires the dead incarnation's session and fences it, and every
 * partition is without a leader until the new incarnation is registered and unfenced. A marker sent
 * in that window finds no leader for its partition, and Kafka 4.3's transaction coordinator then
 * takes the partition for deleted and skips it ({@code TransactionMarkerChannelManager}: "these
 * partitions are likely deleted already"). When that partition is {@code __consumer_offsets}, the
 * transaction's offsets stay pending forever: the service whose commit it was never learns where it
 * stands ("Timeout of 60000ms expired before the last committed offset ... could be determined"),
 * and stays REBALANCING. Seen in FaultInjectionIT at a load of 7 on two cores, on the first
 * restart.
 *
 * <p>Started after the fence, the broker sees every partition without a leader, loads nothing,
 * registers at once (no DUPLICATE_BROKER_REGISTRATION wait), and loads the coordinators once, when
 * it is unfenced and leads again: the markers then find their partitions. The wait costs nothing
 * the restart did not already spend: the registration of the new incarnation was refused for the
 * same session timeout ({@code embedded.kafka.session.timeout}).
 */
final class KraftNode {
  private static final Logger LOG = LoggerFactory.getLogger(KraftNode.class);

  private final KafkaConfig config;
  private final Metrics metrics;
  private final BrokerServer broker;
  private final ControllerServer controller;

  KraftNode(KafkaConfig config) {
    this.config = config;
    scala.Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs =
        KafkaRaftServer.initializeLogDirs(
            config, LoggerFactory.getLogger(KafkaRaftServer.class), "[embedded] ");
    MetaPropertiesEnsemble metaProperties = dirs._1();
    metrics =
        Server$.MODULE$.initializeMetrics(
            config, Time.SYSTEM, metaProperties.clusterId().orElseThrow());
    SharedServer shared =
        new SharedServer(
            config,
            metaProperties,
            Time.SYSTEM,
            metrics,
            CompletableFuture.completedFuture(
                QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
            QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
            new StandardFaultHandlerFactory(),
            ServerSocketFactory.INSTANCE);
    broker = new BrokerServer(shared);
    controller = new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs._2());
  }

  /**
   * Starts the controller, waits (at most {@code fenceTimeout}) until the metadata shows this
   * node's broker fenced or not registered, then starts the broker.
   */
  void startup(Duration fenceTimeout) {
    controller.startup();
    awaitBrokerFenced(fenceTimeout);
    broker.startup();
    AppInfoParser.registerAppInfo(
        Server$.MODULE$.MetricsPrefix(),
        Integer.toString(config.nodeId()),
        metrics,
        Time.SYSTEM.milliseconds());
  }

  /** Stops the broker first (its controlled shutdown needs the controller), then the controller. */
  void shutdown() {
    broker.shutdown();
    controller.shutdown();
    broker.awaitShutdown();
    controller.awaitShutdown();
    AppInfoParser.unregisterAppInfo(
        Server$.MODULE$.MetricsPrefix(), Integer.toString(config.nodeId()), metrics);
  }

  private void awaitBrokerFenced(Duration timeout) {
    long started = System.nanoTime();
    BrokerFenced fenced = new BrokerFenced(config.nodeId());
    try {
      controller.sharedServer().loader().installPublishers(List.of(fenced)).get();
      fenced.done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      if (fenced.waitedForFence) {
        LOG.info(
            "Broker {} did not stop cleanly; its last incarnation was fenced after {} ms, so the"
                + " broker starts now",
            config.nodeId(),
            waited);
      }
    } catch (TimeoutException e) {
      LOG.warn(
          "Broker {}'s last incarnation was not fenced within {}; starting the broker anyway",
          config.nodeId(),
          timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the embedded controller started", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(
          "The embedded controller's metadata could not be read: " + e.getCause(), e.getCause());
    } finally {
      controller.sharedServer().loader().removeAndClosePublisher(fenced);
    }
  }

  /** Completes once the metadata shows the broker fenced, or not registered at all. */
  private static final class BrokerFenced implements MetadataPublisher {
    private final int nodeId;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile boolean waitedForFence;

    BrokerFenced(int nodeId) {
      this.nodeId = nodeId;
    }

    @Override
    public String name() {
      return "fablestream-await-broker-fenced";
    }

    @Override
    public void onMetadataUpdate(
        MetadataDelta delta, MetadataImage newImage, LoaderManifest manifest) {
      BrokerRegistration registration = newImage.cluster().broker(nodeId);
      if (registration == null || registration.fenced()) {
        done.complete(null);
      } else {
        waitedForFence = true;
      }
    }
  }
}
