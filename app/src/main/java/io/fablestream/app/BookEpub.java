package io.fablestream.app;

import io.fablestream.app.epub.BookPages;
import io.fablestream.app.epub.BookPages.NavEntry;
import io.fablestream.app.epub.CoverImage;
import io.fablestream.app.epub.EpubArchive;
import io.fablestream.app.epub.EpubFile;
import io.fablestream.app.epub.EpubLanguage;
import io.fablestream.app.epub.PackageDocument;
import io.fablestream.app.epub.Xhtml;
import io.fablestream.events.ArcSummary;
import io.fablestream.events.BibleCharacter;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A finished book as an EPUB 3 file: the picture as its cover (when there is one), a title page
 * with the synopsis, one XHTML file per chapter, the arc summaries as an appendix and the
 * navigation document, with the book's title, language, creator, dates and identifier as metadata.
 * The same book gives the same bytes, so a cache or a test can compare them.
 */
public final class BookEpub {
  private static final String DEFAULT_CREATOR = "Fablestream";
  private static final String UNTITLED = "Untitled";

  private BookEpub() {}

  /**
   * The EPUB 3 file of a finished book, with the picture as its cover when there is one.
   *
   * @param book the finished book
   * @param cover the picture it was written from, or null (a book submitted by URI may have none at
   *     hand); a picture that cannot be read is left out rather than costing the book its file
   */
  public static byte[] of(BookCompleted book, BookCover cover) {
    return of(book, cover, chapter -> null);
  }

  /** Where the EPUB finds each chapter's illustration: the read model's store. */
  @FunctionalInterface
  public interface Illustrations {
    /** The illustration of a chapter whose {@code illustration} names one, or null for none. */
    BookIllustration of(BookChapter chapter);
  }

  /**
   * The EPUB 3 file of a finished book, with the picture as its cover when there is one, and each
   * chapter's illustration (one BookCompleted names and {@code illustrations} holds) at the top of
   * its chapter, described by the reference's alt text; a chapter without one has none.
   */
  public static byte[] of(BookCompleted book, BookCover cover, Illustrations illustrations) {
    EpubLanguage language = EpubLanguage.of(book.getLanguage());
    String title = orElse(Xhtml.oneLine(book.getTitle()), UNTITLED);
    String creator = orElse(Xhtml.oneLine(book.getRequestedBy()), DEFAULT_CREATOR);
    Instant completedAt = book.getCompletedAt();

    Pages pages = new Pages(new BookPages(language));
    Optional.ofNullable(cover)
        .flatMap(c -> CoverImage.of(c.data()))
        .ifPresent(image -> pages.cover(image, title, book.getAnalysis().getSetting()));
    pages.titlePage(title, creator, book.getRevision(), book.getSynopsis());
    pages.cast(book.getBible() == null ? List.of() : book.getBible().getCast());
    pages.chapters(book.getChapters(), illustrations);
    pages.summaries(book.getSummaries());
    List<EpubFile> files = pages.files(title);

    PackageDocument opf =
        new PackageDocument(
            identifier(book.getBookId()),
            title,
            language,
            creator,
            completedAt.toEpochMilli() == 0 ? null : completedAt,
            completedAt,
            book.getSynopsis(),
            files,
            pages.spine());
    return EpubArchive.zip(opf.xml(), files, LocalDateTime.ofInstant(completedAt, ZoneOffset.UTC));
  }

  /**
   * The book's files as they are added in reading order (cover, title page, cast, chapters,
   * appendix), with the table of contents that lists them.
   */
  private static final class Pages {
    private final BookPages pages;
    private final List<EpubFile> images = new ArrayList<>();
    private final List<EpubFile> content = new ArrayList<>();
    private final List<NavEntry> toc = new ArrayList<>();

    Pages(BookPages pages) {
      this.pages = pages;
    }

    void cover(CoverImage image, String title, String setting) {
      String path = "images/cover." + image.extension();
      images.add(new EpubFile("cover-image", path, image.mediaType(), "cover-image", image.data()));
      // The vision model's description of the picture is what a reader who cannot see it needs.
      String page = pages.cover(title, path, Xhtml.oneLine(setting));
      content.add(EpubFile.xhtml("cover", "cover.xhtml", page));
      toc.add(new NavEntry("cover.xhtml", "Cover", true, "cover"));
    }

    void titlePage(String title, String creator, int revision, String synopsis) {
      String page = pages.titlePage(title, creator, revision, synopsis);
      content.add(EpubFile.xhtml("title-page", "title.xhtml", page));
      toc.add(new NavEntry("title.xhtml", "Title page", true, "titlepage"));
    }

    void cast(List<BibleCharacter> cast) {
      if (!cast.isEmpty()) {
        content.add(EpubFile.xhtml("cast", "cast.xhtml", pages.cast(cast)));
        toc.add(new NavEntry("cast.xhtml", BookPages.CAST_TITLE, true, null));
      }
    }

    void chapters(List<BookChapter> chapters, Illustrations illustrations) {
      // A book of several pictures says which one each chapter grows from; one of one does not.
      boolean album = chapters.stream().anyMatch(c -> c.getPicture() > 1);
      for (int i = 0; i < chapters.size(); i++) {
        BookChapter chapter = chapters.get(i);
        // Named by position, not by number, so the names stay unique whatever the numbers are.
        String id = "chapter-%03d".formatted(i + 1);
        BookPages.Figure figure = illustration(chapter, illustrations, id);
        content.add(
            EpubFile.xhtml(
                id,
                id + ".xhtml",
                pages.chapter(chapter, album ? chapter.getPicture() : 0, figure)));
        String label = chapter.getNumber() + ". " + BookPages.chapterTitle(chapter);
        toc.add(new NavEntry(id + ".xhtml", label, false, i == 0 ? "bodymatter" : null));
      }
    }

    /**
     * The chapter's illustration as a file of the book, or null when it has none: none named, the
     * bytes not at hand, or no picture an EPUB reader shows (converted to PNG where it can be).
     */
    private BookPages.Figure illustration(
        BookChapter chapter, Illustrations illustrations, String chapterId) {
      if (chapter.getIllustration() == null) {
        return null;
      }
      BookIllustration drawn = illustrations.of(chapter);
      Optional<CoverImage> image = drawn == null ? Optional.empty() : CoverImage.of(drawn.data());
      if (image.isEmpty()) {
        return null;
      }
      String path = "images/" + chapterId + "." + image.get().extension();
      images.add(
          new EpubFile(
              chapterId + "-illustration",
              path,
              image.get().mediaType(),
              null,
              image.get().data()));
      String alt = Xhtml.oneLine(chapter.getIllustration().getAlt());
      return new BookPages.Figure(
          path, alt.isEmpty() ? "An illustration of chapter " + chapter.getNumber() + "." : alt);
    }

    void summaries(List<ArcSummary> summaries) {
      if (!summaries.isEmpty()) {
        content.add(EpubFile.xhtml("summaries", "summaries.xhtml", pages.summaries(summaries)));
        toc.add(new NavEntry("summaries.xhtml", BookPages.SUMMARIES_TITLE, true, "appendix"));
      }
    }

    /** Every file of the manifest: the navigation, the stylesheet, the picture, the pages. */
    List<EpubFile> files(String title) {
      List<EpubFile> files = new ArrayList<>();
      byte[] nav = pages.nav(title, toc).getBytes(StandardCharsets.UTF_8);
      files.add(new EpubFile("nav", "nav.xhtml", EpubFile.XHTML, "nav", nav));
      byte[] css = BookPages.STYLESHEET.getBytes(StandardCharsets.UTF_8);
      files.add(new EpubFile("style", BookPages.STYLESHEET_PATH, "text/css", null, css));
      files.addAll(images);
      files.addAll(content);
      return files;
    }

    /** The reading order: every page but the navigation, which readers show on their own. */
    List<String> spine() {
      return content.stream().map(EpubFile::id).toList();
    }
  }

  /** {@code urn:uuid:} and the bookId when it is a UUID, else the bookId itself. */
  static String identifier(String bookId) {
    try {
      UUID uuid = UUID.fromString(bookId);
      // UUID.fromString also takes forms such as "1-2-3-4-5"; only the canonical one is a UUID URN.
      if (uuid.toString().equalsIgnoreCase(bookId)) {
        return "urn:uuid:" + uuid;
      }
    } catch (IllegalArgumentException e) {
      // not a UUID: the bookId stands as it is
    }
    return bookId;
  }

  private static String orElse(String text, String fallback) {
    return text.isEmpty() ? fallback : text;
  }
}
