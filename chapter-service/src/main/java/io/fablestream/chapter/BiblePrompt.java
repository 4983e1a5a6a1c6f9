package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.schemas.ArcRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The story bible in a chapter's prompt. For the writer ({@link #inOrder}), in chapter order so
 * that consecutive chapters share it as a prefix: what the chapters before the arc set (the
 * characters met, and at most {@value #PROMPT_FACTS} facts and {@value #PROMPT_THREADS} open
 * threads, those that bear most on the arc's beats), then what each chapter of the arc set, one
 * after the other (at most {@value #RUN_FACTS} facts a chapter, {@value #RUN_CHAPTERS} chapters);
 * and after them, with what changes per chapter ({@link #now}), how each character stands and, in
 * the last chapter, the threads it must close ({@value #LAST_THREADS} at most). For a later
 * planning call ({@link #section}), what bears on the first chapter it plans. What the writer's
 * system message already carries (the plan's cast, the setting, the picture's conflicts: the
 * bible's seed, chapter 0) is not repeated.
 *
 * <p>Each of the writer's parts has its share of the prompt ({@link
 * BookBudget#BIBLE_BEFORE_TOKENS}, {@link BookBudget#BIBLE_RUN_CHAPTER_TOKENS} a chapter of the
 * run, {@link BookBudget#BIBLE_NOW_TOKENS}), and so has the planning call's section ({@link
 * BookBudget#BIBLE_PLAN_TOKENS}), which the analyzer counts at intake: a part takes its lines in
 * their order of priority and stops at the first that would pass its share, whole lines only. A
 * part's lines are the same for every chapter of the run, so is its cut, and the prefix holds: the
 * bible changes nothing they show until the run ends ({@link #runEndsAfter}, {@link
 * StoryBible#with}).
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
   * What of the bible bears on chapter {@code n} alone, for the later planning call whose part
   * begins there: how characters stand now, the facts and the open threads for its beat; empty when
   * there are none. Within {@link BookBudget#BIBLE_PLAN_TOKENS}, whole lines in their order of
   * priority: the open threads first (the part to plan must carry them on; in the last part, those
   * it closes), the most bearing first, then how each character stands, in the order they came in,
   * then the facts, the most bearing first. Each list is shown in its own order.
   */
  static String section(BookState book, int n) {
    StoryBible bible = StoryBible.of(book);
    String beat = beatText(book, n);
    boolean last = n == book.getChapterCount();
    Share share = new Share(BookBudget.BIBLE_PLAN_TOKENS);
    List<StoryBible.StoryThread> threads =
        rankedThreads(
                openBefore(bible, n), wanted(bible, beat), last ? LAST_THREADS : PROMPT_THREADS)
            .stream()
            .filter(t -> share.take(thread("- ", t)))
            .sorted(Comparator.comparingInt(StoryBible.StoryThread::openedIn))
            .toList();
    List<StoryBible.Person> changed =
        changedBefore(bible, n).stream().filter(c -> share.take(standingLine(c, n))).toList();
    List<StoryBible.Fact> facts =
        rankedFacts(
                bible.facts().stream().filter(f -> f.chapter() > 0 && f.chapter() < n),
                wanted(bible, beat))
            .stream()
            .filter(f -> share.take(line(f.fact(), f.chapter())))
            .sorted(Comparator.comparingInt(StoryBible.Fact::chapter))
            .toList();
    if (changed.isEmpty() && facts.isEmpty() && threads.isEmpty()) {
      return "";
    }
    StringBuilder p =
        new StringBuilder(
            "\nTHE STORY BIBLE FOR THE CHAPTER TO WRITE (what earlier chapters set: keep to it)\n");
    standing(p, changed, n);
    if (!facts.isEmpty()) {
      p.append("Facts that bear on this chapter:\n");
      facts.forEach(f -> p.append(line(f.fact(), f.chapter())));
    }
    if (!threads.isEmpty()) {
      openThreads(
          p, threads, last ? "Open threads (this last chapter closes them):\n" : "Open threads:\n");
    }
    return p.toString();
  }

  /**
   * The most chapters the chapter-ordered part of the bible ({@link #inOrder}) lists one by one:
   * past that (an arc longer than this), a new run begins, and what the run before set is chosen
   * from again, as at an arc's start.
   */
  static final int RUN_CHAPTERS = 4;

  /** The most facts of one chapter that the chapter-ordered part lists. */
  static final int RUN_FACTS = 3;

  /**
   * The first chapter of the run that chapter {@code n}'s prompt lists one by one: the arc's first
   * chapter, or a later one every {@link #RUN_CHAPTERS} chapters in a long arc.
   */
  static int runStart(BookState book, int n) {
    int arcStart = ArcRule.arcStart(n, Math.max(1, book.getArcLength()));
    return n <= arcStart ? arcStart : arcStart + (n - 1 - arcStart) / RUN_CHAPTERS * RUN_CHAPTERS;
  }

  /**
   * Whether chapter {@code c} is the last whose bible update the prompts of its run see: the next
   * chapter's prompt starts a new run (or there is no next chapter). Until then the bible keeps
   * what the run's prompts show as it is ({@link StoryBible#with}).
   */
  static boolean runEndsAfter(BookState book, int c) {
    return c >= book.getChapterCount() || runStart(book, c + 1) != runStart(book, c);
  }

  /**
   * The story bible in the prompt of chapter {@code n}, in chapter order so that the prompts of a
   * run's chapters share it as a prefix: first what the chapters before the run set (the characters
   * met, the facts and the threads still open that bear most on the run's beats: the same for every
   * chapter of the run), then what each chapter of the run set, one chapter after the other (new
   * characters, facts, threads opened and closed) and how it ended, which only grows: the ending of
   * the chapter before is the last thing it holds. Empty when there is nothing.
   *
   * @param endingOf the last words of a chapter's text ({@link ChapterPrompt#lastWords}), when its
   *     text is at hand
   */
  static String inOrder(BookState book, int n, IntFunction<Optional<String>> endingOf) {
    StoryBible bible = StoryBible.of(book);
    int start = runStart(book, n);
    String beats = runBeats(book, start);
    Before before = before(bible, beats, start);
    StringBuilder p = new StringBuilder();
    if (!before.isEmpty()) {
      p.append("Before chapter ").append(start).append(":\n");
      before.met().forEach(c -> p.append(metLine(c)));
      before.facts().forEach(f -> p.append(line(f.fact(), f.chapter())));
      before.threads().forEach(t -> p.append(thread("- open: ", t)));
    }
    for (int c = start; c < n; c++) {
      String set = setIn(bible, c).text();
      Optional<String> ending = endingOf.apply(c);
      if (!set.isEmpty() || ending.isPresent()) {
        p.append("Chapter ").append(c).append(":\n").append(set);
        ending.ifPresent(e -> p.append("It ended: \"...").append(e).append("\"\n"));
      }
    }
    return p.isEmpty()
        ? ""
        : "THE STORY BIBLE AND THE ARC SO FAR (what earlier chapters set: keep to it)\n" + p;
  }

  /**
   * What the chapters before a run set that its prompts list, within {@link
   * BookBudget#BIBLE_BEFORE_TOKENS}: each list in the order it is shown in.
   */
  private record Before(
      List<StoryBible.Person> met,
      List<StoryBible.Fact> facts,
      List<StoryBible.StoryThread> threads) {
    boolean isEmpty() {
      return met.isEmpty() && facts.isEmpty() && threads.isEmpty();
    }
  }

  /**
   * What the chapters before chapter {@code start} set, cut at the part's share: the characters met
   * in the order they came in, then the facts and the open threads that bear most on the run's
   * beats, the most bearing first.
   */
  private static Before before(StoryBible bible, String beats, int start) {
    Share share = new Share(BookBudget.BIBLE_BEFORE_TOKENS);
    // Ranked by the names of the characters met before the run only: one the run brings in, or an
    // alias it gives, would change the ranking, and so this part, from one chapter to the next.
    Set<String> wanted = wanted(bible.before(start), beats);
    List<StoryBible.Person> met =
        bible.cast().stream()
            .filter(p -> p.firstChapter() > 0 && p.firstChapter() < start)
            .filter(p -> share.take(metLine(p)))
            .toList();
    List<StoryBible.Fact> facts =
        rankedFacts(
                bible.facts().stream().filter(f -> f.chapter() > 0 && f.chapter() < start), wanted)
            .stream()
            .filter(f -> share.take(line(f.fact(), f.chapter())))
            .sorted(Comparator.comparingInt(StoryBible.Fact::chapter))
            .toList();
    List<StoryBible.StoryThread> threads =
        earlierThreads(bible, wanted, start).stream()
            .filter(t -> share.take(thread("- open: ", t)))
            .sorted(Comparator.comparingInt(StoryBible.StoryThread::openedIn))
            .toList();
    return new Before(met, facts, threads);
  }

  /** What a chapter of the run set, as its lines and the facts among them. */
  private record Block(String text, List<StoryBible.Fact> facts) {}

  /**
   * What chapter {@code c} set, one line each, cut at {@link BookBudget#BIBLE_RUN_CHAPTER_TOKENS}:
   * the characters it brought in, its first {@value #RUN_FACTS} facts, the threads it opened, those
   * it closed; empty when nothing.
   */
  private static Block setIn(StoryBible bible, int c) {
    Share share = new Share(BookBudget.BIBLE_RUN_CHAPTER_TOKENS);
    StringBuilder p = new StringBuilder();
    bible.cast().stream()
        .filter(person -> person.firstChapter() == c)
        .map(person -> "- new: " + person(person) + "\n")
        .filter(share::take)
        .forEach(p::append);
    List<StoryBible.Fact> facts =
        bible.facts().stream()
            .filter(f -> f.chapter() == c)
            .limit(RUN_FACTS)
            .filter(f -> share.take("- " + f.fact() + "\n"))
            .toList();
    facts.forEach(f -> p.append("- ").append(f.fact()).append('\n'));
    bible.threads().stream()
        .filter(t -> t.openedIn() == c)
        .map(t -> "- opened: " + t.thread() + "\n")
        .filter(share::take)
        .forEach(p::append);
    bible.threads().stream()
        .filter(t -> t.resolvedIn() != null && t.resolvedIn() == c)
        .map(t -> "- closed: " + t.thread() + "\n")
        .filter(share::take)
        .forEach(p::append);
    return new Block(p.toString(), facts);
  }

  /**
   * A part's share of the prompt, in tokens as {@link ContextBudget#tokens} counts them (the count
   * the gateway checks a request by): it takes lines in their order of priority until the first
   * that would pass it, and none after that one, so what a part keeps depends on its lines alone.
   */
  private static final class Share {
    private int left;
    private boolean full;

    Share(int tokens) {
      left = tokens;
    }

    /** Whether the line is taken: it fits what is left, and no line before it was refused. */
    boolean take(String line) {
      int tokens = ContextBudget.tokens(line);
      if (full || tokens > left) {
        full = true;
        return false;
      }
      left -= tokens;
      return true;
    }
  }

  /** A character met before the run: their names, line and the chapter they came in. */
  private static String metLine(StoryBible.Person c) {
    return "- " + person(c) + "\n";
  }

  private static String person(StoryBible.Person c) {
    StringBuilder p = new StringBuilder(c.name());
    if (!c.aliases().isEmpty()) {
      p.append(" (also ").append(String.join(", ", c.aliases())).append(')');
    }
    if (!c.description().isBlank()) {
      p.append(": ").append(c.description());
    }
    return p.append(" [chapter ").append(c.firstChapter()).append(']').toString();
  }

  /** The beats of the run that starts at chapter {@code start}, as one text. */
  private static String runBeats(BookState book, int start) {
    int through =
        Math.min(
            start + RUN_CHAPTERS - 1,
            ArcRule.arcEnd(start, Math.max(1, book.getArcLength()), book.getChapterCount()));
    StringBuilder beats = new StringBuilder();
    for (int c = start; c <= through; c++) {
      beats.append(beatText(book, c)).append(' ');
    }
    return beats.toString().strip();
  }

  /**
   * The threads opened before chapter {@code start} and still open when it began that bear most on
   * the run's beats, the most bearing first: at most {@value #PROMPT_THREADS}. A thread a chapter
   * of the run closed stays listed: the run's own lines say it closed, so the list only grows.
   */
  private static List<StoryBible.StoryThread> earlierThreads(
      StoryBible bible, Set<String> wanted, int start) {
    return rankedThreads(
        bible.threads().stream()
            .filter(t -> t.openedIn() > 0 && t.openedIn() < start)
            .filter(t -> t.resolvedIn() == null || t.resolvedIn() >= start),
        wanted,
        PROMPT_THREADS);
  }

  /** The facts chapter {@code n}'s prompt carries: the run's earlier ones and its own chapters'. */
  static List<StoryBible.Fact> inPrompt(BookState book, int n) {
    StoryBible bible = StoryBible.of(book);
    int start = runStart(book, n);
    List<StoryBible.Fact> all =
        new ArrayList<>(before(bible, runBeats(book, start), start).facts());
    for (int c = start; c < n; c++) {
      all.addAll(setIn(bible, c).facts());
    }
    return all;
  }

  /**
   * How the characters stand before chapter {@code n} (the latest change of each), and in the last
   * chapter the threads it must close: what changes with every chapter, so it goes after the parts
   * the chapters share. Within {@link BookBudget#BIBLE_NOW_TOKENS}: the threads to close first, the
   * most bearing on the beat first, then the characters in the order they came in. Empty when there
   * is nothing.
   */
  static String now(BookState book, int n) {
    StoryBible bible = StoryBible.of(book);
    boolean last = n == book.getChapterCount();
    Share share = new Share(BookBudget.BIBLE_NOW_TOKENS);
    List<StoryBible.StoryThread> threads =
        last
            ? rankedThreads(openBefore(bible, n), wanted(bible, beatText(book, n)), LAST_THREADS)
                .stream()
                .filter(t -> share.take(thread("- ", t)))
                .sorted(Comparator.comparingInt(StoryBible.StoryThread::openedIn))
                .toList()
            : List.of();
    List<StoryBible.Person> changed =
        changedBefore(bible, n).stream().filter(c -> share.take(standingLine(c, n))).toList();
    if (changed.isEmpty() && threads.isEmpty()) {
      return "";
    }
    StringBuilder p = new StringBuilder();
    standing(p, changed, n);
    if (!threads.isEmpty()) {
      openThreads(p, threads, "Open threads (this last chapter closes them):\n");
    }
    return p.toString();
  }

  /**
   * Of the facts, the {@value #PROMPT_FACTS} that share most words with those wanted, the newest
   * first among equals; in chapter order.
   */
  private static List<StoryBible.Fact> bearingMost(
      Stream<StoryBible.Fact> facts, Set<String> wanted) {
    return rankedFacts(facts, wanted).stream()
        .sorted(Comparator.comparingInt(StoryBible.Fact::chapter))
        .toList();
  }

  /**
   * Of the facts, the {@value #PROMPT_FACTS} that share most words with those wanted, the newest
   * first among equals; the most bearing first.
   */
  private static List<StoryBible.Fact> rankedFacts(
      Stream<StoryBible.Fact> facts, Set<String> wanted) {
    return facts
        .sorted(
            Comparator.comparingInt((StoryBible.Fact f) -> -shared(wanted, f.fact()))
                .thenComparing(Comparator.comparingInt(StoryBible.Fact::chapter).reversed()))
        .limit(PROMPT_FACTS)
        .toList();
  }

  /**
   * The facts a judge checks chapter {@code n} against: the seed's, and of those the writer was
   * given the {@value #PROMPT_FACTS} that bear most on its beat.
   */
  static List<StoryBible.Fact> checked(BookState book, int n) {
    StoryBible bible = StoryBible.of(book);
    List<StoryBible.Fact> all =
        new ArrayList<>(bible.facts().stream().filter(f -> f.chapter() == 0).toList());
    all.addAll(bearingMost(inPrompt(book, n).stream(), wanted(bible, beatText(book, n))));
    return all;
  }

  /** The threads opened by a chapter before {@code n} and still open. */
  private static Stream<StoryBible.StoryThread> openBefore(StoryBible bible, int n) {
    return bible.openThreads().stream().filter(t -> t.openedIn() > 0 && t.openedIn() < n);
  }

  /**
   * Of the threads, the {@code most} that share most words with those wanted, the oldest first
   * among equals (an old thread wants closing); the most bearing first.
   */
  private static List<StoryBible.StoryThread> rankedThreads(
      Stream<StoryBible.StoryThread> threads, Set<String> wanted, int most) {
    return threads
        .sorted(
            Comparator.comparingInt((StoryBible.StoryThread t) -> -shared(wanted, t.thread()))
                .thenComparingInt(StoryBible.StoryThread::openedIn))
        .limit(most)
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

  /** "How characters stand now": each changed character's latest change before chapter n. */
  private static void standing(StringBuilder p, List<StoryBible.Person> changed, int n) {
    if (changed.isEmpty()) {
      return;
    }
    p.append("How characters stand now:\n");
    changed.forEach(c -> p.append(standingLine(c, n)));
  }

  /** How a changed character stands before chapter {@code n}: their latest change. */
  private static String standingLine(StoryBible.Person c, int n) {
    StoryBible.Change latest =
        c.changes().stream().filter(ch -> ch.chapter() < n).reduce((a, b) -> b).orElseThrow();
    return line(c.name() + ": " + latest.change(), latest.chapter());
  }

  /** The open threads under their heading, each with the chapter that opened it. */
  private static void openThreads(
      StringBuilder p, List<StoryBible.StoryThread> threads, String heading) {
    p.append(heading);
    threads.forEach(t -> p.append(thread("- ", t)));
  }

  /** A line of what chapter {@code chapter} set: a fact, or how a character stands. */
  private static String line(String set, int chapter) {
    return "- " + set + " [chapter " + chapter + "]\n";
  }

  /** A thread's line after its mark, with the chapter that opened it. */
  private static String thread(String mark, StoryBible.StoryThread t) {
    return mark + t.thread() + " [opened in chapter " + t.openedIn() + "]\n";
  }

  /** The characters a change was noted for before chapter {@code n}. */
  private static List<StoryBible.Person> changedBefore(StoryBible bible, int n) {
    return bible.cast().stream()
        .filter(p -> p.changes().stream().anyMatch(c -> c.chapter() < n))
        .toList();
  }
}
