package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.chapter.state.SpentUsage;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.events.ArcSummary;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookStats;
import io.fablestream.events.ImageAnalysis;
import java.time.Instant;
import java.util.List;

/**
 * The BookCompleted of a book's state: the mapping from what chapter-service holds of a finished
 * book (its state and its chapters' texts) to the event it publishes. The state's own changes are
 * {@link BookTransitions}'.
 */
final class CompletedBook {
  private CompletedBook() {}

  /**
   * The finished book (the current revision), with what it cost over its calls: for the first
   * writing the analysis too, and the wall time from the submission; for a revision, from its
   * request.
   */
  static BookCompleted of(BookState book, List<ChapterText> texts, long now) {
    StorySeed story = book.getStory();
    List<BookChapter> chapters =
        texts.stream()
            .map(
                c ->
                    BookChapter.newBuilder()
                        .setNumber(c.getNumber())
                        .setTitle(c.getTitle())
                        .setText(c.getText())
                        .setWordCount(c.getWordCount())
                        .setRevision(c.getRevision())
                        .setEdited(c.getEdited())
                        .setSummary(c.getSummary())
                        .setIllustration(
                            c.getIllustration() == null
                                ? null
                                : Illustrator.ref(
                                    book.getBookId(), c.getNumber(), c.getIllustration()))
                        .setIllustrationFailure(c.getIllustrationFailure())
                        .setPicture(Pictures.of(book, c.getNumber()))
                        .build())
            .toList();
    List<ArcSummary> summaries =
        book.getSummaries().stream()
            .map(
                s ->
                    ArcSummary.newBuilder()
                        .setFromChapter(s.getFromChapter())
                        .setThroughChapter(s.getThroughChapter())
                        .setSummary(s.getSummary())
                        .build())
            .toList();
    SpentUsage usage = book.getUsage();
    String title = book.getTitle() != null ? book.getTitle() : texts.get(0).getTitle();
    long started = book.getRevision() > 1 ? book.getRevisionStartedAt() : book.getSubmittedAt();
    return BookCompleted.newBuilder()
        .setBookId(book.getBookId())
        .setTitle(title)
        .setAnalysis(
            ImageAnalysis.newBuilder()
                .setSetting(story.getSetting())
                .setCharacters(story.getCharacters())
                .setMood(story.getMood())
                .setObjects(story.getObjects())
                .setPotentialConflicts(story.getConflicts())
                .build())
        .setChapters(chapters)
        .setSummaries(summaries)
        .setStats(
            BookStats.newBuilder()
                .setPromptTokens(usage.getPromptTokens())
                .setOutputTokens(usage.getOutputTokens())
                .setModelTimeMs(usage.getDurationMs())
                .setWallTimeMs(Math.max(0, now - started))
                .setModelCalls(usage.getCalls())
                .setImageCalls(usage.getImageCalls())
                .setImageTimeMs(usage.getImageTimeMs())
                .build())
        .setRequestedBy(book.getRequestedBy())
        .setCompletedAt(Instant.ofEpochMilli(now))
        .setRevision(book.getRevision())
        .setLanguage(book.getLanguage())
        .setSynopsis(book.getSynopsis())
        .setQuality(BookMeasure.of(book, texts))
        .setBible(book.getStory() == null ? null : StoryBible.of(book).event())
        .build();
  }
}
