package io.fablestream.chapter;

import io.fablestream.chapter.state.ArcNote;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.memory.StoryMemory;
import java.util.List;

/**
 * Retrieval before each chapter: the k chunks of this book nearest to where the story stands (the
 * latest arc summary and the end of the previous chapter), from the last three chapters on, so the
 * writer sees recent detail it would otherwise only know from summaries.
 */
final class StoryRecall {
  /** How many chapters back retrieval looks: hits come from chapter {@code n - LOOKBACK} on. */
  static final int LOOKBACK = 3;

  private final StoryMemory memory;
  private final int k;

  StoryRecall(StoryMemory memory, int k) {
    this.memory = memory;
    this.k = k;
  }

  /**
   * The chunks to show the writer of chapter {@code number}, best first.
   *
   * @throws StoreUnavailableException when story memory cannot answer
   */
  List<MemoryHit> recall(BookState book, int number) {
    MemoryQuery query =
        MemoryQuery.of(book.getBookId(), queryText(book, number), k)
            .fromChapter(Math.max(0, number - LOOKBACK))
            .throughChapter(number - 1);
    return memory.search(query);
  }

  /** The latest arc summary and the end of the previous chapter; the seed for chapter 1. */
  static String queryText(BookState book, int number) {
    StringBuilder text = new StringBuilder();
    List<ArcNote> summaries = book.getSummaries();
    if (!summaries.isEmpty()) {
      text.append(summaries.get(summaries.size() - 1).getSummary());
    }
    ChapterPrompt.previousEnding(book, number)
        .ifPresent(ending -> text.append(text.isEmpty() ? "" : "\n").append(ending));
    if (text.isEmpty()) {
      StorySeed story = book.getStory();
      text.append(story.getSetting());
      story.getConflicts().stream().findFirst().ifPresent(c -> text.append('\n').append(c));
    }
    return text.toString();
  }
}
