package io.fablestream.chapter;

import io.fablestream.chapter.state.ArcNote;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.platform.memory.MemoryQuery;
import java.util.List;
import java.util.Optional;

/**
 * Retrieval before each chapter: the k chunks of this book that serve the coming beat ({@link
 * BeatQuery}), from any earlier chapter, the last three preferred, so the writer sees detail it
 * would otherwise only know from summaries.
 */
final class StoryRecall {
  /** How many chapters back retrieval looks: hits come from chapter {@code n - LOOKBACK} on. */
  static final int LOOKBACK = 3;

  private final int k;

  StoryRecall(int k) {
    this.k = k;
  }

  /**
   * The search of story memory before chapter {@code number} ({@link BeatQuery#query}).
   *
   * @param previousText the text of the chapter before, when there is one
   */
  MemoryQuery query(BookState book, int number, Optional<String> previousText) {
    return BeatQuery.query(book, number, previousText, k);
  }

  /** The k hits of a search that the prompt gets ({@link BeatQuery#chosen}). */
  List<io.fablestream.platform.memory.MemoryHit> chosen(
      List<io.fablestream.platform.memory.MemoryHit> hits,
      int number,
      Optional<String> previousText) {
    return BeatQuery.chosen(hits, number, previousText, k);
  }

  /**
   * Where the story stands, for a book without a plan: the latest arc summary and the end of the
   * previous chapter; the seed for chapter 1.
   */
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
