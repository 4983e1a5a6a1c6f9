package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.analyzer.BadInputs.Accepted;
import io.fablestream.analyzer.BadInputs.Case;
import io.fablestream.analyzer.BadInputs.Fails;
import io.fablestream.analyzer.BadInputs.Input;
import io.fablestream.analyzer.BadInputs.Raw;
import io.fablestream.analyzer.BadInputs.Request;
import io.fablestream.analyzer.BadInputs.Skipped;
import io.fablestream.events.BookFailed;
import io.fablestream.platform.calls.Settle;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus ({@link BadInputs}, documented in docs/bad-inputs.md) through the real
 * analyzer topology with the production stream settings (its exception handlers included): each
 * case has exactly its one outcome, never reaches the model unless accepted, and a good request
 * right after it is still analysed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String GOOD_ANSWER =
      """
      {"setting": "A sunlit kitchen", "characters": ["a tabby cat"], "mood": "curious",
       "objects": ["a window"], "potentialConflicts": ["the cat wants to go outside"]}""";

  /** A BookFailed message is for a person: a few lines, whatever the input was. */
  private static final int MAX_MESSAGE_BYTES = 1_000;

  @TempDir static Path tmp;
  private static BadInputs.Files files;
  private ScriptedModelGateway gateway;
  private AnalyzerDriver analyzer;
  private TestInputTopic<String, byte[]> submittedBytes;

  @BeforeAll
  static void files() throws IOException {
    Path base = Files.createDirectories(tmp.resolve("images"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.write(outside.resolve("secret.png"), BadInputs.goodPng());
    Files.createDirectories(base.resolve("album"));
    Files.createSymbolicLink(base.resolve("escape.png"), outside.resolve("secret.png"));
    try (RandomAccessFile huge = new RandomAccessFile(base.resolve("huge.png").toFile(), "rw")) {
      huge.setLength(20L * 1024 * 1024 + 1); // sparse: nothing is written
    }
    files = new BadInputs.Files(base, outside);
  }

  List<Case> corpus() {
    return BadInputs.all();
  }

  @AfterEach
  void close() {
    if (analyzer != null) {
      analyzer.close();
      analyzer = null;
    }
  }

  @Test
  void theCorpusHasAtLeastThirtyNamedCases() {
    assertThat(corpus()).hasSizeGreaterThanOrEqualTo(30);
    assertThat(corpus()).extracting(Case::name).doesNotHaveDuplicates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void eachBadInputHasItsOneOutcomeAndTheNextRequestIsStillAnalysed(Case bad) {
    start();
    Input input = bad.input().apply(files);

    pipe(input);
    analyzer.submit("good", BadInputs.good("good"));

    List<KeyValue<String, BookFailed>> failures = analyzer.failed.readKeyValuesToList();
    List<String> analysed =
        analyzer.ready.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    switch (bad.outcome()) {
      case Fails expected -> {
        assertThat(failures).hasSize(1);
        KeyValue<String, BookFailed> failure = failures.getFirst();
        assertThat(failure)
            .isEqualTo(
                KeyValue.pair(
                    expected.key(),
                    BookFailed.newBuilder()
                        .setBookId(expected.key())
                        .setStage(expected.stage().name())
                        .setReason(expected.reason().name())
                        .setMessage(failure.value.getMessage())
                        .setChapterNumber(null)
                        .setFailedAt(NOW)
                        .build()));
        assertThat(failure.value.getMessage()).contains(expected.says());
        assertThat(failure.value.getMessage().getBytes(StandardCharsets.UTF_8).length)
            .isLessThanOrEqualTo(MAX_MESSAGE_BYTES);
        assertThat(analysed).containsExactly("good");
        assertThat(gateway.requests()).hasSize(1);
      }
      case Accepted accepted -> {
        assertThat(failures).isEmpty();
        assertThat(analysed).containsExactly(input.key(), "good");
        assertThat(gateway.requests()).hasSize(2);
        // What reaches the model is the analyzer's own JPEG encoding of the pixels: no byte of a
        // payload riding along in the file.
        byte[] seen = gateway.requests().getFirst().images().getFirst();
        assertThat(seen).startsWith(0xff, 0xd8, 0xff);
        assertThat(new String(seen, StandardCharsets.ISO_8859_1))
            .doesNotContain("<?php", "<script", "PK\u0003\u0004", "alert(");
      }
      case Skipped skipped -> {
        // The deserialization handler logs the record and goes on. TopologyTestDriver does not
        // write the dead-letter record the production handler asks for, so only the good
        // request's topic (and, should a later Kafka route it, the dead-letter topic) has output,
        // besides the changelog of the good request's vision call.
        assertThat(failures).isEmpty();
        assertThat(analysed).containsExactly("good");
        assertThat(gateway.requests()).hasSize(1);
        assertThat(analyzer.driver.producedTopicNames())
            .filteredOn(topic -> !topic.endsWith("-changelog")) // the analyzer's own call ledger
            .isSubsetOf(Topics.ANALYSIS_READY.name(), Topics.deadLetter(AnalyzerService.NAME));
      }
    }
  }

  @Test
  void theWholeCorpusInOneRunLeavesNoRequestWithoutItsOneAnswer() {
    start();
    List<String> expectedReady = new ArrayList<>();
    List<String> expectedFailed = new ArrayList<>();
    int n = 0;
    for (Case bad : corpus()) {
      Input input = bad.input().apply(files);
      pipe(input);
      switch (bad.outcome()) {
        case Fails f -> expectedFailed.add(f.key());
        case Accepted a -> expectedReady.add(input.key());
        case Skipped s -> {}
      }
      String good = "good-" + n++;
      analyzer.submit(good, BadInputs.good(good));
      expectedReady.add(good);
    }

    assertThat(analyzer.ready.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .isEqualTo(expectedReady);
    assertThat(analyzer.failed.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .isEqualTo(expectedFailed);
  }

  private void pipe(Input input) {
    switch (input) {
      case Request r -> analyzer.submitted.pipeInput(r.key(), r.value());
      case Raw r -> submittedBytes.pipeInput(r.key(), r.value());
    }
    Settle.settle(analyzer.driver);
  }

  /** The analyzer's topology with every production stream setting, the handlers included. */
  private void start() {
    gateway = ScriptedModelGateway.always(GOOD_ANSWER);
    AnalyzerSettings settings =
        AnalyzerSettings.defaults()
            .withFileBaseDir(files.base())
            .withAllowedHosts(
                java.util.Set.of(
                    "127.0.0.1", "169.254.169.254", "::1", "localhost", "0.0.0.0", "10.1.2.3"),
                false);
    AnalyzerService service =
        new AnalyzerService(
            ServiceContext.direct(Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry()),
            gateway,
            settings);
    analyzer = AnalyzerDriver.production(service, Config.of(Map.of()), tmp.resolve("state"));
    submittedBytes =
        analyzer.driver.createInputTopic(
            Topics.IMAGES_SUBMITTED.name(), new StringSerializer(), new ByteArraySerializer());
  }
}
