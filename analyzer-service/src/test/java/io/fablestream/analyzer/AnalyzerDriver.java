package io.fablestream.analyzer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.TestDrivers;
import io.fablestream.platform.calls.Settle;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.StreamsDefaults;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The analyzer's very topology on a TopologyTestDriver, with the topic it reads and the two it
 * answers on: the set-up every analyzer test that runs requests through the service shares.
 */
final class AnalyzerDriver implements AutoCloseable {
  final TopologyTestDriver driver;
  final TestInputTopic<String, ImageSubmitted> submitted;
  final TestOutputTopic<String, AnalysisReady> ready;
  final TestOutputTopic<String, BookFailed> failed;

  private AnalyzerDriver(TopologyTestDriver driver) {
    this.driver = driver;
    submitted = TestDrivers.input(driver, Topics.IMAGES_SUBMITTED);
    ready = TestDrivers.output(driver, Topics.ANALYSIS_READY);
    failed = TestDrivers.output(driver, Topics.BOOKS_FAILED);
  }

  /**
   * The analyzer with its default settings, asking the gateway, its calls run as they are issued,
   * its clock stopped at {@code now}, on the test drivers' settings.
   */
  static AnalyzerDriver start(ModelGateway gateway, Instant now, SimpleMeterRegistry registry) {
    return new AnalyzerDriver(
        TestDrivers.start(
            new AnalyzerService(
                ServiceContext.direct(Clock.fixed(now, ZoneOffset.UTC), registry),
                gateway,
                AnalyzerSettings.defaults())));
  }

  /**
   * The service on every production stream setting from the config (its exception handlers
   * included), its state in {@code stateDir}.
   */
  static AnalyzerDriver production(AnalyzerService service, Config config, Path stateDir) {
    Properties props = StreamsDefaults.properties(service, KafkaSettings.from(config));
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new AnalyzerDriver(new TopologyTestDriver(service.topology(), props));
  }

  /** Puts the request on the input under the key, and lets its calls come back. */
  void submit(String key, ImageSubmitted request) {
    submitted.pipeInput(key, request);
    Settle.settle(driver);
  }

  @Override
  public void close() {
    driver.close();
  }
}
