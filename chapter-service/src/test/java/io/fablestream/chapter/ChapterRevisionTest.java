package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookStatus;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.BookStats;
import io.fablestream.events.ChapterValidation;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.PlannedBeat;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A person revises a completed book from chapter k: the chapters before k are kept, chapter k is
 * their text or a rewrite with their instruction, the chapters after it are written anew, and the
 * revision ends in its own BookCompleted. A request that cannot be made gets a BookFailed for the
 * revision it asked for, and the book stays as it was.
 */
class ChapterRevisionTest extends ChapterLineTest {
  private static final String BOOK = "book-1";

  /** A completed book of four chapters in arcs of two. */
  private BookCompleted completedBook() {
    line = new ChapterLine();
    line.analysisReady(BOOK, 4, 2);
    line.indexAndSummarize(BOOK, 4, 2);
    line.chapters.readValuesToList();
    List<BookCompleted> done = line.completed.readValuesToList();
    assertThat(done).hasSize(1);
    return done.get(0);
  }

  private static BookRevisionRequested instruction(int revision, int from, String note) {
    return BookRevisionRequested.newBuilder()
        .setBookId(BOOK)
        .setRevision(revision)
        .setFromChapter(from)
        .setInstruction(note)
        .setRequestedBy("ana")
        .setRequestedAt(ChapterLine.START)
        .build();
  }

  private static BookRevisionRequested text(int revision, int from, String text) {
    return BookRevisionRequested.newBuilder(instruction(revision, from, null))
        .setInstruction(null)
        .setText(text)
        .build();
  }

  private void finishRevision(int revision, int from) {
    for (int n = from; n <= 4; n++) {
      line.chapterIndexed(BOOK, n, revision);
      if (n % 2 == 0) {
        line.arcSummarized(BOOK, n - 1, n, revision);
      }
    }
  }

  @Test
  void aRevisionWithAnInstructionRewritesFromItsChapterAndKeepsTheChaptersBefore() {
    BookCompleted first = completedBook();
    int asked = line.writerRequests().size();

    line.revision(instruction(2, 3, "make the stranger an old friend"));

    List<ModelRequest> writes = line.writerRequests();
    assertThat(writes).hasSize(asked + 1);
    assertThat(writes.getLast().prompt())
        .contains("Write chapter 3 of 4")
        .contains(
            "Chapters 1-2: " + ChapterLine.summaryOf(1, 2),
            "THIS CHAPTER AS IT WAS WRITTEN BEFORE",
            first.getChapters().get(2).getText().strip(),
            "- make the stranger an old friend")
        .doesNotContain("Chapters 3-4:");
    // The model's second writing of chapter 3, published whole as revision 2's.
    assertThat(line.chapters.readValuesToList()).containsExactly(rewritten(3));

    finishRevision(2, 3);

    // The same book but for revision 2's chapters 3 and 4 and what the revision cost: two
    // chapters written and judged, and the summary of their arc.
    BookCompleted second = line.completed.readValue();
    assertThat(second)
        .isEqualTo(
            BookCompleted.newBuilder(first)
                .setRevision(2)
                .setChapters(
                    List.of(
                        first.getChapters().get(0),
                        first.getChapters().get(1),
                        rewrittenInTheBook(3),
                        rewrittenInTheBook(4)))
                .setStats(
                    BookStats.newBuilder()
                        .setPromptTokens(4 * 10 + 30)
                        // Each chapter's second draft as the tokenizer charged it, the two judges'
                        // calls and the arc's summary.
                        .setOutputTokens(
                            StoryModel.writerUsage(3, 2).outputTokens()
                                + StoryModel.writerUsage(4, 2).outputTokens()
                                + 2 * 20
                                + 15)
                        .setModelTimeMs(4 * 100 + 300)
                        .setWallTimeMs(0)
                        .setModelCalls(5)
                        .build())
                .build());
    assertThat(line.completed.isEmpty()).isTrue();
    assertThat(line.failed.isEmpty()).isTrue();
  }

  @Test
  void aRevisionWithAPersonsTextPublishesItAsWrittenAndWritesTheRestAnew() {
    completedBook();
    int asked = line.models.requests().size();

    line.revision(text(2, 4, "The storm ended. Mira went home."));

    String text = "The storm ended. Mira went home.";
    assertThat(line.chapters.readValue())
        .isEqualTo(
            ChapterWritten.newBuilder(
                    ChapterLine.chapter(
                        BOOK,
                        4,
                        4,
                        text,
                        0,
                        ChapterValidation.newBuilder()
                            .setMoodScore(0.0)
                            .setConflictCount(0)
                            .setPassed(false)
                            .setNotes(
                                List.of("Written by a person: taken as written, not validated."))
                            .setContradictions(List.of())
                            .build(),
                        Usage.NONE))
                .setModel("person")
                .setRevision(2)
                .setEdited(true)
                .setSummary(text) // a person's chapter: its first two sentences
                .build());
    assertThat(line.models.requests()).as("no model call for a person's text").hasSize(asked);

    line.chapterIndexed(BOOK, 4, 2);
    line.arcSummarized(BOOK, 3, 4, 2);

    BookCompleted revised = line.completed.readValue();
    assertThat(revised.getChapters().get(3))
        .isEqualTo(
            BookChapter.newBuilder()
                .setNumber(4)
                .setTitle(StoryModel.title(4))
                .setText(text)
                .setWordCount(6)
                .setRevision(2)
                .setEdited(true)
                .setSummary(text)
                .build());
    // A person's chapter is measured but not judged: its judge score stays out of the book's.
    assertThat(revised.getQuality().getChapters())
        .extracting(c -> c.getNumber(), c -> c.getJudgeScore(), c -> c.getWordCount())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1.0, first(revised, 1)),
            org.assertj.core.groups.Tuple.tuple(2, 1.0, first(revised, 2)),
            org.assertj.core.groups.Tuple.tuple(3, 1.0, first(revised, 3)),
            org.assertj.core.groups.Tuple.tuple(4, null, 6));
    assertThat(revised.getQuality().getJudgeScore()).isEqualTo(1.0);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "3 | 2 | Book book-1 is at revision 1, so the next revision is 2, not 3.",
        "2 | 0 | fromChapter is 0, but book book-1 has chapters 1 to 4.",
        "2 | 5 | fromChapter is 5, but book book-1 has chapters 1 to 4.",
      })
  void aRevisionThatCannotBeMadeFailsForItsNumberAndLeavesTheBookCompleted(
      int revision, int from, String why) {
    completedBook();

    line.revision(instruction(revision, from, "shorter"));

    assertThat(line.failed.readValue()).isEqualTo(refused(revision, from, why));
    assertThat(line.state(BOOK).getStatus()).isEqualTo(BookStatus.COMPLETED);
    assertThat(line.state(BOOK).getRevision()).isEqualTo(1);
    assertThat(line.chapters.isEmpty()).isTrue();
  }

  @Test
  void aRevisionWithBothTextAndInstructionOrOfAnUnknownBookIsRefused() {
    completedBook();

    line.revision(
        BookRevisionRequested.newBuilder(text(2, 1, "mine")).setInstruction("and").build());
    line.revision(
        BookRevisionRequested.newBuilder(instruction(2, 1, "x")).setBookId("nobody").build());

    assertThat(line.failed.readValuesToList())
        .extracting(
            BookFailed::getBookId,
            BookFailed::getReason,
            f -> f.getMessage().contains(f.getBookId().equals(BOOK) ? "both" : "no book"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(BOOK, "INVALID_REVISION", true),
            org.assertj.core.groups.Tuple.tuple("nobody", "INVALID_REVISION", true));
    assertThat(line.state("nobody")).as("a refused request creates nothing").isNull();
  }

  @Test
  void aRevisionArrivingWhileThePreviousOneIsStillBeingIndexedIsRefusedAndTheFirstGoesOn() {
    completedBook();
    line.revision(instruction(2, 4, "a happier end"));
    line.chapters.readValuesToList();

    line.revision(instruction(3, 2, "too soon"));
    line.revision(instruction(2, 4, "a happier end")); // the same request again: a duplicate

    assertThat(line.failed.readValuesToList())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.getRevision()).isEqualTo(3);
              assertThat(f.getMessage()).contains("still being written (revision 2)");
            });
    line.chapterIndexed(BOOK, 4, 1); // a late event of the first writing changes nothing
    assertThat(line.completed.isEmpty()).isTrue();
    line.chapterIndexed(BOOK, 4, 2);
    line.arcSummarized(BOOK, 3, 4, 2);
    assertThat(line.completed.readValue().getRevision()).isEqualTo(2);
  }

  @Test
  void aRevisionThatFailsMidwayLeavesTheBookRevisableFromNoLaterThanWhereItBegan() {
    completedBook();
    line.story.writer(
        (n, attempt) -> {
          throw new ModelException(ModelException.Kind.UNAVAILABLE, "down", 4, null);
        });

    line.revision(instruction(2, 3, "darker"));

    // The message's wording (what to fix) has its own tests; here, the failure of revision 2.
    assertThat(line.failed.readValue())
        .usingRecursiveComparison()
        .ignoringFields("message")
        .isEqualTo(
            BookFailed.newBuilder()
                .setBookId(BOOK)
                .setStage("WRITE")
                .setReason("MODEL_UNAVAILABLE")
                .setMessage("")
                .setChapterNumber(3)
                .setFailedAt(ChapterLine.START)
                .setRevision(2)
                .build());
    assertThat(line.state(BOOK).getStatus()).isEqualTo(BookStatus.COMPLETED);
    assertThat(line.state(BOOK).getCompletedRevision()).isEqualTo(1);

    line.revision(instruction(3, 4, "later"));
    assertThat(line.failed.readValue().getMessage()).contains("from chapters 1 to 3 only");

    line.story.writer(StoryModel::chapterJson);
    line.revision(instruction(3, 3, "darker, again"));
    assertThat(line.chapters.readValuesToList())
        .extracting(ChapterWritten::getChapterNumber, ChapterWritten::getRevision)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 3));
  }

  @Test
  void aRevisionWithANewBeatWritesItsChapterFromItAndTheLaterChaptersFromThePlan() {
    completedBook();
    BookPlanned first = line.planned.readValue();
    int asked = line.writerRequests().size();

    line.revision(
        withBeats(
            instruction(2, 3, "darker"),
            new PlannedBeat(3, " Mira finds the lamp's glass broken ", "the glass cuts her", 7)));

    // The plan the revision is written from, published as the plan's next revision (a person's):
    // the beats before 3 kept, chapter 3's words new, chapter 4's the plan's.
    assertThat(line.planned.readValuesToList())
        .containsExactly(
            BookPlanned.newBuilder(first)
                .setRevision(2)
                .setModel(null)
                .setPlannedAt(ChapterLine.START)
                .setBeats(
                    List.of(
                        first.getBeats().get(0),
                        first.getBeats().get(1),
                        new PlannedBeat(
                            3, "Mira finds the lamp's glass broken", "the glass cuts her", 1),
                        first.getBeats().get(3)))
                .build());
    assertThat(line.writerRequests().get(asked).prompt())
        .contains(
            "Write chapter 3 of 4",
            "The plan for this chapter: Mira finds the lamp's glass broken\nIt ends: the glass cuts her\n",
            "- Chapter 4: " + StoryModel.beat(4),
            "The next chapter will do what the plan above gives for chapter 4",
            "- darker")
        .doesNotContain(StoryModel.beat(3));

    finishRevision(2, 3);

    assertThat(line.writerRequests().getLast().prompt())
        .contains("Write chapter 4 of 4", "The plan for this chapter: " + StoryModel.beat(4));
    assertThat(line.completed.readValue().getRevision()).isEqualTo(2);
    assertThat(line.failed.isEmpty()).isTrue();
  }

  @Test
  void aRevisionWithAPersonsTextAndTheNextChaptersBeatWritesThatChapterFromTheNewBeat() {
    completedBook();
    line.planned.readValuesToList();

    line.revision(
        withBeats(
            text(2, 3, "The storm broke the glass. Mira swept it up."),
            new PlannedBeat(4, "Mira relights the lamp with Tobin's help", "", 1)));
    line.chapterIndexed(BOOK, 3, 2);

    assertThat(line.writerRequests().getLast().prompt())
        .contains(
            "Write chapter 4 of 4",
            "The plan for this chapter: Mira relights the lamp with Tobin's help\n")
        .doesNotContain(StoryModel.beat(4), "It ends:");
    assertThat(line.planned.readValue().getBeats())
        .extracting(PlannedBeat::getBeat)
        .containsExactly(
            StoryModel.beat(1),
            StoryModel.beat(2),
            StoryModel.beat(3),
            "Mira relights the lamp with Tobin's help");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2 | Early. | beats[1].chapter is 2; a revision from chapter 3 takes beats for chapter 3 on (the"
            + " beats before it are kept).",
        "5 | Late. | beats[1].chapter is 5, but book book-1 has chapters 1 to 4.",
        "3 | Again. | beats[1].chapter is 3, as beats[0] is: a chapter takes one beat.",
        "4 |   | beats[1].beat is empty.",
      })
  void aRevisionWithABeatThatCannotBeTakenIsRefusedAndTheBookGoesOn(
      int chapter, String beat, String why) {
    completedBook();
    line.planned.readValuesToList();

    line.revision(
        withBeats(
            instruction(2, 3, "darker"),
            new PlannedBeat(3, "Mira finds the glass broken", "", 1),
            new PlannedBeat(chapter, beat == null ? " " : beat, "", 1)));

    assertThat(line.failed.readValue()).isEqualTo(refused(2, 3, why));
    assertThat(line.state(BOOK).getStatus()).isEqualTo(BookStatus.COMPLETED);
    assertThat(line.chapters.isEmpty()).isTrue();
    assertThat(line.planned.isEmpty()).isTrue();

    // The refusal stops nothing: the same revision with good beats is taken.
    line.revision(
        withBeats(
            instruction(2, 3, "darker"), new PlannedBeat(4, "Mira relights the lamp", "", 1)));
    assertThat(line.chapters.readValuesToList())
        .extracting(ChapterWritten::getChapterNumber, ChapterWritten::getRevision)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 2));
    assertThat(line.planned.readValue().getRevision()).isEqualTo(2);
  }

  /** The BookFailed of a revision request chapter-service refuses, saying why. */
  private static BookFailed refused(int revision, int from, String why) {
    return BookFailed.newBuilder()
        .setBookId(BOOK)
        .setStage("REVISE")
        .setReason("INVALID_REVISION")
        .setMessage(why)
        .setChapterNumber(from)
        .setFailedAt(ChapterLine.START)
        .setRevision(revision)
        .build();
  }

  private static BookRevisionRequested withBeats(
      BookRevisionRequested request, PlannedBeat... beats) {
    return BookRevisionRequested.newBuilder(request).setBeats(List.of(beats)).build();
  }

  /** Chapter n as revision 2 publishes it: the model's second writing of it, passed at once. */
  private static ChapterWritten rewritten(int n) {
    return ChapterWritten.newBuilder(
            ChapterLine.chapter(
                BOOK,
                n,
                4,
                StoryModel.text(n, 2),
                1,
                ChapterValidation.newBuilder()
                    .setMoodScore(1.0)
                    .setConflictCount(1)
                    .setPassed(true)
                    .setAdvancedConflicts(List.of(ChapterLine.CONFLICTS.get(0)))
                    .setTone(5)
                    .setContradictions(List.of())
                    .build(),
                StoryModel.writerUsage(n, 2).plus(ChapterLine.CALL)))
        .setRevision(2)
        .setSummary(StoryModel.summary(n))
        .build();
  }

  /** Chapter n of revision 2 as the finished book lists it. */
  private static BookChapter rewrittenInTheBook(int n) {
    ChapterWritten written = rewritten(n);
    return BookChapter.newBuilder()
        .setNumber(n)
        .setTitle(written.getTitle())
        .setText(written.getText())
        .setWordCount(written.getWordCount())
        .setRevision(2)
        .setEdited(false)
        .setSummary(written.getSummary())
        .build();
  }

  private static int first(BookCompleted book, int chapter) {
    return book.getChapters().get(chapter - 1).getWordCount();
  }
}
