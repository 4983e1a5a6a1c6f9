package io.fablestream.platform.registry;

import io.fablestream.platform.config.Config;
import io.fablestream.schemas.EventSerdes;
import io.fablestream.schemas.SchemaRegistryException;
import io.fablestream.schemas.Topic;
import io.fablestream.schemas.Topics;
import io.fablestream.schemas.WireFormat;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start path's side of the wire format: every entry point (a service's {@code main}, the app,
 * the CLI's producers and watchers) calls {@link #install} with its config before a record is
 * written or read, and every writer calls {@link #requireWritable} for the topics it writes before
 * it starts, so a schema the registry would refuse stops the process at start, not at its first
 * record.
 */
public final class EventWire {
  private static final Logger LOG = LoggerFactory.getLogger(EventWire.class);

  private EventWire() {}

  /**
   * Sets the process's wire from {@code serde.format} and {@code schema.registry.*}: the format it
   * writes, and the registry client (when a URL is set) that registry-format records are read and
   * written with. Makes no call to the registry.
   *
   * @return the settings read
   * @throws io.fablestream.platform.config.ConfigException on a bad setting
   */
  public static RegistrySettings install(Config config) {
    RegistrySettings settings = RegistrySettings.from(config);
    EventSerdes.use(
        new EventSerdes.Wire(
            settings.format(),
            settings.url().isPresent() ? new SchemaRegistryClient(settings) : null));
    return settings;
  }

  /**
   * Checks that the process can write these topics in its wire format: with {@code
   * serde.format=registry}, each subject {@code <topic>-value} takes this build's schema at the
   * registry's compatibility level (checked even when the schema is registered already), and holds
   * it or may be given it ({@code schema.registry.auto.register}).
   *
   * @throws SchemaRegistryException naming the subject and the registry's reason
   */
  public static void requireWritable(Collection<Topic<?>> topics) {
    EventSerdes.requireWritable(topics);
    if (EventSerdes.wire().format() == WireFormat.REGISTRY && !topics.isEmpty()) {
      LOG.info(
          "Writing {} in the schema-registry wire format",
          topics.stream().map(t -> WireFormat.subjectOf(t.name())).toList());
    }
  }

  /** The contract topics a topology writes (its sinks), in the order of the flow. */
  public static List<Topic<?>> writtenBy(Topology topology) {
    Set<String> sinks = new LinkedHashSet<>();
    for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
          sinks.add(sink.topic());
        }
      }
    }
    return Topics.all().stream().filter(t -> sinks.contains(t.name())).toList();
  }
}
