package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.platform.service.ServiceContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyzer as a process makes it: from its context (settings, the shared gateway, the process's
 * call slots with their own threads) and with the production stream settings, a request in gives
 * its one event out on the contract's topics.
 */
class AnalyzerServiceTest {
  private static final String ANALYSIS =
      """
      {"setting": "A sunlit kitchen", "characters": ["a tabby cat"], "mood": "curious",
       "objects": ["a window"], "potentialConflicts": ["the cat wants the fish"]}""";

  @TempDir Path tmp;

  @Test
  void theServiceOfAProcessAnswersARequestWithItsAnalysisAndABadOneWithItsFailure() {
    Config config = Config.of(Map.of("data.dir", tmp.toString()));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (CallLanes lanes = CallLanes.from(config, registry)) {
      AnalyzerService service =
          AnalyzerService.create(
              new ServiceContext(config, registry, Clock.systemUTC(), lanes),
              ScriptedModelGateway.always(ANALYSIS));
      try (AnalyzerDriver analyzer =
          AnalyzerDriver.production(service, config, tmp.resolve("state"))) {
        analyzer.submitted.pipeInput("good", request("good", TestImages.sample("chelsea.png")));
        analyzer.submit("bad", request("bad", new byte[] {1, 2, 3}));

        assertThat(analyzer.ready.readValuesToList())
            .singleElement()
            .satisfies(
                r -> {
                  assertThat(r.getBookId()).isEqualTo("good");
                  assertThat(r.getAnalysis().getMood()).isEqualTo("curious");
                  assertThat(r.getLanguage()).isEqualTo("en");
                });
        assertThat(analyzer.failed.readValuesToList())
            .extracting(BookFailed::getBookId, BookFailed::getStage, BookFailed::getReason)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("bad", "ANALYZE", "IMAGE_UNREADABLE"));
      }
    }
  }

  @Test
  void theThreePicturesOfAnAlbumAreAnalysedSideBySideOnTheModelLane() {
    Config config = Config.of(Map.of("data.dir", tmp.toString(), "model.parallelism", "3"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    CountDownLatch allIn = new CountDownLatch(3);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    // Each call waits (at most 10 s) until all three are in: only side by side do they meet.
    ModelGateway gateway =
        request -> {
          most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          allIn.countDown();
          try {
            allIn.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inFlight.decrementAndGet();
          return ScriptedModelGateway.answer(request, ANALYSIS);
        };
    try (CallLanes lanes = CallLanes.from(config, registry)) {
      AnalyzerService service =
          AnalyzerService.create(
              new ServiceContext(config, registry, Clock.systemUTC(), lanes), gateway);
      try (AnalyzerDriver analyzer =
          AnalyzerDriver.production(service, config, tmp.resolve("state"))) {
        ImageSubmitted album =
            ImageSubmitted.newBuilder(request("album", TestImages.sample("chelsea.png")))
                .setAlbum(
                    List.of(
                        ref(TestImages.sample("astronaut.png")),
                        ref(TestImages.sample("motorcycle_left.png"))))
                .build();
        analyzer.submit("album", album);

        assertThat(most.get()).isEqualTo(3);
        assertThat(analyzer.ready.readValuesToList())
            .singleElement()
            .satisfies(r -> assertThat(r.getPictures()).hasSize(3));
      }
    }
  }

  private static ImageRef ref(byte[] image) {
    return ImageRef.newBuilder()
        .setContentType("image/png")
        .setData(ByteBuffer.wrap(image))
        .build();
  }

  private static ImageSubmitted request(String bookId, byte[] image) {
    return ImageSubmitted.newBuilder()
        .setBookId(bookId)
        .setSubmittedAt(Instant.parse("2026-12-01T10:00:00Z"))
        .setImage(
            ImageRef.newBuilder()
                .setContentType("image/png")
                .setData(ByteBuffer.wrap(image))
                .build())
        .build();
  }
}
