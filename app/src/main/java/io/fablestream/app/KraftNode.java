package io.fablestream.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server$;
import kafka.server.SharedServer;
import kafka.server.StandardFaultHandlerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 * KafkaRaftServer} does, with one difference: after a crash, the broker starts only once its dead
 * incarnation is out of the metadata.
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
 * <p>So the controller starts first and, when its metadata still has the broker unfenced, is asked
 * to unregister it ({@code Admin.unregisterBroker} on the controller's listener), which takes every
 * partition off it as a fence does, at once instead of one session later. The broker then starts on
 * metadata where its partitions have no leader, loads nothing, is registered at once (no
 * DUPLICATE_BROKER_REGISTRATION wait), and loads the coordinators once, when it is unfenced and
 * leads again: the markers then find their partitions. A clean stop leaves the broker fenced, and
 * the broker starts without a wait.
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
   * Starts the controller; when its metadata still has this node's broker registered and unfenced
   * (the last run did not stop: a clean stop leaves it fenced), unregisters that dead incarnation
   * through the controller's listener at {@code controllerBootstrap}; waits until the metadata
   * shows the broker fenced or unregistered, at most {@code fenceTimeout} (past it the controller's
   * own session expiry has fenced it, or the broker starts anyway); then starts the broker.
   */
  void startup(String controllerBootstrap, Duration fenceTimeout) {
    controller.startup();
    awaitBrokerGone(controllerBootstrap, fenceTimeout);
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

  private void awaitBrokerGone(String controllerBootstrap, Duration timeout) {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    BrokerFenced fenced = new BrokerFenced(config.nodeId());
    try {
      controller.sharedServer().loader().installPublishers(List.of(fenced)).get();
      boolean crashed = fenced.firstSeenUnfenced.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (crashed) {
        unregister(controllerBootstrap, deadline);
      }
      fenced.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (crashed) {
        LOG.info(
            "Broker {} did not stop cleanly; its dead incarnation was gone from the metadata"
                + " after {} ms, so the broker starts now",
            config.nodeId(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      }
    } catch (TimeoutException e) {
      LOG.warn(
          "Broker {}'s dead incarnation was still registered after {}; starting the broker anyway",
          config.nodeId(),
          timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while the embedded controller started", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "The embedded controller's metadata could not be read: " + e.getCause(), e.getCause());
    } finally {
      controller.sharedServer().loader().removeAndClosePublisher(fenced);
    }
  }

  /**
   * Asks the controller to unregister this node's broker, which moves every partition off it as a
   * fence does, at once rather than when the dead incarnation's session expires. When the
   * controller cannot be asked (not active in time), the session's expiry fences it instead.
   */
  private void unregister(String controllerBootstrap, long deadline) throws InterruptedException {
    int timeoutMs = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    Map<String, Object> props =
        Map.of(
            AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG,
            controllerBootstrap,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            timeoutMs,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            Math.min(timeoutMs, 30_000));
    try (Admin admin = Admin.create(props)) {
      admin.unregisterBroker(config.nodeId()).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "Could not unregister broker {}'s dead incarnation ({}); waiting for its session to"
              + " expire instead",
          config.nodeId(),
          e instanceof ExecutionException ? e.getCause() : e);
    }
  }

  /**
   * Tells whether the first metadata showed the broker registered and unfenced, and completes once
   * the metadata shows it fenced or not registered.
   */
  private static final class BrokerFenced implements MetadataPublisher {
    private final int nodeId;
    final CompletableFuture<Boolean> firstSeenUnfenced = new CompletableFuture<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();

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
      boolean gone = registration == null || registration.fenced();
      firstSeenUnfenced.complete(!gone);
      if (gone) {
        done.complete(null);
      }
    }
  }
}
