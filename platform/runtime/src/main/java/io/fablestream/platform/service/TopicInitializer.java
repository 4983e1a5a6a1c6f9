package io.fablestream.platform.service;

import io.fablestream.platform.config.ConfigException;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the line's topics where they are missing, with the configured partitions, and refuses
 * topics that would not co-partition: every topic is keyed by bookId and all events of one book
 * must meet in one task, which holds only while the topics a service joins have one partition
 * count.
 */
public final class TopicInitializer {
  private static final Logger LOG = LoggerFactory.getLogger(TopicInitializer.class);

  private TopicInitializer() {}

  /**
   * The largest record a line topic takes. A request carries its picture (up to 20 MB, and the HTTP
   * API takes uploads of up to 32 MB), and a dead letter is a whole unreadable record; the other
   * events carry at most a whole book (100 chapters of 5,000 words, about 3 MB).
   */
  public static final int IMAGE_RECORD_BYTES = 32 * 1024 * 1024;

  /** The largest record of the topics that carry a book's text. */
  public static final int BOOK_RECORD_BYTES = 8 * 1024 * 1024;

  /** The {@code max.message.bytes} a topic the line creates gets. */
  static int maxRecordBytes(String topic) {
    return topic.equals(Topics.IMAGES_SUBMITTED.name()) || topic.endsWith(".dlq")
        ? IMAGE_RECORD_BYTES
        : BOOK_RECORD_BYTES;
  }

  /**
   * The partitions a topic the line creates gets: {@code topics.partitions}, but one for a
   * dead-letter topic. Nothing joins or restores a dead letter, so it needs no co-partitioning, and
   * each partition costs the broker a recovery after a crash: one partition for each of the five
   * dead-letter topics instead of twelve is 55 fewer of the embedded broker's ~340.
   */
  static int partitions(String topic, KafkaSettings kafka) {
    return topic.endsWith(".dlq") ? 1 : kafka.partitions();
  }

  /** Every event topic and the dead-letter topics of the named services. */
  public static List<String> lineTopics(Collection<String> services) {
    List<String> names = new ArrayList<>();
    for (Topic<?> topic : Topics.all()) {
      names.add(topic.name());
    }
    for (String service : services) {
      names.add(Topics.deadLetter(service));
    }
    return names;
  }

  /**
   * Waits for the cluster to answer, at most {@code start.timeout}: the first thing a process that
   * starts a service does with Kafka, so an address that is wrong stops it with the fix.
   *
   * @throws BrokerUnreachableException naming the address and the key that sets it
   */
  public static void requireReachable(Admin admin, KafkaSettings kafka)
      throws InterruptedException {
    try {
      admin
          .describeCluster()
          .clusterId()
          .get(kafka.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new BrokerUnreachableException(
          "Cannot reach Kafka at "
              + kafka.bootstrapServers()
              + " (kafka.bootstrap.servers, environment KAFKA_BOOTSTRAP_SERVERS) within "
              + kafka.startTimeout().toSeconds()
              + "s. Is the broker running, and is the address right?",
          e);
    }
  }

  /**
   * Creates those of {@code names} that do not exist yet; existing ones are left as they are.
   *
   * @return the topics that were created
   */
  public static List<String> ensure(Admin admin, Collection<String> names, KafkaSettings kafka)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing =
        admin.listTopics().names().get(kafka.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
    // The event topics that exist must have the count the missing ones are about to get.
    List<String> events = new ArrayList<>();
    for (Topic<?> topic : Topics.all()) {
      if (names.contains(topic.name()) && existing.contains(topic.name())) {
        events.add(topic.name());
      }
    }
    requireCoPartitioned(
        "The line", partitionCounts(admin, events, kafka), OptionalInt.of(kafka.partitions()));
    List<NewTopic> missing = new ArrayList<>();
    for (String name : names) {
      if (!existing.contains(name)) {
        missing.add(
            new NewTopic(name, partitions(name, kafka), kafka.replicationFactor())
                .configs(Map.of("max.message.bytes", Integer.toString(maxRecordBytes(name)))));
      }
    }
    if (missing.isEmpty()) {
      return List.of();
    }
    List<String> created = new ArrayList<>();
    var results = admin.createTopics(missing).values();
    for (var entry : results.entrySet()) {
      try {
        entry.getValue().get(kafka.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        created.add(entry.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    LOG.info(
        "Created topics {} with {} partitions (dead letters 1), replication factor {}",
        created,
        kafka.partitions(),
        kafka.replicationFactor());
    return created;
  }

  /**
   * The partition count of each of the named topics that exists; a missing one is left out.
   *
   * @return topic name to partition count, in name order
   */
  public static Map<String, Integer> partitionCounts(
      Admin admin, Collection<String> names, KafkaSettings kafka)
      throws InterruptedException, ExecutionException, TimeoutException {
    long timeoutMs = kafka.startTimeout().toMillis();
    Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
    List<String> present = names.stream().filter(existing::contains).distinct().toList();
    Map<String, Integer> counts = new TreeMap<>();
    if (present.isEmpty()) {
      return counts;
    }
    Map<String, TopicDescription> described =
        admin.describeTopics(present).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
    described.forEach((name, description) -> counts.put(name, description.partitions().size()));
    return counts;
  }

  /**
   * Refuses topics that would not co-partition: counts that differ, or, when {@code expected} is
   * given (the line creates its topics with {@code topics.partitions}), any count but that one.
   *
   * @param who what joins the topics, for the message: a service's name, or "The line"
   * @param counts each topic's partition count
   * @throws ConfigException naming each topic and its count, and what to do
   */
  public static void requireCoPartitioned(
      String who, Map<String, Integer> counts, OptionalInt expected) {
    Map<Integer, List<String>> byCount = new TreeMap<>(java.util.Comparator.reverseOrder());
    new TreeMap<>(counts)
        .forEach((name, n) -> byCount.computeIfAbsent(n, k -> new ArrayList<>()).add(name));
    boolean agree =
        byCount.size() <= 1
            && (expected.isEmpty()
                || byCount.isEmpty()
                || byCount.containsKey(expected.getAsInt()));
    if (agree) {
      return;
    }
    StringBuilder listing = new StringBuilder();
    byCount.forEach(
        (n, names) -> {
          listing.append(listing.isEmpty() ? "" : "; ");
          listing.append(n).append(n == 1 ? " partition: " : " partitions: ");
          listing.append(String.join(", ", names));
        });
    throw new ConfigException(
        who
            + " refuses to start: every topic it reads and writes must have the same number of"
            + " partitions, so that all the events of a book meet in one task"
            + (expected.isPresent()
                ? ", and the line creates its topics with "
                    + expected.getAsInt()
                    + " (topics.partitions, environment FABLESTREAM_TOPICS_PARTITIONS)"
                : "")
            + ". They have "
            + listing
            + ". Give them one count (kafka-topics.sh --alter --partitions N; a book in flight"
            + " may then be split), or, when they agree among themselves, set topics.partitions"
            + " to their count.");
  }
}
