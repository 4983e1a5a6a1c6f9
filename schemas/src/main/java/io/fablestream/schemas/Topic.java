package io.fablestream.schemas;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One topic of the contract: its name, its key serde (the bookId as UTF-8) and its value serde.
 * Topologies wire it in through its own methods ({@link #stream}, {@link #to}, {@link #addSource},
 * {@link #addSink}), so a topic's name and its serdes cannot be paired wrongly.
 *
 * @param <V> the event type every value of the topic has
 */
public final class Topic<V extends SpecificRecord> {
  private final String name;
  private final Class<V> valueType;
  private final Serde<String> keySerde;
  private final Serde<V> valueSerde;

  Topic(String name, Class<V> valueType) {
    this.name = Objects.requireNonNull(name);
    this.valueType = Objects.requireNonNull(valueType);
    this.keySerde = Serdes.String();
    this.valueSerde = EventSerdes.topicSerde(valueType, name);
  }

  /** The topic's name, for example {@code fablestream.images.submitted}. */
  public String name() {
    return name;
  }

  /** The Avro class every value is. */
  public Class<V> valueType() {
    return valueType;
  }

  /** The key serde: the bookId as a UTF-8 string. */
  public Serde<String> keySerde() {
    return keySerde;
  }

  /**
   * The value serde: writes the process's wire format ({@link EventSerdes#use}: single-object by
   * default, or the schema-registry format) and reads both, resolving older writer schemas.
   */
  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** How a topology reads this topic, with a processor name derived from the topic's. */
  public Consumed<String, V> consumed() {
    return Consumed.with(keySerde, valueSerde).withName("read-" + name);
  }

  /** How a topology writes this topic, with a processor name derived from the topic's. */
  public Produced<String, V> produced() {
    return Produced.with(keySerde, valueSerde).withName("write-" + name);
  }

  /** Produced with a processor name of the caller's, for a topology that writes here twice. */
  public Produced<String, V> produced(String processorName) {
    return Produced.with(keySerde, valueSerde).withName(processorName);
  }

  /** The name of the source node that reads this topic: {@code read-<topic>}. */
  public String sourceName() {
    return "read-" + name;
  }

  /** The name of the sink node that writes this topic: {@code write-<topic>}. */
  public String sinkName() {
    return "write-" + name;
  }

  /**
   * Forwards an event from a processor to this topic's sink ({@link #sinkName()}, the one {@link
   * #addSink} adds). The topic says the event's type, so an event cannot go to another topic.
   *
   * @param context the processor's context
   * @param key the event's key, its bookId
   * @param event the event
   * @param timestamp the record's timestamp
   */
  public <T extends V> void forward(
      ProcessorContext<String, ? super T> context, String key, T event, long timestamp) {
    context.forward(new Record<>(key, event, timestamp), sinkName());
  }

  /** This topic as a stream of the builder, its source node named {@link #sourceName()}. */
  public KStream<String, V> stream(StreamsBuilder builder) {
    return builder.stream(name, consumed());
  }

  /** Writes the stream to this topic, the sink node named {@link #sinkName()}. */
  public void to(KStream<String, V> stream) {
    stream.to(name, produced());
  }

  /** Writes the stream to this topic with a sink node named by the caller (a second sink here). */
  public void to(KStream<String, V> stream, String processorName) {
    stream.to(name, produced(processorName));
  }

  /**
   * Adds this topic as a source of a Processor API topology.
   *
   * @return the source node's name, {@link #sourceName()}, for the processors it feeds
   */
  public String addSource(Topology topology) {
    topology.addSource(sourceName(), keySerde.deserializer(), valueSerde.deserializer(), name);
    return sourceName();
  }

  /**
   * Adds a sink that writes this topic, fed by the given processors.
   *
   * @return the sink node's name, {@link #sinkName()}, to forward records to
   */
  public String addSink(Topology topology, String... parents) {
    topology.addSink(sinkName(), name, keySerde.serializer(), valueSerde.serializer(), parents);
    return sinkName();
  }

  @Override
  public String toString() {
    return name + " (" + valueType.getSimpleName() + ")";
  }
}
