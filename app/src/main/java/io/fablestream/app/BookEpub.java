package io.fablestream.app;

import io.fablestream.app.epub.BookLanguage;
import io.fablestream.app.epub.BookPages;
import io.fablestream.app.epub.BookPages.NavEntry;
import io.fablestream.app.epub.CoverImage;
import io.fablestream.app.epub.EpubArchive;
import io.fablestream.app.epub.EpubFile;
import io.fablestream.app.epub.PackageDocument;
import io.fablestream.app.epub.Xhtml;
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
    BookLanguage language = BookLanguage.of(book.getLanguage());
    BookPages pages = new BookPages(language);
    String title = orElse(Xhtml.oneLine(book.getTitle()), UNTITLED);
    Instant completedAt = book.getCompletedAt();

    // The reading order: cover, title page, chapters, appendix; the navigation lists them all.
    List<EpubFile> content = new ArrayList<>();
    List<NavEntry> toc = new ArrayList<>();
    List<EpubFile> resources = new ArrayList<>();

    Optional<CoverImage> image = Optional.ofNullable(cover).flatMap(c -> CoverImage.of(c.data()));
    if (image.isPresent()) {
      String path = "images/cover." + image.get().extension();
      resources.add(
          new EpubFile(
              "cover-image", path, image.get().mediaType(), "cover-image", image.get().data()));
      String description = Xhtml.oneLine(book.getAnalysis().getSetting());
      content.add(EpubFile.xhtml("cover", "cover.xhtml", pages.cover(title, path, description)));
      toc.add(new NavEntry("cover.xhtml", "Cover", true, "cover"));
    }

    String creator = orElse(Xhtml.oneLine(book.getRequestedBy()), DEFAULT_CREATOR);
    content.add(
        EpubFile.xhtml(
            "title-page",
            "title.xhtml",
            pages.titlePage(title, creator, book.getRevision(), book.getSynopsis())));
    toc.add(new NavEntry("title.xhtml", "Title page", true, "titlepage"));

    List<BookChapter> chapters = book.getChapters();
    for (int i = 0; i < chapters.size(); i++) {
      BookChapter chapter = chapters.get(i);
      // Named by position, not by number, so the names stay unique whatever the numbers are.
      String id = "chapter-%03d".formatted(i + 1);
      content.add(EpubFile.xhtml(id, id + ".xhtml", pages.chapter(chapter)));
      String label = chapter.getNumber() + ". " + BookPages.chapterTitle(chapter);
      toc.add(new NavEntry(id + ".xhtml", label, false, i == 0 ? "bodymatter" : null));
    }

    if (!book.getSummaries().isEmpty()) {
      content.add(
          EpubFile.xhtml("summaries", "summaries.xhtml", pages.summaries(book.getSummaries())));
      toc.add(new NavEntry("summaries.xhtml", BookPages.SUMMARIES_TITLE, true, "appendix"));
    }

    List<EpubFile> files = new ArrayList<>();
    files.add(
        new EpubFile(
            "nav",
            "nav.xhtml",
            EpubFile.XHTML,
            "nav",
            pages.nav(title, toc).getBytes(StandardCharsets.UTF_8)));
    files.add(
        new EpubFile(
            "style",
            BookPages.STYLESHEET_PATH,
            "text/css",
            null,
            BookPages.STYLESHEET.getBytes(StandardCharsets.UTF_8)));
    files.addAll(resources);
    files.addAll(content);
    List<String> spine = content.stream().map(EpubFile::id).toList();

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
            spine);
    return EpubArchive.zip(opf.xml(), files, LocalDateTime.ofInstant(completedAt, ZoneOffset.UTC));
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
