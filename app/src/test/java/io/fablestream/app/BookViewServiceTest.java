package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookQuality;
import io.fablestream.schemas.Topics;
import io.fablestream.schemas.quality.QualityReport;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BookViewServiceTest {
  private final List<BookView> changes = new ArrayList<>();

  @RegisterExtension
  final ReadModelDriver readModel =
      ReadModelDriver.perTest(() -> new BookViewService(changes::add));

  @Test
  void bookInProgressShowsChaptersSummariesAndWhatItWaitsFor() {
    readModel.publish(Topics.IMAGES_SUBMITTED, "b1", TestEvents.submitted("b1", 4, 2));
    readModel.publish(Topics.ANALYSIS_READY, "b1", TestEvents.analyzed("b1", 4, 2));
    readModel.publish(Topics.CHAPTERS_WRITTEN, "b1", TestEvents.chapter("b1", 1, 4));
    readModel.publish(Topics.CHAPTERS_INDEXED, "b1", TestEvents.indexed("b1", 1));
    readModel.publish(Topics.CHAPTERS_WRITTEN, "b1", TestEvents.chapter("b1", 2, 4));
    readModel.publish(Topics.CHAPTERS_INDEXED, "b1", TestEvents.indexed("b1", 2));

    BookView view = readModel.view("b1");

    assertThat(view.stage()).isEqualTo(BookView.Stage.WRITING);
    assertThat(view.story().chapters()).extracting(BookView.Chapter::number).containsExactly(1, 2);
    assertThat(view.waitingFor()).isEqualTo("the summary of chapters 1-2");

    readModel.publish(Topics.ARCS_SUMMARIZED, "b1", TestEvents.arc("b1", 1, 2));
    assertThat(readModel.view("b1").story().summaries())
        .containsExactly(new BookView.Summary(1, 2, "Arc 1-2."));
    assertThat(readModel.view("b1").waitingFor()).isEqualTo("chapter 3 of 4 (the text model)");
    assertThat(changes)
        .extracting(BookView::lastEvent)
        .containsExactly(
            "image.submitted",
            "analysis.ready",
            "chapter.written",
            "chapter.indexed",
            "chapter.written",
            "chapter.indexed",
            "arc.summarized");
  }

  @Test
  void completedBookCarriesEveryChapterAndRendersSummariesAfterTheirArcs() {
    readModel.publish(Topics.IMAGES_SUBMITTED, "b2", TestEvents.submitted("b2", 4, 2));
    readModel.publish(Topics.CHAPTERS_WRITTEN, "b2", TestEvents.chapter("b2", 1, 4));
    readModel.publish(Topics.CHAPTERS_WRITTEN, "b2", TestEvents.chapter("b2", 1, 4));
    readModel.publish(Topics.BOOKS_COMPLETED, "b2", TestEvents.completed("b2", 4, 2));

    BookView view = readModel.view("b2");

    assertThat(view.stage()).isEqualTo(BookView.Stage.COMPLETED);
    assertThat(view.request().title()).isEqualTo("The Cat");
    assertThat(view.story().chapters()).hasSize(4);
    assertThat(view.waitingFor()).isNull();
    assertThat(BookMarkdown.render(view))
        .isEqualTo(
            """
            ---
            lang: "en"
            ---

            # The Cat

            *Written from a picture: A sunlit kitchen. Mood: curious*

            ## Chapter 1: Chapter title 1

            Text of chapter 1.

            ## Chapter 2: Chapter title 2

            Text of chapter 2.

            > **The story so far (chapters 1-2).** Arc 1-2.

            ## Chapter 3: Chapter title 3

            Text of chapter 3.

            ## Chapter 4: Chapter title 4

            Text of chapter 4.

            > **The story so far (chapters 3-4).** Arc 3-4.

            """);
  }

  @Test
  void completedBookKeepsItsQualityReportThroughTheStoreForTheApiAndTheFiles() {
    BookQuality quality =
        QualityReport.of(
            List.of(
                new QualityReport.Chapter(1, "Text of chapter 1. Not this, but that.", 8, 0.9, 1),
                new QualityReport.Chapter(2, "Text of chapter 2.", 4, null, null)),
            6,
            "en");
    readModel.publish(Topics.IMAGES_SUBMITTED, "b9", TestEvents.submitted("b9", 2, 2));
    BookCompleted done = TestEvents.completed("b9", 2, 2);
    done.setQuality(quality);
    readModel.publish(Topics.BOOKS_COMPLETED, "b9", done);

    BookView view = readModel.view("b9");

    assertThat(view.outcome().quality()).isEqualTo(QualityView.of(quality));
    assertThat(view.outcome().quality().chapters().get(1).judgeScore()).isNull();
    assertThat(FinishedBook.of(view).getQuality()).isEqualTo(quality);
  }

  @Test
  void completedBookKeepsItsBibleThroughTheStoreForTheApiAndTheFiles() {
    readModel.publish(Topics.IMAGES_SUBMITTED, "b8", TestEvents.submitted("b8", 4, 2));
    BookCompleted done = TestEvents.completed("b8", 4, 2);
    done.setBible(TestEvents.bible());
    readModel.publish(Topics.BOOKS_COMPLETED, "b8", done);

    BookView view = readModel.view("b8");

    assertThat(view.story().bible().cast())
        .extracting(BibleView.CastMember::name, BibleView.CastMember::firstChapter)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Mina", 0),
            org.assertj.core.groups.Tuple.tuple("Oskar", 2));
    assertThat(view.story().bible().threads().get(1).resolvedIn()).isNull();
    assertThat(FinishedBook.of(view).getBible()).isEqualTo(TestEvents.bible());
  }

  @Test
  void completedIllustratedBookKeepsWhatItsDrawingsCostThroughTheStoreForTheApiAndTheFiles()
      throws Exception {
    readModel.publish(Topics.IMAGES_SUBMITTED, "b7", TestEvents.submitted("b7", 2, 2));
    BookCompleted done = TestEvents.completed("b7", 2, 2);
    done.getStats().setImageCalls(3);
    done.getStats().setImageTimeMs(42_500);
    readModel.publish(Topics.BOOKS_COMPLETED, "b7", done);

    BookView view = readModel.view("b7");

    assertThat(view.outcome().stats())
        .isEqualTo(new BookView.Stats(100, 200, 300, 400, 5, 3, 42_500));
    assertThat(Json.mapper().readTree(Json.write(view)).get("stats"))
        .isEqualTo(
            Json.mapper()
                .readTree(
                    """
                    {"promptTokens": 100, "outputTokens": 200, "modelTimeMs": 300,
                     "wallTimeMs": 400, "modelCalls": 5, "imageCalls": 3, "imageTimeMs": 42500}
                    """));
    assertThat(FinishedBook.of(view).getStats()).isEqualTo(done.getStats());
  }

  @Test
  void redeliveredEventLeavesTheViewAsItWasAndIsNotAnotherChange() {
    java.time.Instant completedAt = TestEvents.SUBMITTED_AT.plusSeconds(600);
    var completed = TestEvents.completed("b4", 2, 2);
    completed.setCompletedAt(completedAt);
    readModel.publish(Topics.IMAGES_SUBMITTED, "b4", TestEvents.submitted("b4", 2, 2));
    readModel.publish(Topics.BOOKS_COMPLETED, "b4", completed, completedAt.plusMillis(5));
    BookView first = readModel.view("b4");

    readModel.publish(Topics.BOOKS_COMPLETED, "b4", completed, completedAt.plusSeconds(3600));

    assertThat(readModel.view("b4")).isEqualTo(first);
    assertThat(first.updatedAt()).isEqualTo(completedAt.toEpochMilli());
    assertThat(changes)
        .extracting(BookView::lastEvent)
        .containsExactly("image.submitted", "book.completed");
  }

  @Test
  void revisedBookKeepsTheViewOfEachFinishedRevision() {
    readModel.publish(Topics.IMAGES_SUBMITTED, "b5", TestEvents.submitted("b5", 4, 2));
    readModel.publish(Topics.BOOKS_COMPLETED, "b5", TestEvents.completed("b5", 4, 2, 1, 1));
    BookView first = readModel.view("b5");
    readModel.publish(Topics.BOOKS_REVISIONS, "b5", TestEvents.revision("b5", 2, 3, "a friend"));
    readModel.publish(Topics.CHAPTERS_WRITTEN, "b5", TestEvents.chapter("b5", 3, 4, 2));

    BookView revising = readModel.view("b5");

    assertThat(revising.revision()).isEqualTo(2);
    assertThat(revising.story().chapters())
        .extracting(BookView.Chapter::number, BookView.Chapter::revision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1),
            org.assertj.core.groups.Tuple.tuple(2, 1),
            org.assertj.core.groups.Tuple.tuple(3, 2));
    KeyValueStore<String, BookView> kept =
        readModel.driver().getKeyValueStore(BookViewService.REVISIONS_STORE);
    assertThat(kept.get(BookViewFold.StoredRevisions.key("b5", 1))).isEqualTo(first);
    assertThat(changes)
        .extracting(BookView::lastEvent)
        .containsExactly(
            "image.submitted", "book.completed", "revision.requested", "chapter.written");
  }

  @Test
  void eventOfABookNeverRequestedHereCreatesNothing() {
    readModel.publish(Topics.CHAPTERS_WRITTEN, "late", TestEvents.chapter("late", 1, 4));
    readModel.publish(Topics.BOOKS_COMPLETED, "late", TestEvents.completed("late", 4, 2));
    readModel.publish(
        Topics.BOOKS_FAILED,
        "late",
        TestEvents.failed("late", 2, "REVISE", "INVALID_REVISION", "There is no book late."));

    assertThat(readModel.view("late")).isNull();
    assertThat(changes).isEmpty();
  }

  @Test
  void failedBookKeepsItsReasonAndAnUnknownBookHasNoView() {
    readModel.publish(Topics.IMAGES_SUBMITTED, "b3", TestEvents.submitted("b3", 2, 2));
    readModel.publish(Topics.BOOKS_FAILED, "b3", TestEvents.failed("b3", "IMAGE_UNREADABLE"));
    readModel.publish(Topics.BOOKS_COMPLETED, "b3", TestEvents.completed("b3", 2, 2));

    BookView view = readModel.view("b3");

    assertThat(view.stage()).isEqualTo(BookView.Stage.FAILED);
    assertThat(view.outcome().failure())
        .isEqualTo(
            new BookView.Failure("ANALYZE", "IMAGE_UNREADABLE", "The image cannot be read.", null));
    assertThat(readModel.view("nobody")).isNull();
  }
}
