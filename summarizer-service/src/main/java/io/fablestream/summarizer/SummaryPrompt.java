package io.fablestream.summarizer;

import io.fablestream.summarizer.state.ArcChapter;
import java.util.List;

/**
 * The summary prompt of the original design ("summarise these chapters in three sentences"), with
 * the previous arc's summary as context so that consecutive summaries read as one story.
 */
final class SummaryPrompt {
  private SummaryPrompt() {}

  static String of(int from, int through, List<ArcChapter> chapters, String previousSummary) {
    StringBuilder p = new StringBuilder();
    p.append("Summarize chapters ")
        .append(from)
        .append(" to ")
        .append(through)
        .append(" of a story in exactly three sentences. Keep the names of the characters, what")
        .append(" changed, and the questions left open; the summary will guide the writer of the")
        .append(" next chapters.\n\n");
    if (previousSummary != null) {
      p.append("The story before these chapters, in short: ")
          .append(previousSummary)
          .append("\n\n");
    }
    for (ArcChapter chapter : chapters) {
      p.append("Chapter ")
          .append(chapter.getNumber())
          .append(": ")
          .append(chapter.getTitle())
          .append('\n')
          .append(chapter.getText().strip())
          .append("\n\n");
    }
    p.append("Answer with the three sentences only.");
    return p.toString();
  }
}
