package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.events.IllustrationRef;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.calls.CallSlots;
import io.fablestream.platform.calls.JsonCodec;
import io.fablestream.platform.calls.state.PendingCall;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.image.DrawRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class IllustrationFlowTest extends ChapterLineTest {
  private static final String BOOK = "book-1";
  private static final String STYLE = "a pencil sketch, cross-hatched";
  private static final Map<String, String> ON =
      Map.of(
          "illustrations.enabled", "true",
          "illustrations.size", "96x64",
          "illustrations.style", STYLE);

  private final PaintedImages images = new PaintedImages();

  /** Writes a book of three chapters in one arc, indexed and summarised as the line would. */
  private List<BookCompleted> writeBook(String bookId) {
    line.analysisReady(bookId, 3, 3);
    line.indexAndSummarize(bookId, 3, 3);
    return line.completed.readValuesToList();
  }

  @Test
  void everyChapterIsIllustratedByOneImageCallWithTheBooksSeedAndTheBookReferencesThem()
      throws IOException {
    line = new ChapterLine(ON, null, null, images);

    List<BookCompleted> completed = writeBook(BOOK);

    List<DrawRequest> draws = images.requests();
    assertThat(draws).as("one image call per chapter").hasSize(3);
    long seed = IllustrationPrompt.seed(BOOK);
    assertThat(draws)
        .allSatisfy(
            d -> {
              assertThat(d.seed()).isEqualTo(seed).isNotNegative();
              assertThat(d.width()).isEqualTo(96);
              assertThat(d.height()).isEqualTo(64);
              assertThat(d.reference()).as("no reference picture").isNull();
              assertThat(d.prompt()).startsWith(STYLE + ".");
            });
    assertThat(line.story.looksCalls()).as("the looks are written once per book").isEqualTo(1);

    List<ChapterIllustrated> pictures = line.illustrated.readValuesToList();
    assertThat(pictures).extracting(ChapterIllustrated::getChapterNumber).containsExactly(1, 2, 3);
    List<BookChapter> expected = new ArrayList<>();
    for (ChapterIllustrated picture : pictures) {
      int n = picture.getChapterNumber();
      byte[] png = bytes(picture.getData());
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
      assertThat(decoded.getWidth()).isEqualTo(96);
      assertThat(decoded.getHeight()).isEqualTo(64);
      assertThat(picture)
          .isEqualTo(
              ChapterIllustrated.newBuilder()
                  .setBookId(BOOK)
                  .setRevision(1)
                  .setChapterNumber(n)
                  .setContentType("image/png")
                  .setData(ByteBuffer.wrap(png))
                  .setWidth(96)
                  .setHeight(64)
                  .setPrompt(draws.get(n - 1).prompt())
                  .setSeed(seed)
                  .setModel(PaintedImages.MODEL)
                  .setIllustratedAt(picture.getIllustratedAt())
                  .build());
      assertThat(picture.getPrompt()).contains(StoryModel.beat(n));
      expected.add(
          StoryModel.bookChapter(
              n,
              new IllustrationRef(
                  "/books/" + BOOK + "/chapters/" + n + "/illustration",
                  "image/png",
                  png.length,
                  96,
                  64,
                  StoryModel.beat(n) + ". " + StoryModel.summary(n))));
    }
    assertThat(completed).hasSize(1);
    assertThat(completed.getFirst().getChapters()).containsExactlyElementsOf(expected);
    assertThat(line.failed.isEmpty()).isTrue();
    assertThat(
            line.registry
                .get("fablestream.chapters.illustrated")
                .tag("outcome", "drawn")
                .counter()
                .count())
        .isEqualTo(3);
    assertThat(
            line.registry.get("fablestream.image.calls").tag("outcome", "success").timer().count())
        .isEqualTo(3);
  }

  @Test
  void thePromptCarriesTheLooksOfTheCharactersWhoAppearAndOnlyThem() {
    line = new ChapterLine(ON, null, null, images);

    writeBook(BOOK);

    assertThat(images.requests())
        .allSatisfy(
            d ->
                assertThat(d.prompt())
                    .contains(
                        "Mira: a girl of ten with red braids, a yellow raincoat and a brass"
                            + " whistle.")
                    .doesNotContain("white-bearded")
                    .hasSizeLessThanOrEqualTo(IllustrationPrompt.MAX_PROMPT_CHARS));
    // The looks call asks about the plan's cast, and the state keeps its answer for the book.
    assertThat(line.models.requestsTo(StoryModel.WRITER))
        .filteredOn(r -> r.prompt().startsWith(LooksPrompt.OPENING))
        .singleElement()
        .satisfies(r -> assertThat(r.prompt()).contains("- Mira: ", "- Old Tobin: "));
    assertThat(CharacterLooks.of(line.state(BOOK).getLooks()).characters())
        .extracting(CharacterLooks.Look::name)
        .containsExactly("Mira", "Old Tobin");
  }

  @Test
  void theLooksAreAskedOnceAPersonApprovedThePlanFromTheCastTheyApproved() {
    line = new ChapterLine(ON, null, null, images);
    io.fablestream.events.AnalysisReady ready = ChapterLine.analysisOf(BOOK, 3, 3);
    ready.setReviewPlan(true);
    line.analysis.pipeInput(BOOK, ready);
    line.settle();
    io.fablestream.events.BookPlanned plan = line.planned.readValuesToList().getFirst();
    assertThat(line.story.looksCalls()).as("no looks before the plan is approved").isZero();

    List<io.fablestream.events.PlannedCharacter> cast = new ArrayList<>(plan.getCast());
    cast.add(new io.fablestream.events.PlannedCharacter("Captain Rourke", "master of the wreck"));
    plan.setCast(cast);
    plan.setApproved(true);
    plan.setRevision(2);
    line.plansIn.pipeInput(BOOK, plan);
    line.settle();
    line.indexAndSummarize(BOOK, 3, 3);

    assertThat(line.story.looksCalls()).isEqualTo(1);
    assertThat(line.models.requestsTo(StoryModel.WRITER))
        .filteredOn(r -> r.prompt().startsWith(LooksPrompt.OPENING))
        .singleElement()
        .satisfies(r -> assertThat(r.prompt()).contains("- Captain Rourke: master of the wreck"));
    assertThat(images.requests()).hasSize(3);
    assertThat(line.completed.readValuesToList()).hasSize(1);
  }

  @Test
  void aLooksAnswerThatIsNoJsonLeavesTheChaptersDrawnWithoutLooks() {
    line = new ChapterLine(ON, null, null, images);
    line.story.looks("I would rather not describe them.");

    List<BookCompleted> completed = writeBook(BOOK);

    assertThat(line.story.looksCalls()).isEqualTo(1);
    assertThat(images.requests())
        .hasSize(3)
        .allSatisfy(d -> assertThat(d.prompt()).doesNotContain("Mira: ", "red braids"));
    assertThat(CharacterLooks.of(line.state(BOOK).getLooks())).isEqualTo(CharacterLooks.NONE);
    assertThat(completed.getFirst().getChapters())
        .allSatisfy(c -> assertThat(c.getIllustration()).isNotNull());
  }

  @Test
  void aFailedIllustrationLeavesItsChapterWithoutOneAndItsReasonAndTheBookComplete() {
    images.failing(
        d ->
            d.prompt().contains(StoryModel.beat(2))
                ? new ModelException(
                    ModelException.Kind.UNAVAILABLE, "image server down after 3 attempts", 3, null)
                : null);
    line = new ChapterLine(ON, null, null, images);

    List<BookCompleted> completed = writeBook(BOOK);

    assertThat(images.requests()).hasSize(3);
    assertThat(line.illustrated.readValuesToList())
        .extracting(ChapterIllustrated::getChapterNumber)
        .containsExactly(1, 3);
    assertThat(completed).hasSize(1);
    assertThat(completed.getFirst().getChapters())
        .extracting(
            BookChapter::getNumber,
            c -> c.getIllustration() != null,
            c -> c.getIllustrationFailure())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, true, null),
            org.assertj.core.groups.Tuple.tuple(2, false, "ILLUSTRATION_UNAVAILABLE"),
            org.assertj.core.groups.Tuple.tuple(3, true, null));
    assertThat(line.failed.isEmpty()).as("a failed illustration never fails the book").isTrue();
    assertThat(
            line.registry
                .get("fablestream.chapters.illustrated")
                .tag("outcome", "illustration_unavailable")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void aRefusedDrawingAndAnAnswerThatIsNoPictureHaveTheirOwnReasons() {
    images
        .failing(
            d ->
                d.prompt().contains(StoryModel.beat(1))
                    ? new ModelException(
                        ModelException.Kind.REJECTED, "400: prompt refused", 1, null)
                    : null)
        .answering(
            d ->
                d.prompt().contains(StoryModel.beat(3))
                    ? "<html>502 Bad Gateway</html>"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : null);
    line = new ChapterLine(ON, null, null, images);

    List<BookCompleted> completed = writeBook(BOOK);

    assertThat(completed.getFirst().getChapters())
        .extracting(BookChapter::getIllustrationFailure)
        .containsExactly("ILLUSTRATION_REJECTED", null, "ILLUSTRATION_INVALID");
    assertThat(line.illustrated.readValuesToList())
        .extracting(ChapterIllustrated::getChapterNumber)
        .containsExactly(2);
  }

  @Test
  void illustrationsOffMeansNoImageCallNoLooksCallAndNoIllustration() {
    line = new ChapterLine(Map.of("illustrations.size", "96x64"), null, null, images);

    List<BookCompleted> completed = writeBook(BOOK);

    assertThat(images.requests()).isEmpty();
    assertThat(line.story.looksCalls()).isZero();
    assertThat(line.illustrated.isEmpty()).isTrue();
    assertThat(completed.getFirst().getChapters())
        .allSatisfy(
            c -> {
              assertThat(c.getIllustration()).isNull();
              assertThat(c.getIllustrationFailure()).isNull();
            });
  }

  @Test
  void illustrationsOnWithoutAnImageGatewayDrawNothing() {
    line = new ChapterLine(ON, null, null, null);

    List<BookCompleted> completed = writeBook(BOOK);

    assertThat(line.story.looksCalls()).isZero();
    assertThat(line.illustrated.isEmpty()).isTrue();
    assertThat(completed.getFirst().getChapters())
        .allSatisfy(c -> assertThat(c.getIllustration()).isNull());
  }

  @Test
  void theNextChapterDoesNotWaitForADrawingButTheBookWaitsForTheLast() {
    Queue<Runnable> imageSlot = new ArrayDeque<>();
    line =
        new ChapterLine(
            ON,
            new CallLanes(
                CallSlots.on("model", Runnable::run, null),
                CallSlots.on("io", Runnable::run, null),
                CallSlots.on("image", imageSlot::add, null)),
            null,
            images);

    line.analysisReady(BOOK, 3, 3);
    settleAllButDrawings();
    for (int n = 1; n <= 3; n++) {
      line.chapterIndexed(BOOK, n);
      settleAllButDrawings();
    }
    line.arcSummarized(BOOK, 1, 3);
    settleAllButDrawings();

    assertThat(line.chapters.readValuesToList()).hasSize(3);
    assertThat(images.requests()).as("no drawing has run yet").isEmpty();
    assertThat(line.state(BOOK).getIllustrating()).containsExactly(1, 2, 3);
    assertThat(line.completed.isEmpty()).as("the book waits for its illustrations").isTrue();
    assertThat(Awaited.illustrations(line.state(BOOK)))
        .contains(
            new Awaited(
                io.fablestream.schemas.Stage.WRITE,
                1,
                "the image model to draw the illustration of chapter 1 and 2 more"));
    // Drawings queued behind a slow image server are progress: the book is not stalled.
    line.advance(line.settings.stallTimeout().plusMinutes(1));
    assertThat(line.failed.isEmpty()).isTrue();

    // The ledger keeps each drawing's request as it was issued: the task's next owner sends it
    // again as it is, so a retry has the same prompt and the same seed.
    List<DrawRequest> kept = new ArrayList<>();
    try (var all =
        line.driver.<String, PendingCall>getKeyValueStore(ChapterService.CALLS_STORE).all()) {
      all.forEachRemaining(
          e -> kept.add(JsonCodec.of(DrawRequest.class).read(bytes(e.value.getRequest()))));
    }
    assertThat(kept).hasSize(3);

    imageSlot.poll().run();
    imageSlot.poll().run();
    line.driver.advanceWallClockTime(CallLedger.DRAIN_INTERVAL);
    assertThat(line.completed.isEmpty()).as("one illustration is still being drawn").isTrue();

    imageSlot.poll().run();
    line.driver.advanceWallClockTime(CallLedger.DRAIN_INTERVAL);
    assertThat(line.completed.readValuesToList())
        .singleElement()
        .satisfies(
            book ->
                assertThat(book.getChapters())
                    .allSatisfy(c -> assertThat(c.getIllustration()).isNotNull()));
    assertThat(images.requests())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyInAnyOrderElementsOf(kept);
  }

  @Test
  void aRevisionKeepsTheIllustrationsOfTheChaptersItKeepsAndDrawsTheRewrittenOnesAgain() {
    line = new ChapterLine(ON, null, null, images);
    BookCompleted first = writeBook(BOOK).getFirst();

    line.revision(
        BookRevisionRequested.newBuilder()
            .setBookId(BOOK)
            .setRevision(2)
            .setFromChapter(2)
            .setText("Mira sails away from the lighthouse at dawn. " + StoryText.of(99, 60))
            .setRequestedBy("tester")
            .setRequestedAt(Instant.parse("2026-03-01T11:00:00Z"))
            .build());
    line.chapterIndexed(BOOK, 2, 2);
    line.chapterIndexed(BOOK, 3, 2);
    line.arcSummarized(BOOK, 1, 3, 2);

    List<BookCompleted> revised = line.completed.readValuesToList();
    assertThat(revised).hasSize(1);
    BookCompleted second = revised.getFirst();
    assertThat(second.getRevision()).isEqualTo(2);
    assertThat(images.requests()).as("chapters 2 and 3 drawn again").hasSize(5);
    assertThat(images.requests())
        .extracting(DrawRequest::seed)
        .containsOnly(IllustrationPrompt.seed(BOOK));
    assertThat(line.story.looksCalls()).as("the looks stay the book's").isEqualTo(1);
    assertThat(second.getChapters().get(0).getIllustration())
        .isEqualTo(first.getChapters().get(0).getIllustration());
    assertThat(second.getChapters().subList(1, 3))
        .allSatisfy(c -> assertThat(c.getIllustration()).isNotNull());
    assertThat(line.illustrated.readValuesToList())
        .extracting(ChapterIllustrated::getRevision, ChapterIllustrated::getChapterNumber)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1),
            org.assertj.core.groups.Tuple.tuple(1, 2),
            org.assertj.core.groups.Tuple.tuple(1, 3),
            org.assertj.core.groups.Tuple.tuple(2, 2),
            org.assertj.core.groups.Tuple.tuple(2, 3));
  }

  @Test
  void everyBookHasItsOwnSeedTheSameOnEveryCall() {
    assertThat(IllustrationPrompt.seed(BOOK)).isEqualTo(IllustrationPrompt.seed(BOOK));
    assertThat(IllustrationPrompt.seed(BOOK)).isNotEqualTo(IllustrationPrompt.seed("book-2"));
    // The first four bytes of SHA-256("book-1"), masked to 31 bits.
    assertThat(IllustrationPrompt.seed(BOOK)).isBetween(0L, (long) Integer.MAX_VALUE);
  }

  /** Applies every answer that comes back, until only drawings (held by the test) are pending. */
  private void settleAllButDrawings() {
    for (int round = 0; round < 1000; round++) {
      if (line.pendingCalls().stream().allMatch(c -> c.contains("/illustration/"))) {
        return;
      }
      line.driver.advanceWallClockTime(CallLedger.DRAIN_INTERVAL);
    }
    throw new AssertionError("calls still pending: " + line.pendingCalls());
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
