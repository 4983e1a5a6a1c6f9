package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
  @AutoClose private AnalyzerDriver analyzer;
  private ScriptedModelGateway gateway;

  private void start() {
    gateway = new ScriptedModelGateway(this::see);
    analyzer = AnalyzerDriver.start(gateway, NOW, registry);
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
    List<AnalysisReady> out = analyzer.ready.readValuesToList();
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
    assertThat(analyzer.failed.isEmpty()).isTrue();
  }

  @Test
  void anUnreadablePictureAmongGoodOnesFailsTheBookNamingItsPlaceAndTheNextBookGoesOn() {
    start();

    submit(album("bad", 5, inline(CAT), inline(new byte[] {1, 2, 3}), inline(ASTRONAUT)));
    submit(album("next", 5, inline(MOTORCYCLE), inline(ASTRONAUT)));

    assertOneFailure("bad", "ALBUM_PICTURE_UNREADABLE", "Picture 2 of 3: ");
    assertThat(analyzer.ready.readValuesToList())
        .extracting(AnalysisReady::getBookId)
        .containsExactly("next");
  }

  @Test
  void aPictureTheVisionModelCannotAnalyseFailsTheBookWithTheModelsReasonAndThePicturesPlace() {
    astronautUnavailable = true;
    start();

    submit(album("down", 5, inline(CAT), inline(ASTRONAUT), inline(MOTORCYCLE)));

    assertOneFailure("down", "MODEL_UNAVAILABLE", "Picture 2 of 3: The model server could not");
    assertThat(analyzer.ready.isEmpty()).isTrue();
  }

  /**
   * Albums that cannot be a book, each refused with its own code and a message naming the picture
   * or the limit; an album over a limit is refused before any call.
   */
  static Stream<Arguments> refusedAlbums() {
    ImageRef[] thirteen = new ImageRef[13];
    Arrays.fill(thirteen, inline(CAT));
    return Stream.of(
        arguments(
            "a picture given twice is a duplicate",
            album("twice", 5, inline(CAT), inline(ASTRONAUT), inline(CAT)),
            "ALBUM_PICTURE_DUPLICATE",
            "Picture 3 of 3 is the same picture as picture 1",
            false),
        arguments(
            "a picture whose uri fails has its own code",
            album(
                "uri",
                5,
                inline(CAT),
                ImageRef.newBuilder()
                    .setContentType("image/png")
                    .setData(null)
                    .setUri("file:///no/such/picture.png")
                    .build()),
            "ALBUM_PICTURE_URI_FAILED",
            "Picture 2 of 2: ",
            false),
        arguments(
            "more than the most pictures, naming the limit",
            album("big", 20, thirteen),
            "ALBUM_TOO_LARGE",
            "at most 12 (album.max.pictures)",
            true),
        arguments(
            "more pictures than chapters",
            album("short", 2, inline(CAT), inline(ASTRONAUT), inline(MOTORCYCLE)),
            "ALBUM_MORE_PICTURES_THAN_CHAPTERS",
            "3 pictures for a book of 2 chapters",
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedAlbums")
  void anAlbumThatCannotBeABookIsRefusedWithItsOwnCode(
      String name, ImageSubmitted album, String reason, String says, boolean beforeAnyCall) {
    start();

    submit(album);

    assertOneFailure(album.getBookId(), reason, says);
    assertThat(analyzer.ready.isEmpty()).isTrue();
    if (beforeAnyCall) {
      assertThat(gateway.requests()).isEmpty();
    }
  }

  @Test
  void aBookFromOnePictureHasNoPicturesListAsBefore() {
    start();

    submit(album("one", 3, inline(MOTORCYCLE)));

    AnalysisReady book = analyzer.ready.readValuesToList().getFirst();
    assertThat(book.getPictures()).isEmpty();
    assertThat(book.getAnalysis().getSetting()).isEqualTo("A mountain road");
  }

  private void assertOneFailure(String bookId, String reason, String messagePart) {
    List<BookFailed> failures = analyzer.failed.readValuesToList();
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
    analyzer.submit(request.getBookId(), request);
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
