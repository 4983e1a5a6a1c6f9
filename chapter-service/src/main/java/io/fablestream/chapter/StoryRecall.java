package io.fablestream.chapter;

import io.fablestream.chapter.state.ArcNote;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.platform.memory.MemoryQuery;
import java.util.List;
import java.util.Optional;

/**
 * Retrieval before each chapter: the k chunks of this book nearest to where the story stands (the
 * latest arc summary and the end of the previous chapter), from the last three chapters on, so the
 * writer sees recent detail it would otherwise only know from summaries.
 */
final class StoryRecall {
  /** How many chapters back retrieval looks: hits come from chapter {@code n - LOOKBACK} on. */
  static final int LOOKBACK = 3;

  private final int k;

  StoryRecall(int k) {
    this.k = k;
  }

  /**
   * The search of story memory before chapter {@code number}: its k nearest chunks of this book,
   * from chapter {@code number - LOOKBACK} (the analysis is chapter 0) to the one before.
   *
   * @param previousText the text of the chapter before, when there is one
   */
  MemoryQuery query(BookState book, int number, Optional<String> previousText) {
    return MemoryQuery.of(book.getBookId(), queryText(book, previousText), k)
        .fromChapter(Math.max(0, number - LOOKBACK))
        .throughChapter(number - 1);
  }

  /** The latest arc summary and the end of the previous chapter; the seed for chapter 1. */
  static String queryText(BookState book, Optional<String> previousText) {
    StringBuilder text = new StringBuilder();
    List<ArcNote> summaries = book.getSummaries();
    if (!summaries.isEmpty()) {
      text.append(summaries.get(summaries.size() - 1).getSummary());
    }
    previousText
        .map(ChapterPrompt::lastWords)
        .ifPresent(ending -> text.append(text.isEmpty() ? "" : "\n").append(ending));
    if (text.isEmpty()) {
      StorySeed story = book.getStory();
      text.append(story.getSetting());
      story.getConflicts().stream().findFirst().ifPresent(c -> text.append('\n').append(c));
    }
    return text.toString();
  }
}
