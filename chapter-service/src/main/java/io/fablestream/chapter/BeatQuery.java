package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryQuery;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Retrieval that serves the coming beat: story memory is asked about what chapter n is to do (its
 * beat, its ending, and who of the cast it names, with who they are), not about the previous
 * chapter's ending, which the prompt already quotes. Any earlier chapter can answer; the last
 * {@value StoryRecall#LOOKBACK} chapters are preferred (their hits rank {@value #RECENT_BONUS}
 * higher) rather than being the only ones searched. What the prompt already carries is left out:
 * the picture's analysis (chapter 0, in the system message) and any passage that mostly repeats the
 * previous chapter's quoted ending.
 */
final class BeatQuery {
  /** How much nearer a hit from the last chapters ranks. */
  static final double RECENT_BONUS = 0.05;

  /** How many more hits than kept are asked for, so the preference and the filter have a choice. */
  static final int WIDEN = 3;

  /** The share of a hit's 5-grams in the quoted ending above which it is left out. */
  static final double REPEATS_ENDING = 0.5;

  private static final NGramOverlap OVERLAP = new NGramOverlap(5);

  private BeatQuery() {}

  /**
   * The search before chapter {@code number}: about its beat when the book has a plan (else where
   * the story stands, as {@link StoryRecall#queryText}), over every earlier chapter, {@link #WIDEN}
   * times k hits.
   */
  static MemoryQuery query(BookState book, int number, Optional<String> previousText, int k) {
    String text = beatQuery(book, number).orElse(StoryRecall.queryText(book, previousText));
    // Chapter 1 has only the picture before it; later chapters leave it to the system message.
    return MemoryQuery.of(book.getBookId(), text, k * WIDEN)
        .fromChapter(number > 1 ? 1 : 0)
        .throughChapter(number - 1);
  }

  /** The beat of chapter n, its ending, and the cast it names with their lines. */
  static Optional<String> beatQuery(BookState book, int number) {
    return BookPlan.of(book)
        .flatMap(plan -> plan.beat(number))
        .map(
            beat -> {
              StringBuilder text = new StringBuilder(beat.beat());
              if (!beat.ending().isBlank()) {
                text.append(' ').append(beat.ending());
              }
              StoryBible bible = StoryBible.of(book);
              for (StoryBible.Person p : BiblePrompt.named(bible, beat.beat())) {
                text.append('\n').append(p.name());
                if (!p.description().isBlank()) {
                  text.append(": ").append(p.description());
                }
              }
              return text.toString();
            });
  }

  /**
   * The k hits the prompt gets: not the picture, not a passage that repeats the quoted ending, the
   * nearest first with the recent chapters' raised.
   */
  static List<MemoryHit> chosen(
      List<MemoryHit> hits, int number, Optional<String> previousText, int k) {
    String ending = previousText.map(ChapterPrompt::lastWords).orElse("");
    return hits.stream()
        .filter(h -> h.chapter() > 0)
        .filter(h -> ending.isEmpty() || OVERLAP.containment(h.text(), ending) <= REPEATS_ENDING)
        .sorted(Comparator.comparingDouble((MemoryHit h) -> -ranked(h, number)))
        .limit(k)
        .toList();
  }

  private static double ranked(MemoryHit hit, int number) {
    return hit.score() + (hit.chapter() >= number - StoryRecall.LOOKBACK ? RECENT_BONUS : 0);
  }
}
