package io.fablestream.platform.service;

import io.fablestream.schemas.Topic;
import java.util.List;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The one shape of a Fablestream service's topology: the topics it reads, into one processor that
 * holds the service's stores, and a sink for each topic it writes, named {@link Topic#sinkName()}
 * so the processor forwards each event to its own topic, typed, with nothing to cast.
 */
public final class ServiceTopology {
  private ServiceTopology() {}

  /**
   * The topology of a service.
   *
   * @param processor the processor's name
   * @param supplier makes the processor of each task
   * @param reads the topics it reads, each a source named {@link Topic#sourceName()}
   * @param stores the processor's stores, each changelogged
   * @param writes the topics it writes
   * @param <V> the events the processor reads
   * @param <O> the events it writes
   */
  public static <V, O> Topology of(
      String processor,
      ProcessorSupplier<String, V, String, O> supplier,
      List<? extends Topic<?>> reads,
      List<? extends StoreBuilder<?>> stores,
      List<? extends Topic<?>> writes) {
    Topology topology = new Topology();
    String[] sources =
        reads.stream().map(topic -> topic.addSource(topology)).toArray(String[]::new);
    topology.addProcessor(processor, supplier, sources);
    for (StoreBuilder<?> store : stores) {
      topology.addStateStore(store, processor);
    }
    for (Topic<?> topic : writes) {
      topic.addSink(topology, processor);
    }
    return topology;
  }
}
