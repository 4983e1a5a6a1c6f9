package io.fablestream.summarizer;

import io.fablestream.platform.model.ArcLines;
import io.fablestream.schemas.BookLanguage;
import io.fablestream.summarizer.state.ArcNote;
import io.fablestream.summarizer.state.SummarizedChapter;
import java.util.List;

/**
 * The summary prompt of the original design ("summarise these chapters in three sentences"), with
 * the previous arc's summary as context so that consecutive summaries read as one story; and the
 * synopsis prompt, a back-cover blurb of the whole book from every arc's summary.
 */
final class SummaryPrompt {
  /** The synopsis's length, in words. */
  static final int SYNOPSIS_MIN_WORDS = 60;

  static final int SYNOPSIS_MAX_WORDS = 120;

  /** The summary's JSON schema: the three sentences as one string. */
  static final String SUMMARY_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}},"
          + "\"required\":[\"summary\"]}";

  /** The summary's JSON schema with the book so far: the three sentences, then the whole story. */
  static final String SUMMARY_AND_SO_FAR_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"},"
          + "\"bookSoFar\":{\"type\":\"string\"}},\"required\":[\"summary\",\"bookSoFar\"]}";

  /** The synopsis's JSON schema: the blurb as one string. */
  static final String SYNOPSIS_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"blurb\":{\"type\":\"string\"}},"
          + "\"required\":[\"blurb\"]}";

  private SummaryPrompt() {}

  /**
   * The system message of every summary and synopsis call of a book: the role and the book's
   * language rule, which the prompt repeats where the model starts its answer.
   */
  static String system(String language) {
    return "You condense a book's chapters for its writer and its readers: faithful, brief, with"
        + " the characters' names as the book gives them. You answer only with the JSON asked for."
        + " Write in "
        + BookLanguage.englishName(language)
        + " (language tag "
        + language
        + "), whatever language the prompt is in.";
  }

  /**
   * The summary prompt of chapters {@code from} to {@code through}.
   *
   * @param before the story before these chapters: the book so far written at the previous arc's
   *     end, else that arc's summary; null for the first arc
   * @param soFarWords when above 0, the book so far is asked for too: the whole story through these
   *     chapters, retold from {@code before} and them in at most so many words
   */
  static String of(
      int from,
      int through,
      List<SummarizedChapter> chapters,
      String before,
      int soFarWords,
      String language) {
    StringBuilder p = new StringBuilder();
    p.append("Summarize chapters ")
        .append(from)
        .append(" to ")
        .append(through)
        .append(" of a story in exactly three sentences. Keep the names of the characters, what")
        .append(" changed, and the questions left open; the summary will guide the writer of the")
        .append(" next chapters.\n\n");
    if (before != null) {
      p.append("The story before these chapters, in short: ").append(before).append("\n\n");
    }
    for (SummarizedChapter chapter : chapters) {
      p.append("Chapter ")
          .append(chapter.getNumber())
          .append(": ")
          .append(chapter.getTitle())
          .append('\n')
          .append(chapter.getText().strip())
          .append("\n\n");
    }
    if (soFarWords > 0) {
      p.append("Then retell the whole story from chapter 1 through chapter ")
          .append(through)
          .append(" in at most ")
          .append(soFarWords)
          .append(" words: the story before these chapters with these chapters added, keeping")
          .append(" the names, what changed for good, and the questions still open.\n\n");
    }
    p.append("Write ")
        .append(soFarWords > 0 ? "both" : "the three sentences")
        .append(" in ")
        .append(BookLanguage.englishName(language))
        .append(" (language tag ")
        .append(language)
        .append("), with no heading or preamble. Answer in JSON: {\"summary\": the three")
        .append(" sentences")
        .append(soFarWords > 0 ? ", \"bookSoFar\": the whole story so far}." : "}.");
    return p.toString();
  }

  static String synopsis(List<ArcNote> summaries, String language, String feedback) {
    StringBuilder p = new StringBuilder();
    p.append("Write the back-cover blurb of a book, from the summaries of its parts below: ")
        .append(SYNOPSIS_MIN_WORDS)
        .append(" to ")
        .append(SYNOPSIS_MAX_WORDS)
        .append(" words that make a reader want to open it. Name the main characters, set up")
        .append(" the conflict and the stakes, and do not give away the ending.\n\n");
    for (ArcNote arc : summaries) {
      ArcLines.append(p, arc.getFromChapter(), arc.getThroughChapter(), arc.getSummary());
    }
    if (feedback != null) {
      p.append("\nYour last blurb was rejected: ").append(feedback).append('\n');
    }
    p.append("\nWrite the blurb in ")
        .append(BookLanguage.englishName(language))
        .append(" (language tag ")
        .append(language)
        .append("), with no title, heading or preamble. Answer in JSON: {\"blurb\": the")
        .append(" blurb}.");
    return p.toString();
  }
}
