package io.fablestream.app;

import java.io.PrintStream;
import java.time.Duration;

/** Prints a book's progress as lines a person can follow: elapsed time, stage, what happened. */
final class ProgressPrinter {
  private final PrintStream out;
  private final long startNanos;

  ProgressPrinter(PrintStream out) {
    this.out = out;
    this.startNanos = System.nanoTime();
  }

  void print(BookView view) {
    out.println("[" + elapsed() + "] " + describe(view));
  }

  void stillWaiting(BookView view) {
    String waiting =
        view == null
            ? "the book's first event"
            : view.waitingFor() == null ? "" : view.waitingFor();
    out.println("[" + elapsed() + "]   ... waiting for " + waiting);
  }

  String elapsed() {
    long s = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    return String.format("%02d:%02d", s / 60, s % 60);
  }

  static String describe(BookView view) {
    int n = view.request().chapterCount();
    String stage = String.format("%-9s", view.stage());
    String what =
        switch (view.lastEvent() == null ? "" : view.lastEvent()) {
          case "image.submitted" -> "picture submitted";
          case "analysis.ready" ->
              "picture analysed: "
                  + (view.story().analysis() == null
                      ? ""
                      : oneLine(view.story().analysis().setting()))
                  + " (mood: "
                  + (view.story().analysis() == null ? "" : view.story().analysis().mood())
                  + ")";
          case "chapter.written" -> {
            BookView.Chapter last = view.story().chapters().get(view.story().chapters().size() - 1);
            yield "chapter "
                + last.number()
                + " of "
                + n
                + " written: \""
                + last.title()
                + "\" ("
                + last.wordCount()
                + " words)";
          }
          case "book.planned" -> planned(view.story().plan());
          case "chapter.indexed" ->
              "chapter " + view.story().indexedThrough() + " of " + n + " is in story memory";
          case "arc.summarized" -> {
            BookView.Summary last =
                view.story().summaries().get(view.story().summaries().size() - 1);
            yield "arc summarized: chapters " + last.fromChapter() + "-" + last.throughChapter();
          }
          case "book.completed" ->
              "book completed"
                  + (view.revision() > 1 ? " (revision " + view.revision() + ")" : "")
                  + ": \""
                  + view.request().title()
                  + "\", "
                  + view.story().chapters().size()
                  + " chapters, "
                  + view.story().summaries().size()
                  + (view.story().summaries().size() == 1 ? " arc summary" : " arc summaries");
          case "book.failed" -> failed(view);
          case "revision.requested" -> {
            BookView.Revision r = view.revisionEntry(view.revision()).orElseThrow();
            yield "revision "
                + r.revision()
                + " begun from chapter "
                + r.fromChapter()
                + (r.edited() ? " (a person's text)" : ": \"" + oneLine(r.instruction()) + "\"");
          }
          default -> "seen";
        };
    String next = view.waitingFor() == null ? "" : "; next: " + view.waitingFor();
    return stage + " " + what + next;
  }

  /**
   * A failed book, or a revision that failed or was refused while the book stays completed at its
   * last completed revision.
   */
  private static String failed(BookView view) {
    if (view.outcome().failure() != null) {
      return "book failed at "
          + view.outcome().failure().stage()
          + ": "
          + view.outcome().failure().reason()
          + ": "
          + view.outcome().failure().message();
    }
    BookView.Revision last = view.revisions().get(view.revisions().size() - 1);
    BookView.Failure why = last.failure();
    return "revision "
        + last.revision()
        + (last.refused() ? " refused: " : " failed: ")
        + (why == null ? "" : why.reason() + ": " + why.message())
        + "; the book stays at revision "
        + view.revision();
  }

  /** The plan, a line for the book and one per character and per beat. */
  private static String planned(BookView.Plan plan) {
    StringBuilder p = new StringBuilder("book planned");
    if (plan.title() != null) {
      p.append(": \"").append(oneLine(plan.title())).append('"');
    }
    p.append(plan.approved() ? "" : " (waiting for review)");
    p.append("\n      main conflict: ").append(oneLine(plan.mainConflict()));
    for (BookView.PlannedCharacter c : plan.cast()) {
      p.append("\n      cast: ").append(oneLine(c.name())).append(" - ").append(oneLine(c.line()));
    }
    for (BookView.Beat b : plan.beats()) {
      p.append("\n      ").append(b.chapter()).append(". ").append(oneLine(b.beat()));
      if (!b.ending().isBlank()) {
        p.append(" -> ").append(oneLine(b.ending()));
      }
    }
    return p.toString();
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }
}
