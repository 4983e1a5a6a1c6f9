package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.TestDrivers;
import io.fablestream.platform.calls.Settle;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.platform.registry.EventWire;
import io.fablestream.platform.registry.RegistrySettings;
import io.fablestream.platform.registry.SchemaRegistryClient;
import io.fablestream.platform.registry.TestSchemaRegistry;
import io.fablestream.platform.retry.Backoff;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.UnreadableRecordHandler;
import io.fablestream.schemas.EventSerdes;
import io.fablestream.schemas.SchemaRegistryException;
import io.fablestream.schemas.Topics;
import io.fablestream.schemas.WireFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The analyzer reads images.submitted whichever wire format a producer writes: Avro single-object
 * encoding, or the schema-registry format as Confluent's serializers write it; and with {@code
 * serde.format=registry} it writes its own events in the registry format under {@code
 * <topic>-value}.
 */
class AnalyzerWireFormatsTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String ANSWER =
      """
      {"setting": "A sunlit kitchen", "characters": ["a tabby cat"], "mood": "curious",
       "objects": ["a window"], "potentialConflicts": ["the cat wants to go outside"]}""";

  private final TestSchemaRegistry registry = TestSchemaRegistry.start();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TopologyTestDriver driver;

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
    registry.close();
    io.fablestream.schemas.EventSerdes.useDefault();
  }

  private TestInputTopic<String, byte[]> startAnalyzer(String format) {
    EventWire.install(
        Config.of(
            Map.of("serde.format", format, "schema.registry.url", registry.url().toString())));
    var topology =
        new AnalyzerService(
                ServiceContext.direct(Clock.fixed(NOW, ZoneOffset.UTC), meters),
                ScriptedModelGateway.always(ANSWER),
                AnalyzerSettings.defaults())
            .topology();
    EventWire.requireWritable(EventWire.writtenBy(topology));
    Properties props = TestDrivers.properties("fablestream-analyzer-wire-test");
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        UnreadableRecordHandler.class.getName());
    driver = new TopologyTestDriver(topology, props);
    return driver.createInputTopic(
        Topics.IMAGES_SUBMITTED.name(), new StringSerializer(), new ByteArraySerializer());
  }

  @Test
  void aSingleObjectRecordAndARegistryRecordOnOneTopicAreBothAnalysed() throws IOException {
    TestInputTopic<String, byte[]> submitted = startAnalyzer("single-object");
    int id =
        registry.register("fablestream.images.submitted-value", ImageSubmitted.getClassSchema());

    submitted.pipeInput("book-so", singleObject(request("book-so")));
    submitted.pipeInput("book-sr", asConfluentWritesIt(id, request("book-sr")));
    Settle.settle(driver);

    assertThat(
            driver
                .createOutputTopic(
                    Topics.ANALYSIS_READY.name(),
                    new StringDeserializer(),
                    Topics.ANALYSIS_READY.valueSerde().deserializer())
                .readRecordsToList())
        .extracting(TestRecord::key, r -> r.value().getTitle(), r -> r.value().getChapterCount())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("book-so", "The Cat", 3),
            org.assertj.core.groups.Tuple.tuple("book-sr", "The Cat", 3));
    assertThat(registry.requests()).containsExactly("GET /schemas/ids/" + id);
  }

  @Test
  void withTheRegistryFormatTheAnalyzerWritesUnderItsTopicsSubject() throws IOException {
    TestInputTopic<String, byte[]> submitted = startAnalyzer("registry");

    submitted.pipeInput("book-r", singleObject(request("book-r")));
    Settle.settle(driver);

    List<byte[]> written =
        driver
            .createOutputTopic(
                Topics.ANALYSIS_READY.name(), new StringDeserializer(), new ByteArrayDeserializer())
            .readValuesToList();
    int id = registry.latestId("fablestream.analysis.ready-value");
    assertThat(id).isPositive();
    assertThat(written).hasSize(1);
    assertThat(written.get(0)).startsWith(0, 0, 0, 0, id);
    assertThat(registry.schema(id)).isEqualTo(AnalysisReady.getClassSchema());
    assertThat(registry.subjects())
        .contains("fablestream.analysis.ready-value", "fablestream.books.failed-value");
  }

  @Test
  void aRecordOfAnUnknownIdIsSkippedButOneUnreadableForARegistryOutageStopsTheThread()
      throws IOException {
    TestInputTopic<String, byte[]> submitted = startAnalyzer("single-object");
    EventSerdes.use(
        new EventSerdes.Wire(
            WireFormat.SINGLE_OBJECT,
            new SchemaRegistryClient(
                RegistrySettings.from(
                    Config.of(Map.of("schema.registry.url", registry.url().toString()))),
                new Backoff(1, Duration.ofMillis(10), Duration.ofMillis(10)))));
    int id =
        registry.register("fablestream.images.submitted-value", ImageSubmitted.getClassSchema());

    submitted.pipeInput("book-unknown", asConfluentWritesIt(999, request("book-unknown")));
    Settle.settle(driver);
    registry.failNext(100);

    assertThat(
            driver
                .createOutputTopic(
                    Topics.ANALYSIS_READY.name(),
                    new StringDeserializer(),
                    new ByteArrayDeserializer())
                .isEmpty())
        .isTrue();
    assertThatThrownBy(
            () ->
                submitted.pipeInput("book-outage", asConfluentWritesIt(id, request("book-outage"))))
        .isInstanceOf(StreamsException.class)
        .rootCause()
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("did not answer fetching schema id " + id);
  }

  private static ImageSubmitted request(String bookId) {
    return ImageSubmitted.newBuilder()
        .setBookId(bookId)
        .setSubmittedAt(NOW.minusSeconds(60))
        .setImage(
            new ImageRef("image/png", ByteBuffer.wrap(TestImages.sample("chelsea.png")), null))
        .setTitle("The Cat")
        .setChapterCount(3)
        .build();
  }

  private static byte[] singleObject(ImageSubmitted request) throws IOException {
    return new BinaryMessageEncoder<ImageSubmitted>(
            SpecificData.get(), ImageSubmitted.getClassSchema())
        .encode(request)
        .array();
  }

  /** Byte 0, the id big-endian, the Avro body: what KafkaAvroSerializer writes. */
  private static byte[] asConfluentWritesIt(int id, ImageSubmitted request) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<ImageSubmitted>(ImageSubmitted.getClassSchema())
        .write(request, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
