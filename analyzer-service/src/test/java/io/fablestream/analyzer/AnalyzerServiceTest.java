package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.platform.service.ServiceContext;
import io.fablestream.platform.service.SharedParts;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyzerServiceTest {

  @Test
  void serviceIsMadeFromItsContextAndReadsAndWritesTheContractTopics() {
    ServiceContext context =
        new ServiceContext(
            Config.of(Map.of()),
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            SharedParts.of(ScriptedModelGateway.always("{}"), null));

    AnalyzerService service = AnalyzerService.create(context);

    assertThat(service.name()).isEqualTo("analyzer");
    assertThat(service.applicationId()).isEqualTo("fablestream-analyzer");
    String description = service.topology().describe().toString();
    assertThat(description)
        .contains(Topics.IMAGES_SUBMITTED.name())
        .contains(Topics.ANALYSIS_READY.name())
        .contains(Topics.BOOKS_FAILED.name())
        .contains("analyze-image");
  }

  @Test
  void pollIntervalCoversTwiceTheWorstCaseOfOneRecord() {
    // 2 attempts x (4 tries x 180 s + backoffs 1 + 2 + 4 s) + 10 s download = 1464 s.
    ServiceContext context =
        new ServiceContext(
            Config.of(Map.of()),
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            SharedParts.of(ScriptedModelGateway.always("{}"), null));

    Map<String, Object> overrides = AnalyzerService.create(context).streamsOverrides();

    assertThat(overrides).containsEntry("consumer.max.poll.interval.ms", 2 * 1_464_000);
  }
}
