package io.fablestream.platform.service;

import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the line's topics where they are missing, with the configured partitions. */
public final class TopicInitializer {
  private static final Logger LOG = LoggerFactory.getLogger(TopicInitializer.class);

  private TopicInitializer() {}

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
   * Creates those of {@code names} that do not exist yet; existing ones are left as they are.
   *
   * @return the topics that were created
   */
  public static List<String> ensure(Admin admin, Collection<String> names, KafkaSettings kafka)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing =
        admin.listTopics().names().get(kafka.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
    List<NewTopic> missing = new ArrayList<>();
    for (String name : names) {
      if (!existing.contains(name)) {
        missing.add(new NewTopic(name, kafka.partitions(), kafka.replicationFactor()));
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
        "Created topics {} with {} partitions, replication factor {}",
        created,
        kafka.partitions(),
        kafka.replicationFactor());
    return created;
  }
}
