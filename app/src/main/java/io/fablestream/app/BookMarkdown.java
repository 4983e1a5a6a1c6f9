package io.fablestream.app;

import io.fablestream.events.BibleCharacter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookQuality;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A book as Markdown: the language and the finished book's quality figures as front matter, the
 * title, the revision when it is not the first, the synopsis, the finished book's cast from its
 * story bible (a name, other names, one line each), each chapter under its own heading (marked when
 * a later revision wrote it), and each arc summary after the arc's last chapter, the last arc's
 * included. A book still being written renders as far as it has come, with a closing line on what
 * it waits for or why it stopped.
 */
public final class BookMarkdown {
  private BookMarkdown() {}

  /** The finished book's Markdown, with everything the finished book carries. */
  public static String render(BookCompleted book) {
    List<Chapter> chapters = new ArrayList<>();
    boolean album = book.getChapters().stream().anyMatch(c -> c.getPicture() > 1);
    for (var chapter : book.getChapters()) {
      var illustration = chapter.getIllustration();
      chapters.add(
          new Chapter(
              chapter.getNumber(),
              chapter.getTitle(),
              chapter.getText(),
              chapter.getRevision(),
              chapter.getEdited(),
              album ? chapter.getPicture() : 0,
              illustration == null ? null : illustration.getPath(),
              illustration == null ? null : illustration.getAlt()));
    }
    List<Summary> summaries = new ArrayList<>();
    for (var summary : book.getSummaries()) {
      summaries.add(
          new Summary(summary.getFromChapter(), summary.getThroughChapter(), summary.getSummary()));
    }
    return new Manuscript(
            book.getLanguage(),
            book.getTitle(),
            book.getRevision(),
            book.getSynopsis(),
            book.getAnalysis().getSetting(),
            book.getAnalysis().getMood(),
            chapters,
            summaries,
            book.getBible() == null ? List.of() : book.getBible().getCast(),
            null,
            book.getQuality())
        .markdown();
  }

  /**
   * The book's Markdown as far as the read model knows it: a completed revision as its finished
   * book, one still being written (or failed) as far as it has come.
   */
  public static String render(BookView book) {
    if (book.stage() == BookView.Stage.COMPLETED && book.story().analysis() != null) {
      return render(FinishedBook.of(book));
    }
    boolean album = book.story().chapters().stream().anyMatch(c -> c.picture() > 1);
    List<Chapter> chapters =
        book.story().chapters().stream()
            .map(
                c ->
                    new Chapter(
                        c.number(),
                        c.title(),
                        c.text(),
                        c.revision(),
                        c.edited(),
                        album ? c.picture() : 0,
                        c.illustration() == null ? null : c.illustration().path(),
                        c.illustration() == null ? null : c.illustration().alt()))
            .toList();
    List<Summary> summaries =
        book.story().summaries().stream()
            .map(s -> new Summary(s.fromChapter(), s.throughChapter(), s.summary()))
            .toList();
    return new Manuscript(
            book.request().language(),
            book.request().title(),
            book.revision(),
            book.story().synopsis(),
            book.story().analysis() == null ? null : book.story().analysis().setting(),
            book.story().analysis() == null ? null : book.story().analysis().mood(),
            chapters,
            summaries,
            List.of(),
            ending(book),
            null)
        .markdown();
  }

  private static String ending(BookView book) {
    if (book.stage() == BookView.Stage.FAILED && book.outcome().failure() != null) {
      return "*The book stopped: "
          + book.outcome().failure().reason()
          + ". "
          + oneLine(book.outcome().failure().message())
          + "*";
    }
    if (!book.finished()) {
      return "*Still being written: waiting for " + book.waitingFor() + ".*";
    }
    return null;
  }

  /**
   * A chapter as the Markdown shows it.
   *
   * @param picture the album's picture it grows from, 0 for a book of one picture
   * @param illustration its illustration's API path, or null
   * @param alt the illustration's description
   */
  private record Chapter(
      int number,
      String title,
      String text,
      int revision,
      boolean edited,
      int picture,
      String illustration,
      String alt) {}

  private record Summary(int fromChapter, int throughChapter, String summary) {}

  /** What the Markdown is made of, whichever form the book came in. */
  private record Manuscript(
      String language,
      String title,
      int revision,
      String synopsis,
      String setting,
      String mood,
      List<Chapter> chapters,
      List<Summary> summaries,
      List<BibleCharacter> cast,
      String ending,
      BookQuality quality) {

    String markdown() {
      StringBuilder md = new StringBuilder();
      if (language != null || quality != null) {
        md.append("---\n");
        if (language != null) {
          // Quoted: YAML would read the tag of Norwegian, "no", as false.
          md.append("lang: \"").append(oneLine(language)).append("\"\n");
        }
        if (quality != null) {
          frontMatter(md, quality);
        }
        md.append("---\n\n");
      }
      md.append("# ").append(title == null ? "Untitled" : oneLine(title)).append("\n\n");
      if (revision > 1) {
        md.append("*Revision ").append(revision).append("*\n\n");
      }
      if (synopsis != null && !synopsis.isBlank()) {
        md.append(paragraphs(synopsis)).append("\n\n");
      }
      if (setting != null) {
        String where = oneLine(setting);
        md.append("*Written from a picture: ").append(where);
        md.append(where.matches(".*[.!?]$") ? "" : ".")
            .append(" Mood: ")
            .append(oneLine(mood))
            .append("*\n\n");
      }
      if (!cast.isEmpty()) {
        md.append("## Cast\n\n");
        cast.forEach(member -> castMember(md, member));
        md.append('\n');
      }
      List<Summary> placed = new ArrayList<>();
      for (Chapter chapter : chapters) {
        chapter(md, chapter);
        for (Summary summary : summaries) {
          if (summary.throughChapter() == chapter.number()) {
            summary(md, summary);
            placed.add(summary);
          }
        }
      }
      // A summary whose last chapter is not in the book still belongs to it: at the end.
      summaries.stream().filter(s -> !placed.contains(s)).forEach(s -> summary(md, s));
      if (ending != null) {
        md.append("---\n\n").append(ending).append('\n');
      }
      return md.toString();
    }

    /** The book's figures (docs/quality.md) as YAML, so a static site or a script can read them. */
    private static void frontMatter(StringBuilder md, BookQuality q) {
      md.append("quality:\n");
      figure(md, "lengthScore", q.getLengthScore());
      figure(md, "repetition", q.getRepetition());
      figure(md, "slopPer1000", q.getSlopPer1000());
      figure(md, "oneSentenceParagraphs", q.getOneSentenceParagraphs());
      figure(md, "judgeScore", q.getJudgeScore());
      figure(md, "judgeDegradation", q.getJudgeDegradation());
      figure(md, "slopDegradation", q.getSlopDegradation());
      md.append("  contradictionsFound: ").append(q.getContradictionsFound()).append('\n');
      md.append("  contradictionsFixed: ").append(q.getContradictionsFixed()).append('\n');
      md.append("  chaptersShort: [")
          .append(
              String.join(
                  ", ",
                  q.getChapters().stream()
                      .filter(c -> !c.getShortfalls().isEmpty())
                      .map(c -> String.valueOf(c.getNumber()))
                      .toList()))
          .append("]\n");
    }

    private static void figure(StringBuilder md, String name, Double value) {
      md.append("  ").append(name).append(": ");
      md.append(
          value == null ? "null" : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
      md.append('\n');
    }

    private static void chapter(StringBuilder md, Chapter chapter) {
      md.append("## Chapter ").append(chapter.number()).append(": ");
      md.append(oneLine(chapter.title())).append("\n\n");
      if (chapter.edited()) {
        md.append("*Written by a person in revision ").append(chapter.revision()).append(".*\n\n");
      } else if (chapter.revision() > 1) {
        md.append("*Written anew in revision ").append(chapter.revision()).append(".*\n\n");
      }
      if (chapter.picture() > 0) {
        md.append("*From picture ").append(chapter.picture()).append(".*\n\n");
      }
      if (chapter.illustration() != null) {
        // The API's path, relative to where the API answers: the Markdown it serves shows it.
        String alt = oneLine(chapter.alt());
        md.append("![")
            .append(alt.isEmpty() ? "Illustration of chapter " + chapter.number() : escaped(alt))
            .append("](")
            .append(destination(chapter.illustration()))
            .append(")\n\n");
      }
      md.append(chapter.text() == null ? "" : chapter.text().strip()).append("\n\n");
    }

    /** One line: the name in bold, the other names, who they are. */
    private static void castMember(StringBuilder md, BibleCharacter member) {
      md.append("- **").append(oneLine(member.getName())).append("**");
      if (!member.getAliases().isEmpty()) {
        md.append(" (")
            .append(
                String.join(", ", member.getAliases().stream().map(BookMarkdown::oneLine).toList()))
            .append(")");
      }
      String description = oneLine(member.getDescription());
      md.append(description.isEmpty() ? "" : ": " + description).append('\n');
    }

    private static void summary(StringBuilder md, Summary summary) {
      md.append("> **The story so far (chapters ")
          .append(summary.fromChapter())
          .append("-")
          .append(summary.throughChapter())
          .append(").** ")
          .append(oneLine(summary.summary()))
          .append("\n\n");
    }
  }

  /** Text for a link's brackets: its own brackets and backslashes escaped. */
  private static String escaped(String text) {
    return text.replaceAll("([\\\\\\[\\]])", "\\\\$1");
  }

  /** A link's destination; in angle brackets when it holds what would end it. */
  private static String destination(String path) {
    return path.matches(".*[\\s()<>].*")
        ? "<" + path.replace("<", "%3C").replace(">", "%3E") + ">"
        : path;
  }

  /** Paragraphs as Markdown keeps them: parted by one blank line, each line stripped. */
  private static String paragraphs(String text) {
    return text.strip().replaceAll("\\s*\\n\\s*\\n\\s*", "\n\n");
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\n\\s*", " ");
  }
}
