package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookState;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.BookStats;
import io.fablestream.platform.calls.ChangeloggedStores;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.image.DrawnImage;
import io.fablestream.platform.model.image.ImageGateway;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * An illustrated book's stats count its drawings: every drawing call, the attempts of a failed one
 * included, and the time they took, apart from the text model's calls; a revision counts its own.
 */
class IllustrationStatsTest extends ChapterLineTest {
  private static final String BOOK = "book-1";
  private static final Map<String, String> ON =
      Map.of("illustrations.enabled", "true", "illustrations.size", "96x64");

  /** How long the test's image server takes over each drawing. */
  private static final long DRAWING_MS = 25;

  private final PaintedImages images = new PaintedImages();

  /** The image server: it draws as the painter does, in {@link #DRAWING_MS} at least. */
  private final ImageGateway slowServer =
      request -> {
        try {
          Thread.sleep(DRAWING_MS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return images.draw(request);
      };

  private BookStats statsOfABookOfThreeChapters(Map<String, String> config, ImageGateway drawer) {
    line = new ChapterLine(config, null, null, drawer);
    line.analysisReady(BOOK, 3, 3);
    line.indexAndSummarize(BOOK, 3, 3);
    return line.completed.readValuesToList().getFirst().getStats();
  }

  @Test
  void everyDrawingCountsTowardTheBooksImageStatsAndNoneTowardItsModelCalls() {
    BookStats plain = statsOfABookOfThreeChapters(Map.of("illustrations.size", "96x64"), null);
    line.close();

    BookStats illustrated = statsOfABookOfThreeChapters(ON, slowServer);

    assertThat(images.requests()).hasSize(3);
    assertThat(illustrated.getImageCalls()).isEqualTo(3);
    assertThat(illustrated.getImageTimeMs()).isGreaterThanOrEqualTo(3 * DRAWING_MS);
    assertThat(illustrated.getModelCalls())
        .as("the text calls, and the one call for the characters' looks")
        .isEqualTo(plain.getModelCalls() + 1);
    assertThat(plain.getImageCalls()).isZero();
    assertThat(plain.getImageTimeMs()).isZero();
  }

  @Test
  void aFailedDrawingCountsEveryAttemptTheImageServerWasSentAndAnUnusableAnswerCountsToo() {
    images
        .failing(
            d ->
                d.prompt().contains(StoryModel.beat(2))
                    ? new ModelException(
                        ModelException.Kind.UNAVAILABLE,
                        "image server down after 3 attempts",
                        3,
                        null)
                    : null)
        .answering(
            d ->
                d.prompt().contains(StoryModel.beat(3))
                    ? "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)
                    : null);

    BookStats stats = statsOfABookOfThreeChapters(ON, slowServer);

    assertThat(stats.getImageCalls())
        .as("1 drawn, 3 attempts failed, 1 answer no picture")
        .isEqualTo(5);
    assertThat(stats.getImageTimeMs())
        .as("the failed call's time counts as well")
        .isGreaterThanOrEqualTo(3 * DRAWING_MS);
  }

  @Test
  void aDrawingAnsweredAfterTheGatewayRetriedCountsEveryAttempt() {
    ImageGateway retriedForChapterTwo =
        request -> {
          DrawnImage drawn = images.draw(request);
          return request.prompt().contains(StoryModel.beat(2))
              ? new DrawnImage(
                  drawn.data(),
                  drawn.contentType(),
                  drawn.width(),
                  drawn.height(),
                  drawn.model(),
                  drawn.durationMillis(),
                  3)
              : drawn;
        };

    BookStats stats = statsOfABookOfThreeChapters(ON, retriedForChapterTwo);

    assertThat(stats.getImageCalls())
        .as("chapters 1 and 3 at once, chapter 2 on its third")
        .isEqualTo(5);
  }

  @Test
  void aRevisionCountsOnlyTheDrawingsOfTheChaptersItRewrites() {
    BookStats first = statsOfABookOfThreeChapters(ON, slowServer);

    // A person asks chapter 3 again: only its illustration is drawn again.
    line.revision(
        new BookRevisionRequested(
            BOOK, 2, 3, null, "Let the storm break early.", List.of(), "ana", ChapterLine.START));
    line.chapterIndexed(BOOK, 3, 2);
    line.arcSummarized(BOOK, 1, 3, 2);

    BookCompleted second = line.completed.readValuesToList().getFirst();
    assertThat(first.getImageCalls()).isEqualTo(3);
    assertThat(second.getRevision()).isEqualTo(2);
    assertThat(second.getStats().getImageCalls())
        .as("chapter 3, drawn again; chapters 1 and 2 keep their illustrations")
        .isEqualTo(1);
    assertThat(second.getStats().getImageTimeMs()).isGreaterThanOrEqualTo(DRAWING_MS);
  }

  @Test
  void aBookStoredBeforeDrawingsWereCountedReadsWithNoneAndCountsFromThere() {
    Serde<BookState> serde = ChangeloggedStores.avro(ChapterService.STORE, BookState.class);
    BookState before = BookTransitions.opened(ChapterLine.analysisOf(BOOK, 3, 3), 1_000L);

    BookState read = StoredBefore.readBack(serde, before, "BookState-v5");

    assertThat(read.getUsage().getImageCalls()).isZero();
    assertThat(read.getUsage().getImageTimeMs()).isZero();
    assertThat(read.getUsage().getCalls()).isEqualTo(before.getUsage().getCalls());
    BookTransitions.withDrawing(read, new DrawingCost(2, 40));
    BookTransitions.withCost(read, new io.fablestream.platform.model.Usage(10, 20, 30, 1));
    assertThat(read.getUsage().getImageCalls()).as("a text call keeps the drawings").isEqualTo(2);
    assertThat(read.getUsage().getImageTimeMs()).isEqualTo(40);
    assertThat(read.getUsage().getCalls()).isEqualTo(before.getUsage().getCalls() + 1);
  }
}
