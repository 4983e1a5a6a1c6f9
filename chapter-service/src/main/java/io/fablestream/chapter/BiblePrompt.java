package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The story bible in a chapter's prompt: the characters met since the plan ({@link #metSoFar}, a
 * list that only grows, early in the prompt), and for the chapter alone ({@link #section}) the
 * latest change of each character and the facts and open threads that matter to its beat. What the
 * writer's system message already carries (the plan's cast, the setting, the picture's conflicts:
 * the bible's seed, chapter 0) is not repeated, and the section stays bounded: at most {@value
 * #PROMPT_FACTS} facts and {@value #PROMPT_THREADS} threads ({@value #LAST_THREADS} in the last
 * chapter, which must close them).
 */
final class BiblePrompt {
  static final int PROMPT_FACTS = 8;
  static final int PROMPT_THREADS = 6;
  static final int LAST_THREADS = 10;

  /** Words too common to tell a beat from another. */
  private static final Set<String> COMMON =
      Set.of(
          "the", "and", "that", "with", "from", "this", "into", "their", "they", "them", "then",
          "there", "what", "when", "where", "which", "while", "will", "would", "have", "been",
          "before", "after", "about", "only", "once", "more", "most", "over", "under", "than",
          "chapter", "story", "book", "must", "does", "each", "every");

  private BiblePrompt() {}

  /**
   * The characters met in the chapters before n (not the plan's cast, which the system message
   * carries), in the order they came in: a list that only grows, so consecutive chapters share it
   * as a prefix; empty before anyone new is met.
   */
  static String metSoFar(BookState book, int n) {
    List<StoryBible.Person> met =
        StoryBible.of(book).cast().stream()
            .filter(p -> p.firstChapter() > 0 && p.firstChapter() < n)
            .toList();
    if (met.isEmpty()) {
      return "";
    }
    StringBuilder p =
        new StringBuilder("THE STORY BIBLE (what earlier chapters set: keep to it)\n");
    p.append("Characters met so far:\n");
    for (StoryBible.Person c : met) {
      p.append("- ").append(c.name());
      if (!c.aliases().isEmpty()) {
        p.append(" (also ").append(String.join(", ", c.aliases())).append(')');
      }
      if (!c.description().isBlank()) {
        p.append(": ").append(c.description());
      }
      p.append(" [chapter ").append(c.firstChapter()).append("]\n");
    }
    return p.toString();
  }

  /**
   * What of the bible bears on chapter {@code n} alone: how characters stand now, the facts and the
   * open threads for its beat; empty when there are none.
   */
  static String section(BookState book, int n) {
    StoryBible bible = StoryBible.of(book);
    String beat = beatText(book, n);
    List<StoryBible.Person> changed =
        bible.cast().stream()
            .filter(p -> p.changes().stream().anyMatch(c -> c.chapter() < n))
            .toList();
    List<StoryBible.Fact> facts = facts(bible, beat, n);
    List<StoryBible.StoryThread> threads = threads(bible, beat, n, n == book.getChapterCount());
    if (changed.isEmpty() && facts.isEmpty() && threads.isEmpty()) {
      return "";
    }
    StringBuilder p =
        new StringBuilder(
            "\nTHE STORY BIBLE FOR THE CHAPTER TO WRITE (what earlier chapters set: keep to it)\n");
    if (!changed.isEmpty()) {
      p.append("How characters stand now:\n");
      for (StoryBible.Person c : changed) {
        StoryBible.Change last =
            c.changes().stream().filter(ch -> ch.chapter() < n).reduce((a, b) -> b).orElseThrow();
        p.append("- ")
            .append(c.name())
            .append(": ")
            .append(last.change())
            .append(" [chapter ")
            .append(last.chapter())
            .append("]\n");
      }
    }
    if (!facts.isEmpty()) {
      p.append("Facts that bear on this chapter:\n");
      facts.forEach(
          f ->
              p.append("- ")
                  .append(f.fact())
                  .append(" [chapter ")
                  .append(f.chapter())
                  .append("]\n"));
    }
    if (!threads.isEmpty()) {
      p.append(
          n == book.getChapterCount()
              ? "Open threads (this last chapter closes them):\n"
              : "Open threads:\n");
      threads.forEach(
          t ->
              p.append("- ")
                  .append(t.thread())
                  .append(" [opened in chapter ")
                  .append(t.openedIn())
                  .append("]\n"));
    }
    return p.toString();
  }

  /**
   * The facts set before chapter {@code n} by a chapter (the seed is in the system message) that
   * bear most on the beat: most words shared with it (a character named in it counts for all their
   * names), the newest first among equals; with no beat, the newest.
   */
  static List<StoryBible.Fact> facts(StoryBible bible, String beat, int n) {
    Set<String> wanted = wanted(bible, beat);
    return bible.facts().stream()
        .filter(f -> f.chapter() > 0 && f.chapter() < n)
        .sorted(
            Comparator.comparingInt((StoryBible.Fact f) -> -shared(wanted, f.fact()))
                .thenComparing(Comparator.comparingInt(StoryBible.Fact::chapter).reversed()))
        .limit(PROMPT_FACTS)
        .sorted(Comparator.comparingInt(StoryBible.Fact::chapter))
        .toList();
  }

  /**
   * The facts a judge checks chapter {@code n} against: the seed's and those the writer was given.
   */
  static List<StoryBible.Fact> checked(BookState book, int n) {
    StoryBible bible = StoryBible.of(book);
    List<StoryBible.Fact> all =
        new ArrayList<>(bible.facts().stream().filter(f -> f.chapter() == 0).toList());
    all.addAll(facts(bible, beatText(book, n), n));
    return all;
  }

  /**
   * The open threads opened by a chapter before n that bear most on the beat, oldest first among
   * equals (an old thread wants closing); in the last chapter every one, up to {@value
   * #LAST_THREADS}.
   */
  static List<StoryBible.StoryThread> threads(StoryBible bible, String beat, int n, boolean last) {
    Set<String> wanted = wanted(bible, beat);
    return bible.openThreads().stream()
        .filter(t -> t.openedIn() > 0 && t.openedIn() < n)
        .sorted(
            Comparator.comparingInt((StoryBible.StoryThread t) -> -shared(wanted, t.thread()))
                .thenComparingInt(StoryBible.StoryThread::openedIn))
        .limit(last ? LAST_THREADS : PROMPT_THREADS)
        .sorted(Comparator.comparingInt(StoryBible.StoryThread::openedIn))
        .toList();
  }

  /** The beat of chapter n, its ending and the next chapter's beat, or "" without a plan. */
  static String beatText(BookState book, int n) {
    return BookPlan.of(book)
        .map(
            plan -> {
              StringBuilder text = new StringBuilder();
              plan.beat(n).ifPresent(b -> text.append(b.beat()).append(' ').append(b.ending()));
              plan.beat(n + 1).ifPresent(b -> text.append(' ').append(b.beat()));
              return text.toString().strip();
            })
        .orElse("");
  }

  /** The characters of the cast the text names, by any of their names. */
  static List<StoryBible.Person> named(StoryBible bible, String text) {
    String key = " " + StoryBible.key(text) + " ";
    return bible.cast().stream()
        .filter(
            p ->
                p.names().stream()
                    .map(StoryBible::key)
                    .filter(name -> !name.isEmpty())
                    .anyMatch(name -> key.contains(" " + name + " ")))
        .toList();
  }

  /** The content words of the beat, and every name of each character it names. */
  private static Set<String> wanted(StoryBible bible, String beat) {
    Set<String> wanted = new LinkedHashSet<>(words(beat));
    for (StoryBible.Person p : named(bible, beat)) {
      p.names().forEach(name -> wanted.addAll(List.of(StoryBible.key(name).split(" "))));
    }
    return wanted;
  }

  private static int shared(Set<String> wanted, String line) {
    return (int)
        List.of(StoryBible.key(line).split(" ")).stream()
            .distinct()
            .filter(wanted::contains)
            .count();
  }

  /** The content words of a line: lower case, four letters or more, not the commonest. */
  static Set<String> words(String text) {
    Set<String> words = new LinkedHashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() >= 4 && !COMMON.contains(w)) {
        words.add(w);
      }
    }
    return words;
  }
}
