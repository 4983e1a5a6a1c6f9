package io.fablestream.app;

import io.fablestream.events.ArcSummary;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookStats;
import io.fablestream.events.IllustrationRef;
import io.fablestream.events.ImageAnalysis;
import java.time.Instant;
import java.util.Locale;

/**
 * A completed revision's view as the BookCompleted chapter-service published for it, so the
 * Markdown and the EPUB of the read model are those of the finished book itself: every field
 * BookCompleted has is in the view.
 */
public final class FinishedBook {
  private FinishedBook() {}

  /**
   * The finished book of a completed view.
   *
   * @throws IllegalArgumentException when the view is not of a completed revision
   */
  public static BookCompleted of(BookView view) {
    if (view.stage() != BookView.Stage.COMPLETED || view.story().analysis() == null) {
      throw new IllegalArgumentException(
          "Book " + view.bookId() + " is " + view.stage() + ", not completed");
    }
    BookView.Analysis a = view.story().analysis();
    BookView.Stats s =
        view.outcome().stats() == null
            ? new BookView.Stats(0, 0, 0, 0, 0, 0, 0)
            : view.outcome().stats();
    return BookCompleted.newBuilder()
        .setBookId(view.bookId())
        .setTitle(view.request().title() == null ? "" : view.request().title())
        .setAnalysis(
            ImageAnalysis.newBuilder()
                .setSetting(a.setting())
                .setCharacters(a.characters())
                .setMood(a.mood())
                .setObjects(a.objects())
                .setPotentialConflicts(a.potentialConflicts())
                .build())
        .setChapters(
            view.story().chapters().stream()
                .map(
                    c ->
                        BookChapter.newBuilder()
                            .setNumber(c.number())
                            .setTitle(c.title())
                            .setText(c.text())
                            .setWordCount(c.wordCount())
                            .setRevision(c.revision())
                            .setEdited(c.edited())
                            .setPicture(c.picture())
                            .setIllustration(illustration(c.illustration()))
                            .setIllustrationFailure(c.illustrationFailure())
                            .build())
                .toList())
        .setSummaries(
            view.story().summaries().stream()
                .map(
                    x ->
                        ArcSummary.newBuilder()
                            .setFromChapter(x.fromChapter())
                            .setThroughChapter(x.throughChapter())
                            .setSummary(x.summary())
                            .build())
                .toList())
        .setStats(
            BookStats.newBuilder()
                .setPromptTokens(s.promptTokens())
                .setOutputTokens(s.outputTokens())
                .setModelTimeMs(s.modelTimeMs())
                .setWallTimeMs(s.wallTimeMs())
                .setModelCalls(s.modelCalls())
                .setImageCalls(s.imageCalls())
                .setImageTimeMs(s.imageTimeMs())
                .build())
        .setRequestedBy(view.request().requestedBy())
        // The view's time is the BookCompleted's own, so the same book gives the same file.
        .setCompletedAt(Instant.ofEpochMilli(view.updatedAt()))
        .setRevision(view.revision())
        .setLanguage(view.request().language() == null ? "en" : view.request().language())
        .setSynopsis(view.story().synopsis())
        .setQuality(view.outcome().quality() == null ? null : view.outcome().quality().toEvent())
        .setBible(view.story().bible() == null ? null : view.story().bible().toEvent())
        .build();
  }

  private static IllustrationRef illustration(BookView.Illustration i) {
    return i == null
        ? null
        : IllustrationRef.newBuilder()
            .setPath(i.path())
            .setContentType(i.contentType())
            .setSize(i.size())
            .setWidth(i.width())
            .setHeight(i.height())
            .setAlt(i.alt())
            .build();
  }

  /** A file name from a title: lowercase words joined by dashes, then the extension. */
  public static String fileName(String title, String bookId, String extension) {
    String slug =
        title == null
            ? ""
            : title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    if (slug.isEmpty()) {
      slug = "book-" + bookId.substring(0, 8);
    }
    return (slug.length() > 60 ? slug.substring(0, 60) : slug) + extension;
  }
}
