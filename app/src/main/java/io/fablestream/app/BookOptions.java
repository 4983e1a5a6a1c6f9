package io.fablestream.app;

import picocli.CommandLine.Option;

/** The book's shape, as {@code generate} and {@code submit} take it. */
final class BookOptions {
  @Option(
      names = "--chapters",
      paramLabel = "N",
      defaultValue = "5",
      description = "How many chapters, 1 to 100 (default: ${DEFAULT-VALUE}).")
  int chapters;

  @Option(
      names = "--arc-length",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Chapters per story arc; an arc summary follows every N chapters (default:"
              + " ${DEFAULT-VALUE}).")
  int arcLength;

  @Option(
      names = "--words",
      paramLabel = "N",
      defaultValue = "300",
      description = "Target words per chapter, 50 to 5000 (default: ${DEFAULT-VALUE}).")
  int words;

  @Option(
      names = "--title",
      paramLabel = "T",
      description = "The book's title (default: the writer chooses).")
  String title;

  @Option(
      names = "--language",
      paramLabel = "TAG",
      defaultValue = "en",
      description =
          "The book's language, a BCP 47 tag such as en, ja, el or pt-BR; every chapter, summary"
              + " and the synopsis are written in it (default: ${DEFAULT-VALUE}).")
  String language;

  @Option(
      names = "--review-plan",
      description =
          "Hold the book after its plan until a person approves the plan (POST /books/{id}/plan);"
              + " it fails with PLAN_NOT_APPROVED after plan.review.timeout.")
  boolean reviewPlan;

  BookRequest request() {
    return new BookRequest(chapters, arcLength, words, title, language, reviewPlan);
  }
}
