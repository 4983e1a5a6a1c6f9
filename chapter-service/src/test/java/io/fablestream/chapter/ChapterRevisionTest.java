package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookStatus;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
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
    List<ChapterWritten> chapter3 = line.chapters.readValuesToList();
    assertThat(chapter3)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getChapterNumber()).isEqualTo(3);
              assertThat(c.getRevision()).isEqualTo(2);
              assertThat(c.getEdited()).isFalse();
            });

    finishRevision(2, 3);

    BookCompleted second = line.completed.readValue();
    assertThat(second.getRevision()).isEqualTo(2);
    assertThat(second.getChapters().subList(0, 2)).isEqualTo(first.getChapters().subList(0, 2));
    assertThat(second.getChapters())
        .extracting(BookChapter::getNumber, BookChapter::getRevision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1),
            org.assertj.core.groups.Tuple.tuple(2, 1),
            org.assertj.core.groups.Tuple.tuple(3, 2),
            org.assertj.core.groups.Tuple.tuple(4, 2));
    assertThat(second.getSummaries()).hasSize(2);
    assertThat(second.getSynopsis()).isEqualTo(ChapterLine.SYNOPSIS);
    assertThat(line.completed.isEmpty()).isTrue();
    assertThat(line.failed.isEmpty()).isTrue();
  }

  @Test
  void aRevisionWithAPersonsTextPublishesItAsWrittenAndWritesTheRestAnew() {
    completedBook();
    int asked = line.models.requests().size();

    line.revision(text(2, 4, "The storm ended. Mira went home."));

    ChapterWritten four = line.chapters.readValue();
    assertThat(four.getChapterNumber()).isEqualTo(4);
    assertThat(four.getText()).isEqualTo("The storm ended. Mira went home.");
    assertThat(four.getEdited()).isTrue();
    assertThat(four.getRevision()).isEqualTo(2);
    assertThat(four.getValidation().getPassed()).isFalse();
    assertThat(line.models.requests()).as("no model call for a person's text").hasSize(asked);

    line.chapterIndexed(BOOK, 4, 2);
    line.arcSummarized(BOOK, 3, 4, 2);

    BookCompleted revised = line.completed.readValue();
    assertThat(revised.getChapters().get(3).getEdited()).isTrue();
    assertThat(revised.getChapters().get(3).getText())
        .isEqualTo("The storm ended. Mira went home.");
    // A person's chapter is measured but not judged: its judge score stays out of the book's.
    assertThat(revised.getQuality().getChapters())
        .extracting(c -> c.getNumber(), c -> c.getJudgeScore(), c -> c.getWordCount())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 0.9, first(revised, 1)),
            org.assertj.core.groups.Tuple.tuple(2, 0.9, first(revised, 2)),
            org.assertj.core.groups.Tuple.tuple(3, 0.9, first(revised, 3)),
            org.assertj.core.groups.Tuple.tuple(4, null, 6));
    assertThat(revised.getQuality().getJudgeScore()).isEqualTo(0.9);
  }

  @ParameterizedTest
  @CsvSource({
    "3, 2, the next revision is 2, not 3",
    "2, 0, fromChapter is 0",
    "2, 5, has chapters 1 to 4",
  })
  void aRevisionThatCannotBeMadeFailsForItsNumberAndLeavesTheBookCompleted(
      int revision, int from, String why) {
    completedBook();

    line.revision(instruction(revision, from, "shorter"));

    BookFailed failed = line.failed.readValue();
    assertThat(failed.getReason()).isEqualTo("INVALID_REVISION");
    assertThat(failed.getStage()).isEqualTo("REVISE");
    assertThat(failed.getRevision()).isEqualTo(revision);
    assertThat(failed.getMessage()).contains(why);
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

    BookFailed failed = line.failed.readValue();
    assertThat(failed.getReason()).isEqualTo("MODEL_UNAVAILABLE");
    assertThat(failed.getRevision()).isEqualTo(2);
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

  private static int first(BookCompleted book, int chapter) {
    return book.getChapters().get(chapter - 1).getWordCount();
  }
}
