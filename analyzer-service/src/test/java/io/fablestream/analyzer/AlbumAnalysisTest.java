package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.TestDrivers;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.Settle;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An album through the analyzer: one vision call per picture, the answers in the album's order and
 * merged; and each hostile album refused with its own code, the picture named by its place, while
 * the next book goes on.
 */
class AlbumAnalysisTest {
  private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

  /** The three sample photos, told apart by the vision model by their width. */
  private static final byte[] CAT = TestImages.sample("chelsea.png"); // 451 wide

  private static final byte[] ASTRONAUT = TestImages.sample("astronaut.png"); // 512 wide
  private static final byte[] MOTORCYCLE = TestImages.sample("motorcycle_left.png"); // 741 wide

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Set<Integer> repaired = Collections.synchronizedSet(new HashSet<>());
  private volatile boolean astronautUnavailable;
  private TopologyTestDriver driver;
  private ScriptedModelGateway gateway;
  private TestInputTopic<String, ImageSubmitted> submitted;
  private TestOutputTopic<String, AnalysisReady> ready;
  private TestOutputTopic<String, BookFailed> failed;

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private void start() {
    gateway = new ScriptedModelGateway(this::see);
    driver =
        TestDrivers.start(
            new AnalyzerService(
                gateway,
                CallLanes.direct(registry),
                AnalyzerSettings.defaults(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                registry));
    submitted = TestDrivers.input(driver, Topics.IMAGES_SUBMITTED);
    ready = TestDrivers.output(driver, Topics.ANALYSIS_READY);
    failed = TestDrivers.output(driver, Topics.BOOKS_FAILED);
  }

  /**
   * The vision model: each photo has its own scene. The cat's first answer is not JSON, so its
   * analysis comes back last, after a repair: the order of the answers is not the album's.
   */
  private ModelAnswer see(ModelRequest request) {
    int width = width(request.images().getFirst());
    String answer =
        switch (width) {
          case 451 ->
              repaired.add(451)
                  ? "I see a cat, but let me think."
                  : scene(
                      "A kitchen at dawn", "a tabby cat", "sleepy", "a bowl", "the cat is hungry");
          case 512 -> {
            if (astronautUnavailable) {
              throw new ModelException(
                  ModelException.Kind.UNAVAILABLE, "connection refused", 3, null);
            }
            yield scene(
                "A space station",
                "an astronaut\", \"A TABBY CAT",
                "awed",
                "a helmet",
                "the air runs low");
          }
          case 741 -> scene("A mountain road", "a rider", "restless", "a motorcycle", "a storm");
          default -> throw new IllegalStateException("no scene for a picture " + width + " wide");
        };
    return ScriptedModelGateway.answer(request, answer);
  }

  private static String scene(
      String setting, String character, String mood, String object, String conflict) {
    return """
        {"setting": "%s", "characters": ["%s"], "mood": "%s", "objects": ["%s"],
         "potentialConflicts": ["%s"]}"""
        .formatted(setting, character, mood, object, conflict);
  }

  @Test
  void anAlbumOfThreeIsThreeVisionCallsAndOneAnalysisReadyWithEachPictureInOrderAndOneCast() {
    start();

    submit(album("trip", 4, inline(CAT), inline(ASTRONAUT), inline(MOTORCYCLE)));

    // One call per picture, and the cat's repair: no more.
    assertThat(gateway.requests()).hasSize(4);
    assertThat(gateway.requests().stream().map(r -> width(r.images().getFirst())).toList())
        .containsExactlyInAnyOrder(451, 451, 512, 741);
    List<AnalysisReady> out = ready.readValuesToList();
    assertThat(out).hasSize(1);
    AnalysisReady book = out.getFirst();
    assertThat(book.getPictures())
        .extracting(ImageAnalysis::getSetting)
        .containsExactly("A kitchen at dawn", "A space station", "A mountain road");
    assertThat(book.getAnalysis())
        .isEqualTo(
            ImageAnalysis.newBuilder()
                .setSetting("A kitchen at dawn")
                .setMood("sleepy")
                .setCharacters(List.of("a tabby cat", "an astronaut", "a rider"))
                .setObjects(List.of("a bowl", "a helmet", "a motorcycle"))
                .setPotentialConflicts(List.of("the cat is hungry", "the air runs low", "a storm"))
                .build());
    assertThat(book.getUsage().getCalls()).isEqualTo(4);
    assertThat(book.getChapterCount()).isEqualTo(4);
    assertThat(failed.isEmpty()).isTrue();
  }

  @Test
  void anUnreadablePictureAmongGoodOnesFailsTheBookNamingItsPlaceAndTheNextBookGoesOn() {
    start();

    submit(album("bad", 5, inline(CAT), inline(new byte[] {1, 2, 3}), inline(ASTRONAUT)));
    submit(album("next", 5, inline(MOTORCYCLE), inline(ASTRONAUT)));

    assertOneFailure("bad", "ALBUM_PICTURE_UNREADABLE", "Picture 2 of 3: ");
    assertThat(ready.readValuesToList())
        .extracting(AnalysisReady::getBookId)
        .containsExactly("next");
  }

  @Test
  void aPictureTheVisionModelCannotAnalyseFailsTheBookWithTheModelsReasonAndThePicturesPlace() {
    astronautUnavailable = true;
    start();

    submit(album("down", 5, inline(CAT), inline(ASTRONAUT), inline(MOTORCYCLE)));

    assertOneFailure("down", "MODEL_UNAVAILABLE", "Picture 2 of 3: The model server could not");
    assertThat(ready.isEmpty()).isTrue();
  }

  @Test
  void aPictureGivenTwiceIsRefusedAsADuplicate() {
    start();

    submit(album("twice", 5, inline(CAT), inline(ASTRONAUT), inline(CAT)));

    assertOneFailure(
        "twice", "ALBUM_PICTURE_DUPLICATE", "Picture 3 of 3 is the same picture as picture 1");
    assertThat(ready.isEmpty()).isTrue();
  }

  @Test
  void aPictureWhoseUriFailsFailsTheBookWithItsOwnCode() {
    start();

    submit(
        album(
            "uri",
            5,
            inline(CAT),
            ImageRef.newBuilder()
                .setContentType("image/png")
                .setData(null)
                .setUri("file:///no/such/picture.png")
                .build()));

    assertOneFailure("uri", "ALBUM_PICTURE_URI_FAILED", "Picture 2 of 2: ");
    assertThat(ready.isEmpty()).isTrue();
  }

  @Test
  void moreThanTheMostPicturesIsRefusedNamingTheLimitBeforeAnyCall() {
    start();
    List<ImageRef> pictures = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      pictures.add(inline(CAT));
    }

    submit(album("big", 20, pictures.toArray(ImageRef[]::new)));

    assertOneFailure("big", "ALBUM_TOO_LARGE", "at most 12 (album.max.pictures)");
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void morePicturesThanChaptersIsRefusedBeforeAnyCall() {
    start();

    submit(album("short", 2, inline(CAT), inline(ASTRONAUT), inline(MOTORCYCLE)));

    assertOneFailure(
        "short", "ALBUM_MORE_PICTURES_THAN_CHAPTERS", "3 pictures for a book of 2 chapters");
    assertThat(gateway.requests()).isEmpty();
  }

  @Test
  void aBookFromOnePictureHasNoPicturesListAsBefore() {
    start();

    submit(album("one", 3, inline(MOTORCYCLE)));

    AnalysisReady book = ready.readValuesToList().getFirst();
    assertThat(book.getPictures()).isEmpty();
    assertThat(book.getAnalysis().getSetting()).isEqualTo("A mountain road");
  }

  private void assertOneFailure(String bookId, String reason, String messagePart) {
    List<BookFailed> failures = failed.readValuesToList();
    assertThat(failures)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getBookId()).isEqualTo(bookId);
              assertThat(f.getReason()).isEqualTo(reason);
              assertThat(f.getMessage()).contains(messagePart);
            });
  }

  private static ImageSubmitted album(String bookId, int chapters, ImageRef... pictures) {
    return ImageSubmitted.newBuilder(BadInputs.request(bookId, pictures[0]))
        .setChapterCount(chapters)
        .setAlbum(List.of(pictures).subList(1, pictures.length))
        .build();
  }

  private static ImageRef inline(byte[] data) {
    return BadInputs.inline("image/png", data);
  }

  private void submit(ImageSubmitted request) {
    submitted.pipeInput(request.getBookId(), request);
    Settle.settle(driver);
  }

  private static int width(byte[] jpeg) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
      return image.getWidth();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
