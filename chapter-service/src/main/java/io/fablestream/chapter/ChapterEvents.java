package io.fablestream.chapter;

import io.fablestream.chapter.state.BestAttempt;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterStep;
import io.fablestream.events.ChapterValidation;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.BookLanguage;
import java.util.List;

/** The ChapterWritten events chapter-service publishes: a model's chapter, or a person's. */
final class ChapterEvents {
  private final String textModel;
  private final KeywordExtractor keywords = new KeywordExtractor(8);

  ChapterEvents(String textModel) {
    this.textModel = textModel;
  }

  /** The chapter of a step: the attempt that passed, or the best one under the publish policy. */
  ChapterSteps.Published published(
      BookState book, ChapterStep step, BestAttempt attempt, boolean passed, long now) {
    Usage spent = BookTransitions.usageOf(step.getSpent());
    BibleUpdate said = BibleUpdate.read(attempt.getAnswer());
    // The accepted chapter updates the story bible (a Published outcome is always published).
    book.setBible(
        StoryBible.of(book)
            .with(said, step.getChapter(), BiblePrompt.runEndsAfter(book, step.getChapter()))
            .toJson());
    ChapterWritten chapter =
        ChapterWritten.newBuilder()
            .setBookId(book.getBookId())
            .setChapterNumber(step.getChapter())
            .setChapterCount(book.getChapterCount())
            .setTitle(attempt.getTitle())
            .setText(attempt.getText())
            .setWordCount(BookLanguage.wordsIn(attempt.getText()))
            .setKeywords(keywords.keywords(attempt.getText()))
            .setAttempts(step.getAttempt())
            .setValidation(
                ChapterValidation.newBuilder()
                    .setMoodScore(attempt.getMoodScore())
                    .setConflictCount(attempt.getConflictCount())
                    .setPassed(passed)
                    .setNotes(passed ? List.of() : attempt.getNotes())
                    .setAdvancedConflicts(attempt.getAdvancedConflicts())
                    .setTone(attempt.getTone())
                    .setContradictions(
                        ContradictionCheck.decoded(attempt.getContradictions()).stream()
                            .map(ContradictionCheck.Found::event)
                            .toList())
                    .setContradictionsFound(step.getContradictionsFound().size())
                    .setContradictionsFixed(
                        ContradictionCheck.fixed(
                            step.getContradictionsFound(), attempt.getContradictions()))
                    .build())
            .setSummary(said.summaryOr(attempt.getText()))
            .setModel(textModel)
            .setUsage(spent.toEvent())
            .setRevision(book.getRevision())
            .build();
    return new ChapterSteps.Published(chapter, spent, Math.max(0, now - step.getStartedAt()));
  }

  /** A chapter a person wrote, from a revision request: taken as written, not validated. */
  ChapterWritten edited(BookState book, int n, String title, String text) {
    return ChapterWritten.newBuilder()
        .setBookId(book.getBookId())
        .setChapterNumber(n)
        .setChapterCount(book.getChapterCount())
        .setTitle(title)
        .setText(text)
        .setWordCount(BookLanguage.wordsIn(text))
        .setKeywords(keywords.keywords(text))
        .setAttempts(0)
        .setValidation(
            ChapterValidation.newBuilder()
                .setMoodScore(0)
                .setConflictCount(0)
                .setPassed(false)
                .setNotes(List.of("Written by a person: taken as written, not validated."))
                .setContradictions(List.of())
                .build())
        .setModel("person")
        .setUsage(Usage.NONE.toEvent())
        .setRevision(book.getRevision())
        .setEdited(true)
        .setSummary(BibleUpdate.twoSentences(text))
        .build();
  }
}
