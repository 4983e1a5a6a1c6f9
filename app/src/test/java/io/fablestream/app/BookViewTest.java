package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.events.BookCompleted;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.PlannedBeat;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class BookViewTest {
  /** A record timestamp as the line stamps its records: a wall-clock time. */
  private static final long RECORD_TIME = TestEvents.SUBMITTED_AT.plusSeconds(95).toEpochMilli();

  private final BookViewAggregator.InMemoryRevisions kept =
      new BookViewAggregator.InMemoryRevisions();

  private BookView fold(BookView view, SpecificRecord event) {
    return BookViewAggregator.apply(view, event, RECORD_TIME, kept);
  }

  private BookView fold(SpecificRecord... events) {
    BookView view = BookView.empty("b");
    for (SpecificRecord event : events) {
      view = fold(view, event);
    }
    return view;
  }

  /** The revision entry of a book completed as revision 1. */
  private static final BookView.Revision FIRST_COMPLETED =
      new BookView.Revision(1, BookView.Stage.COMPLETED, null, null, false, null, null);

  /** The entry of revision 2 from chapter 3 with this instruction, asked for as TestEvents asks. */
  private static BookView.Revision secondFrom3(
      BookView.Stage stage, String instruction, BookView.Failure failure) {
    return new BookView.Revision(
        2,
        stage,
        3,
        instruction,
        false,
        TestEvents.SUBMITTED_AT.plusSeconds(7200).toEpochMilli(),
        failure);
  }

  /** Book b analyzed as so many chapters in arcs, its chapters 1 to through written and indexed. */
  private BookView writtenAndIndexed(int chapters, int arcLength, int through) {
    BookView view = fold(TestEvents.analyzed("b", chapters, arcLength));
    for (int n = 1; n <= through; n++) {
      view = fold(fold(view, TestEvents.chapter("b", n, chapters)), TestEvents.indexed("b", n));
    }
    return view;
  }

  /** Book b of four chapters in arcs of two, completed as revision 1. */
  private BookView completedBook() {
    return fold(TestEvents.firstWriting("b", 4, 2).toArray(SpecificRecord[]::new));
  }

  @Test
  void thePlanIsShownAndPrintedAndAnOlderRevisionOfItChangesNothing() {
    io.fablestream.events.BookPlanned planned = TestEvents.planned("b");
    var untitled = TestEvents.analyzed("b", 2, 2);
    untitled.setTitle(null);

    BookView view = fold(untitled, planned);

    assertThat(view.story().plan())
        .isEqualTo(
            new BookView.Plan(
                1,
                true,
                "The Shelf",
                List.of(new BookView.PlannedCharacter("Chelsea", "a tabby cat")),
                "the fish on the high shelf",
                List.of(
                    new BookView.Beat(1, "Chelsea sees the fish", "too high"),
                    new BookView.Beat(2, "She climbs the yarn", ""))));
    assertThat(view.request().title()).as("the plan names an untitled book").isEqualTo("The Shelf");
    assertThat(view.waitingFor()).isEqualTo("chapter 1 of 2 (the text model)");
    planned.setApproved(false);
    assertThat(fold(untitled, planned).waitingFor())
        .isEqualTo("a person to approve the plan (POST /books/b/plan)");
    planned.setApproved(true);
    assertThat(ProgressPrinter.describe(view))
        .contains(
            "book planned: \"The Shelf\"",
            "main conflict: the fish on the high shelf",
            "cast: Chelsea - a tabby cat",
            "1. Chelsea sees the fish -> too high",
            "2. She climbs the yarn");

    var edited =
        io.fablestream.events.BookPlanned.newBuilder()
            .setBookId("b")
            .setRevision(2)
            .setBeats(
                List.of(
                    new io.fablestream.events.PlannedBeat(
                        1, "Chelsea sees the fish", "too high", 1),
                    new io.fablestream.events.PlannedBeat(2, "She asks the cook", "", 1)))
            .setPlannedAt(TestEvents.SUBMITTED_AT.plusSeconds(9))
            .build();
    view = fold(view, edited);
    assertThat(view.story().plan().beats().get(1).beat()).isEqualTo("She asks the cook");
    assertThat(fold(view, planned)).as("revision 1 after 2").isSameAs(view);
  }

  private static io.fablestream.events.BookPlanned plannedThrough(int through) {
    List<io.fablestream.events.PlannedBeat> beats = new java.util.ArrayList<>();
    for (int n = 1; n <= through; n++) {
      beats.add(new io.fablestream.events.PlannedBeat(n, "Chelsea climbs shelf " + n, "", 1));
    }
    var planned = TestEvents.planned("b");
    planned.setBeats(beats);
    return planned;
  }

  @Test
  void aLongBooksPlanGrowsAPartAtATimeAndTheBookWaitsForEachPart() {
    BookView view = fold(TestEvents.analyzed("b", 16, 4), plannedThrough(12));
    for (int n = 1; n <= 12; n++) {
      view = fold(view, TestEvents.chapter("b", n, 16));
      view = fold(view, TestEvents.indexed("b", n));
      if (n % 4 == 0) {
        view = fold(view, TestEvents.arc("b", n - 3, n));
      }
    }
    assertThat(view.story().plan().beats()).hasSize(12);
    assertThat(view.waitingFor())
        .isEqualTo("the text model to plan chapters 13-16, then chapter 13 of 16 (the text model)");

    view = fold(view, plannedThrough(16));
    assertThat(view.story().plan().revision()).isEqualTo(1);
    assertThat(view.story().plan().beats()).as("the same revision, extended").hasSize(16);
    assertThat(view.waitingFor()).isEqualTo("chapter 13 of 16 (the text model)");
  }

  @Test
  void theAnalysissChunksOnAChapterIndexedOfChapterZeroMoveNothing() {
    BookView view = fold(TestEvents.analyzed("b", 3, 2), TestEvents.chapter("b", 1, 3));

    assertThat(fold(view, TestEvents.indexed("b", 0))).isSameAs(view);
  }

  @Test
  void lastArcAndTheSynopsisAreWaitedForBeforeTheBookIsPublished() {
    BookView view = writtenAndIndexed(3, 2, 2);
    assertThat(view.waitingFor()).isEqualTo("the summary of chapters 1-2");

    view = fold(view, TestEvents.arc("b", 1, 2));
    assertThat(view.waitingFor()).isEqualTo("chapter 3 of 3 (the text model)");

    view = fold(fold(view, TestEvents.chapter("b", 3, 3)), TestEvents.indexed("b", 3));
    assertThat(view.waitingFor()).isEqualTo("the summary of chapters 3-3 and the synopsis");

    var last = TestEvents.arc("b", 3, 3);
    last.setSynopsis("A cat, a kitchen, a fish.");
    view = fold(view, last);
    assertThat(view.waitingFor()).isEqualTo("the finished book to be published");
    assertThat(view.story().synopsis()).isEqualTo("A cat, a kitchen, a fish.");
  }

  @Test
  void aLastArcSummaryWithoutItsSynopsisLeavesTheBookWaitingForTheSynopsisAsChapterServiceDoes() {
    BookView view = fold(writtenAndIndexed(1, 1, 1), TestEvents.arc("b", 1, 1));

    assertThat(view.story().synopsis()).isNull();
    assertThat(view.waitingFor()).isEqualTo("the synopsis");
  }

  @Test
  void whileAnAlbumsBookIsWrittenEachChapterShowsThePictureItsPlanPlacedItOn() {
    io.fablestream.events.BookPlanned planned = TestEvents.planned("b");
    planned.setBeats(
        List.of(
            new PlannedBeat(1, "Chelsea sees the fish", "", 1),
            new PlannedBeat(2, "She climbs the yarn", "", 2),
            new PlannedBeat(3, "The fish falls", "", 2)));

    BookView view =
        fold(
            TestEvents.analyzed("b", 3, 3),
            planned,
            TestEvents.chapter("b", 1, 3),
            TestEvents.chapter("b", 2, 3));

    assertThat(view.stage()).isEqualTo(BookView.Stage.WRITING);
    assertThat(view.story().plan().beats())
        .extracting(BookView.Beat::picture)
        .containsExactly(1, 2, 2);
    assertThat(view.story().chapters())
        .extracting(BookView.Chapter::number, BookView.Chapter::picture)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1), org.assertj.core.groups.Tuple.tuple(2, 2));
  }

  @Test
  void chapterShowsItsAttemptsWhetherAPersonWroteItAndHowItFared() {
    ChapterWritten written = TestEvents.chapter("b", 1, 3);
    written.setAttempts(2);
    written.setValidation(TestEvents.belowTheMood());

    BookView view = fold(TestEvents.submitted("b", 3, 3), written);

    assertThat(view.story().chapters())
        .containsExactly(
            new BookView.Chapter(
                1,
                "Chapter title 1",
                "Text of chapter 1.",
                4,
                2,
                false,
                new BookView.Validation(
                    0.4,
                    1,
                    false,
                    List.of("mood 0.40 is below 0.6"),
                    List.of("the cat wants the fish")),
                1));
    assertThat(view.request().language()).isEqualTo("en");
    assertThat(view.revisions())
        .containsExactly(
            new BookView.Revision(1, BookView.Stage.WRITING, null, null, false, null, null));
  }

  @Test
  void sameEventTwiceGivesAnEqualViewStampedWithTheEventsTime() {
    BookView once = fold(BookView.empty("b"), TestEvents.chapter("b", 1, 3));

    assertThat(fold(once, TestEvents.chapter("b", 1, 3))).isEqualTo(once);
    assertThat(once.updatedAt()).isEqualTo(RECORD_TIME);
  }

  @Test
  void eventThatCarriesItsTimeStampsTheViewWithItNotWithItsRecordTime() {
    Instant failedAt = TestEvents.SUBMITTED_AT.plusSeconds(30);
    var failure = TestEvents.failed("b", "IMAGE_UNREADABLE");
    failure.setFailedAt(failedAt);
    BookView submitted = fold(BookView.empty("b"), TestEvents.submitted("b", 3, 3));

    BookView once = fold(submitted, failure);

    assertThat(submitted.updatedAt()).isEqualTo(TestEvents.SUBMITTED_AT.toEpochMilli());
    assertThat(once.updatedAt()).isEqualTo(failedAt.toEpochMilli());
    assertThat(fold(once, failure)).isEqualTo(once);
  }

  @Test
  void revisionRequestMovesTheCompletedBookToItsNextRevisionKeepingTheChaptersBefore() {
    BookView completed = completedBook();

    BookView revising =
        fold(completed, TestEvents.revision("b", 2, 3, "make the stranger a friend"));

    assertThat(revising.revision()).isEqualTo(2);
    assertThat(revising.stage()).isEqualTo(BookView.Stage.WRITING);
    assertThat(revising.lastEvent()).isEqualTo("revision.requested");
    assertThat(revising.story().chapters()).isEqualTo(completed.story().chapters().subList(0, 2));
    assertThat(revising.story().summaries())
        .containsExactly(new BookView.Summary(1, 2, "Arc 1-2."));
    assertThat(revising.story().synopsis()).isNull();
    assertThat(revising.outcome().stats()).isNull();
    assertThat(revising.story().indexedThrough()).isEqualTo(2);
    assertThat(revising.waitingFor()).isEqualTo("chapter 3 of 4 (the text model)");
    assertThat(revising.updatedAt())
        .isEqualTo(TestEvents.SUBMITTED_AT.plusSeconds(7200).toEpochMilli());
    assertThat(revising.revisions())
        .containsExactly(
            FIRST_COMPLETED,
            secondFrom3(BookView.Stage.WRITING, "make the stranger a friend", null));
    // An event of the older revision changes nothing; the same request again is a duplicate.
    assertThat(fold(revising, TestEvents.chapter("b", 4, 4))).isEqualTo(revising);
    assertThat(fold(revising, TestEvents.revision("b", 2, 3, "again"))).isEqualTo(revising);

    BookView revised =
        fold(
            revising,
            TestEvents.chapter("b", 3, 4, 2),
            TestEvents.chapter("b", 4, 4, 2),
            TestEvents.completed("b", 4, 2, 2, 3));

    assertThat(revised.revision()).isEqualTo(2);
    assertThat(revised.stage()).isEqualTo(BookView.Stage.COMPLETED);
    assertThat(revised.story().chapters())
        .extracting(BookView.Chapter::title, BookView.Chapter::revision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Chapter title 1", 1),
            org.assertj.core.groups.Tuple.tuple("Chapter title 2", 1),
            org.assertj.core.groups.Tuple.tuple("Chapter title 3 (revision 2)", 2),
            org.assertj.core.groups.Tuple.tuple("Chapter title 4 (revision 2)", 2));
    assertThat(revised.revisions())
        .extracting(BookView.Revision::stage)
        .containsOnly(BookView.Stage.COMPLETED);
    assertThat(kept.finished("b", 1)).isEqualTo(completed);
    assertThat(kept.finished("b", 2)).isEqualTo(revised);
  }

  @Test
  void revisionFromAChapterKeepsWhatTheChaptersBeforeItSetInTheBible() {
    BookCompleted done = TestEvents.completed("b", 4, 2);
    done.setBible(TestEvents.bible());
    BookView completed =
        fold(TestEvents.submitted("b", 4, 2), TestEvents.analyzed("b", 4, 2), done);

    BibleView before = fold(completed, TestEvents.revision("b", 2, 3, "calmer")).story().bible();

    assertThat(before.cast())
        .containsExactly(
            new BibleView.CastMember(
                "Mina", List.of("the cat"), "A grey cat who wants the fish.", 0, List.of()),
            new BibleView.CastMember(
                "Oskar", List.of(), "A stranger at the kitchen door.", 2, List.of()));
    assertThat(before.facts())
        .extracting(BibleView.Fact::fact)
        .containsExactly("The kitchen is sunny.", "Oskar limps.");
    assertThat(before.threads())
        .containsExactly(
            new BibleView.StoryThread("Will the cat get the fish?", 0, null),
            new BibleView.StoryThread("Where does Oskar come from?", 2, null));
  }

  @Test
  void refusalOfASecondRequestForARevisionBeingWrittenLeavesItBeingWritten() {
    BookView writing =
        fold(
            completedBook(),
            TestEvents.revision("b", 2, 3, "a friend"),
            TestEvents.chapter("b", 3, 4, 2));
    String why = "Book b is still being written (revision 2); ask again once it is finished.";

    BookView after = fold(writing, TestEvents.failed("b", 2, "REVISE", "INVALID_REVISION", why));

    assertThat(after).isEqualTo(writing);
    assertThat(after.stage()).isEqualTo(BookView.Stage.WRITING);
    assertThat(after.revision()).isEqualTo(2);
  }

  @Test
  void refusedRevisionLeavesTheBookAtItsCompletedRevisionAndSaysWhy() {
    BookView completed = completedBook();
    String why = "There is no book b to revise: it was dropped after chapter.closed.retention.";
    BookView asked = fold(completed, TestEvents.revision("b", 2, 3, "a friend"));

    BookView refused = fold(asked, TestEvents.failed("b", 2, "REVISE", "INVALID_REVISION", why));

    BookView.Failure failure = new BookView.Failure("REVISE", "INVALID_REVISION", why, null);
    assertThat(refused.revision()).isEqualTo(1);
    assertThat(refused.stage()).isEqualTo(BookView.Stage.COMPLETED);
    assertThat(refused.story().chapters()).isEqualTo(completed.story().chapters());
    assertThat(refused.outcome().stats()).isEqualTo(completed.outcome().stats());
    assertThat(refused.lastEvent()).isEqualTo("book.failed");
    assertThat(refused.revisions())
        .containsExactly(FIRST_COMPLETED, secondFrom3(BookView.Stage.FAILED, "a friend", failure));
    // A refusal begins no revision: the next request has the same number, and is taken.
    assertThat(refused.nextRevision()).isEqualTo(2);
    assertThat(fold(refused, TestEvents.revision("b", 2, 1, "all anew")).revision()).isEqualTo(2);
  }

  @Test
  void requestChapterServiceWouldRefuseMovesNothing() {
    BookView completed = completedBook();
    var both = TestEvents.revision("b", 2, 3, "a friend");
    both.setText("My own chapter.");

    assertThat(fold(completed, TestEvents.revision("b", 3, 3, "skips a number")))
        .isEqualTo(completed);
    assertThat(fold(completed, TestEvents.revision("b", 2, 5, "no chapter 5")))
        .isEqualTo(completed);
    assertThat(fold(completed, both)).isEqualTo(completed);
    var beatPastTheEnd = TestEvents.revision("b", 2, 3, "a friend");
    beatPastTheEnd.setBeats(List.of(new PlannedBeat(5, "Mira leaves", "", 1)));
    assertThat(fold(completed, beatPastTheEnd)).isEqualTo(completed);
    BookView writing = fold(TestEvents.submitted("b", 4, 2), TestEvents.chapter("b", 1, 4));
    assertThat(fold(writing, TestEvents.revision("b", 2, 1, "too early"))).isEqualTo(writing);
  }

  @Test
  void aRevisionsBeatIsCheckedAgainstTheBookAndNamedWhenItIsPastTheLastChapter() {
    BookView completed = completedBook();
    RevisionRequest pastTheEnd =
        new RevisionRequest(
            3,
            null,
            "Darker.",
            null,
            List.of(
                new PlannedBeat(3, "The glass breaks", "", 1), new PlannedBeat(5, "Far", "", 1)));

    assertThatThrownBy(() -> pastTheEnd.checkAgainst(completed))
        .isInstanceOfSatisfying(
            ImageInput.BadInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("beats[1].chapter");
              assertThat(e.getMessage())
                  .isEqualTo("beats[1].chapter is 5, but book b has chapters 1 to 4.");
            });
    assertThat(
            new RevisionRequest(
                    3, null, "Darker.", null, List.of(new PlannedBeat(4, "Mira leaves", "", 1)))
                .checkAgainst(completed))
        .isEqualTo(2);
  }

  @Test
  void revisionFailingMidwayGoesBackToTheCompletedRevisionAndUsesUpItsNumber() {
    BookView completed = completedBook();
    String why = "The model server stayed unreachable.";
    BookView revising =
        fold(
            completed,
            TestEvents.revision("b", 2, 2, "a storm"),
            TestEvents.chapter("b", 2, 4, 2),
            TestEvents.indexed("b", 2, 2));

    BookView failed = fold(revising, TestEvents.failed("b", 2, "WRITE", "MODEL_UNAVAILABLE", why));

    assertThat(failed.revision()).isEqualTo(1);
    assertThat(failed.stage()).isEqualTo(BookView.Stage.COMPLETED);
    assertThat(failed.story().chapters()).isEqualTo(completed.story().chapters());
    assertThat(failed.revisionEntry(2).orElseThrow().failure())
        .isEqualTo(new BookView.Failure("WRITE", "MODEL_UNAVAILABLE", why, null));
    // The failed revision's view is kept as it ended, its rewritten chapter 2 in it.
    BookView failedRevision = kept.finished("b", 2);
    assertThat(failedRevision.stage()).isEqualTo(BookView.Stage.FAILED);
    assertThat(failedRevision.story().chapters())
        .extracting(BookView.Chapter::revision)
        .containsExactly(1, 2);
    // chapter-service counts the failed revision: the next is 3, from chapter 2 at the latest.
    assertThat(fold(failed, TestEvents.revision("b", 2, 2, "again"))).isEqualTo(failed);
    assertThat(fold(failed, TestEvents.revision("b", 3, 3, "later"))).isEqualTo(failed);
    BookView third = fold(failed, TestEvents.revision("b", 3, 2, "calmer"));
    assertThat(third.revision()).isEqualTo(3);
    // Once a later revision completes, the limit is gone: any chapter may start the next one.
    BookView thirdDone =
        fold(
            third,
            TestEvents.chapter("b", 2, 4, 3),
            TestEvents.chapter("b", 3, 4, 3),
            TestEvents.chapter("b", 4, 4, 3),
            TestEvents.completed("b", 4, 2, 3, 2));
    assertThat(thirdDone.stage()).isEqualTo(BookView.Stage.COMPLETED);
    assertThat(fold(thirdDone, TestEvents.revision("b", 4, 4, "a gentler end")).revision())
        .isEqualTo(4);
  }

  @Test
  void jsonOfARevisedViewReadsBackEqual() {
    BookView view = fold(completedBook(), TestEvents.revision("b", 2, 3, "a friend"));

    assertThat(Json.read(Json.write(view), BookView.class)).isEqualTo(view);
  }

  private BookView fold(BookView view, SpecificRecord... events) {
    for (SpecificRecord event : events) {
      view = fold(view, event);
    }
    return view;
  }
}
