package io.fablestream.app;

/**
 * A book as Markdown: the title, each chapter under its own heading, and each arc summary after the
 * arc's last chapter. A book still being written renders as far as it has come.
 */
public final class BookMarkdown {
  private BookMarkdown() {}

  /** The book's Markdown. */
  public static String render(BookView book) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(book.title() == null ? "Untitled" : book.title()).append("\n\n");
    if (book.analysis() != null) {
      String setting = oneLine(book.analysis().setting());
      md.append("*Written from a picture: ").append(setting);
      md.append(setting.matches(".*[.!?]$") ? "" : ".")
          .append(" Mood: ")
          .append(oneLine(book.analysis().mood()))
          .append("*\n\n");
    }
    for (BookView.Chapter chapter : book.chapters()) {
      md.append("## Chapter ").append(chapter.number()).append(": ");
      md.append(oneLine(chapter.title())).append("\n\n");
      md.append(chapter.text().strip()).append("\n\n");
      for (BookView.Summary summary : book.summaries()) {
        if (summary.throughChapter() == chapter.number()) {
          md.append("> **The story so far (chapters ")
              .append(summary.fromChapter())
              .append("-")
              .append(summary.throughChapter())
              .append(").** ")
              .append(oneLine(summary.summary()))
              .append("\n\n");
        }
      }
    }
    if (BookView.FAILED.equals(book.stage()) && book.failure() != null) {
      md.append("---\n\n*The book stopped: ")
          .append(book.failure().reason())
          .append(". ")
          .append(oneLine(book.failure().message()))
          .append("*\n");
    } else if (!book.finished()) {
      md.append("---\n\n*Still being written: waiting for ")
          .append(book.waitingFor())
          .append(".*\n");
    }
    return md.toString();
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\n\\s*", " ");
  }
}
