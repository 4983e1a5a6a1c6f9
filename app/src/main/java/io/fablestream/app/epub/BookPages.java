package io.fablestream.app.epub;

import io.fablestream.events.ArcSummary;
import io.fablestream.events.BibleCharacter;
import io.fablestream.events.BookChapter;
import java.util.List;

/**
 * The XHTML content documents of a book: cover page, title page, the cast, chapters, the arc
 * summaries and the navigation document. Every document carries the book's language ({@code
 * xml:lang} and {@code lang}) and direction; the few words the pages add themselves ("Contents",
 * "The story so far") are English and say so, so a reader's voice or hyphenation does not take them
 * for the book's language.
 */
public final class BookPages {
  /** The heading of the summaries appendix. */
  public static final String SUMMARIES_TITLE = "The story so far";

  /** The heading of the cast page. */
  public static final String CAST_TITLE = "Cast";

  /** The stylesheet every page links to. */
  public static final String STYLESHEET_PATH = "style.css";

  /** The stylesheet: plain, so the reader's own settings win. */
  public static final String STYLESHEET =
      """
      body { margin: 0 4%; line-height: 1.5; overflow-wrap: break-word; }
      h1 { font-size: 1.5em; margin: 1.5em 0 1em; text-align: center; }
      h2 { font-size: 1.15em; margin: 1.5em 0 0.5em; }
      p { margin: 0 0 0.8em; }
      .chapter-number { display: block; font-size: 0.75em; font-weight: normal; }
      .creator, .revision { text-align: center; }
      .note { font-style: italic; font-size: 0.9em; }
      .cast dt { font-weight: bold; margin-top: 0.6em; }
      .cast dd { margin: 0 0 0 1.5em; }
      .cover { margin: 0; padding: 0; text-align: center; }
      .cover img { max-width: 100%; max-height: 100%; }
      .illustration { margin: 0 0 1em; text-align: center; }
      .illustration img { max-width: 100%; }
      """;

  private final EpubLanguage language;
  private final String english;

  /** Pages in the given language. */
  public BookPages(EpubLanguage language) {
    this.language = language;
    this.english =
        language.isEnglish()
            ? ""
            : " xml:lang=\"en\" lang=\"en\"" + (language.rightToLeft() ? " dir=\"ltr\"" : "");
  }

  /** The cover page: the picture alone, described by {@code alt} for readers that cannot see it. */
  public String cover(String title, String imagePath, String description) {
    String body =
        "<section epub:type=\"cover\" class=\"cover\">\n<img src=\""
            + Xhtml.attribute(imagePath)
            + "\" alt=\""
            + Xhtml.attribute(description)
            + "\"/>\n</section>\n";
    return document(title, body);
  }

  /**
   * The title page: the title, who the book is by, the revision when it is not the first, and the
   * synopsis.
   */
  public String titlePage(String title, String creator, int revision, String synopsis) {
    StringBuilder body = new StringBuilder("<section epub:type=\"titlepage\">\n");
    body.append("<h1>").append(Xhtml.text(title)).append("</h1>\n");
    body.append("<p class=\"creator\">").append(Xhtml.text(creator)).append("</p>\n");
    if (revision > 1) {
      body.append("<p class=\"revision\"")
          .append(english)
          .append(">Revision ")
          .append(revision)
          .append("</p>\n");
    }
    if (synopsis != null && !synopsis.isBlank()) {
      body.append("<section class=\"synopsis\">\n").append(Xhtml.paragraphs(synopsis));
      body.append("</section>\n");
    }
    body.append("</section>\n");
    return document(title, body.toString());
  }

  /** A chapter's illustration: the image's path in the book, and its description. */
  public record Figure(String imagePath, String alt) {}

  /**
   * A chapter: its number and title, a note when a later revision wrote it (by a person or anew by
   * the model), and its text as paragraphs.
   */
  public String chapter(BookChapter chapter) {
    return chapter(chapter, 0, null);
  }

  /**
   * A chapter as {@link #chapter(BookChapter)}, with the album's picture it grows from ({@code
   * picture} above 0) in a note, and its illustration (or null) under its title.
   */
  public String chapter(BookChapter chapter, int picture, Figure figure) {
    StringBuilder body = new StringBuilder("<section epub:type=\"chapter\">\n");
    body.append("<h1><span class=\"chapter-number\">")
        .append(chapter.getNumber())
        .append("</span> ")
        .append(Xhtml.text(chapterTitle(chapter)))
        .append("</h1>\n");
    if (chapter.getEdited()) {
      note(body, "Written by a person in revision " + chapter.getRevision() + ".");
    } else if (chapter.getRevision() > 1) {
      note(body, "Written anew in revision " + chapter.getRevision() + ".");
    }
    if (picture > 0) {
      note(body, "From picture " + picture + ".");
    }
    if (figure != null) {
      body.append("<figure class=\"illustration\">\n<img src=\"")
          .append(Xhtml.attribute(figure.imagePath()))
          .append("\" alt=\"")
          .append(Xhtml.attribute(figure.alt()))
          .append("\"/>\n</figure>\n");
    }
    body.append(Xhtml.paragraphs(chapter.getText()));
    body.append("</section>\n");
    return document(chapterTitle(chapter), body.toString());
  }

  /**
   * The cast from the story bible, before the chapters: each name, the other names the book calls
   * them by, and who they are in one line.
   */
  public String cast(List<BibleCharacter> cast) {
    StringBuilder body = new StringBuilder("<section class=\"cast\">\n");
    body.append("<h1").append(english).append(">").append(CAST_TITLE).append("</h1>\n<dl>\n");
    for (BibleCharacter member : cast) {
      body.append("<dt>").append(Xhtml.text(Xhtml.oneLine(member.getName()))).append("</dt>\n");
      if (!member.getAliases().isEmpty()) {
        String aliases =
            String.join(", ", member.getAliases().stream().map(Xhtml::oneLine).toList());
        body.append("<dd class=\"aliases\">").append(Xhtml.text(aliases)).append("</dd>\n");
      }
      String description = Xhtml.oneLine(member.getDescription());
      if (!description.isEmpty()) {
        body.append("<dd>").append(Xhtml.text(description)).append("</dd>\n");
      }
    }
    body.append("</dl>\n</section>\n");
    return document(CAST_TITLE, body.toString());
  }

  /** The appendix: every arc's summary, the last arc's included, in order. */
  public String summaries(List<ArcSummary> summaries) {
    StringBuilder body = new StringBuilder("<section epub:type=\"appendix\">\n");
    body.append("<h1").append(english).append(">").append(SUMMARIES_TITLE).append("</h1>\n");
    for (ArcSummary summary : summaries) {
      body.append("<section>\n<h2").append(english).append(">").append(arcName(summary));
      body.append("</h2>\n").append(Xhtml.paragraphs(summary.getSummary())).append("</section>\n");
    }
    body.append("</section>\n");
    return document(SUMMARIES_TITLE, body.toString());
  }

  /** One entry of the table of contents, with the landmark it is, if any. */
  public record NavEntry(String path, String label, boolean englishLabel, String landmark) {}

  /** The navigation document: the table of contents and the landmarks. */
  public String nav(String title, List<NavEntry> entries) {
    StringBuilder body = new StringBuilder("<nav epub:type=\"toc\" id=\"toc\">\n");
    body.append("<h1").append(english).append(">Contents</h1>\n<ol>\n");
    for (NavEntry entry : entries) {
      body.append("<li>").append(link(entry, "")).append("</li>\n");
    }
    body.append("</ol>\n</nav>\n");
    body.append("<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n");
    body.append("<h2").append(english).append(">Landmarks</h2>\n<ol>\n");
    for (NavEntry entry : entries) {
      if (entry.landmark() != null) {
        body.append("<li>")
            .append(link(entry, " epub:type=\"" + entry.landmark() + "\""))
            .append("</li>\n");
      }
    }
    body.append("</ol>\n</nav>\n");
    return document(title, body.toString());
  }

  /** The entry's link, with these attributes before its href. */
  private String link(NavEntry entry, String attributes) {
    return "<a"
        + attributes
        + " href=\""
        + Xhtml.attribute(entry.path())
        + '"'
        + (entry.englishLabel() ? english : "")
        + '>'
        + Xhtml.text(entry.label())
        + "</a>";
  }

  /** The chapter's title, or its number when it has none. */
  public static String chapterTitle(BookChapter chapter) {
    String title = Xhtml.oneLine(chapter.getTitle());
    return title.isEmpty() ? String.valueOf(chapter.getNumber()) : title;
  }

  /** Which chapters an arc spans, in words. */
  public static String arcName(ArcSummary summary) {
    return summary.getFromChapter() == summary.getThroughChapter()
        ? "Chapter " + summary.getFromChapter()
        : "Chapters " + summary.getFromChapter() + "\u2013" + summary.getThroughChapter();
  }

  private void note(StringBuilder body, String text) {
    body.append("<p class=\"note\"").append(english).append('>').append(text).append("</p>\n");
  }

  private String document(String title, String body) {
    String tag = language.tag();
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<!DOCTYPE html>\n"
        + "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\""
        + " xml:lang=\""
        + tag
        + "\" lang=\""
        + tag
        + "\" dir=\""
        + language.direction()
        + "\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>"
        + Xhtml.text(Xhtml.oneLine(title))
        + "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\""
        + STYLESHEET_PATH
        + "\"/>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }
}
