package io.fablestream.app;

import io.fablestream.events.BibleCharacter;
import io.fablestream.events.BibleFact;
import io.fablestream.events.BibleThread;
import io.fablestream.events.CharacterChange;
import io.fablestream.events.StoryBible;
import java.util.List;

/**
 * A finished book's story bible as the read model keeps and the API shows it: the fields of
 * BookCompleted.bible (docs/bible.md), under the same names. Chapter 0 is the picture and the plan.
 * It is as bounded as chapter-service keeps it (16 characters, 60 facts, 30 threads).
 *
 * @param cast the named characters
 * @param facts the facts, in the order they were set
 * @param threads the threads, in the order they were opened
 */
public record BibleView(List<CastMember> cast, List<Fact> facts, List<StoryThread> threads) {

  public BibleView {
    cast = List.copyOf(cast == null ? List.of() : cast);
    facts = List.copyOf(facts == null ? List.of() : facts);
    threads = List.copyOf(threads == null ? List.of() : threads);
  }

  /** A named character, the chapter they first appeared in, and how they changed. */
  public record CastMember(
      String name,
      List<String> aliases,
      String description,
      int firstChapter,
      List<Change> changes) {
    public CastMember {
      aliases = List.copyOf(aliases == null ? List.of() : aliases);
      changes = List.copyOf(changes == null ? List.of() : changes);
    }
  }

  /** How a character changed, and in which chapter. */
  public record Change(int chapter, String change) {}

  /** A fact of the story, in one line, and the chapter that set it. */
  public record Fact(String fact, int chapter) {}

  /** An open question or promise: the chapter that opened it, and the one that resolved it. */
  public record StoryThread(String thread, int openedIn, Integer resolvedIn) {}

  /** The view of a book's bible; null for none (a writer older than the bible). */
  public static BibleView of(StoryBible b) {
    if (b == null) {
      return null;
    }
    return new BibleView(
        b.getCast().stream()
            .map(
                c ->
                    new CastMember(
                        c.getName(),
                        List.copyOf(c.getAliases()),
                        c.getDescription(),
                        c.getFirstChapter(),
                        c.getChanges().stream()
                            .map(x -> new Change(x.getChapter(), x.getChange()))
                            .toList()))
            .toList(),
        b.getFacts().stream().map(f -> new Fact(f.getFact(), f.getChapter())).toList(),
        b.getThreads().stream()
            .map(t -> new StoryThread(t.getThread(), t.getOpenedIn(), t.getResolvedIn()))
            .toList());
  }

  /**
   * What a revision from chapter {@code from} keeps, as chapter-service does: what the chapters
   * before it set; a thread they opened and a later chapter resolved is open again.
   */
  public BibleView before(int from) {
    return new BibleView(
        cast.stream()
            .filter(c -> c.firstChapter() < from)
            .map(
                c ->
                    new CastMember(
                        c.name(),
                        c.aliases(),
                        c.description(),
                        c.firstChapter(),
                        c.changes().stream().filter(x -> x.chapter() < from).toList()))
            .toList(),
        facts.stream().filter(f -> f.chapter() < from).toList(),
        threads.stream()
            .filter(t -> t.openedIn() < from)
            .map(
                t ->
                    t.resolvedIn() != null && t.resolvedIn() >= from
                        ? new StoryThread(t.thread(), t.openedIn(), null)
                        : t)
            .toList());
  }

  /** The bible as the event carries it. */
  public StoryBible toEvent() {
    return StoryBible.newBuilder()
        .setCast(
            cast.stream()
                .map(
                    c ->
                        BibleCharacter.newBuilder()
                            .setName(c.name())
                            .setAliases(c.aliases())
                            .setDescription(c.description() == null ? "" : c.description())
                            .setFirstChapter(c.firstChapter())
                            .setChanges(
                                c.changes().stream()
                                    .map(
                                        x ->
                                            CharacterChange.newBuilder()
                                                .setChapter(x.chapter())
                                                .setChange(x.change())
                                                .build())
                                    .toList())
                            .build())
                .toList())
        .setFacts(
            facts.stream()
                .map(f -> BibleFact.newBuilder().setFact(f.fact()).setChapter(f.chapter()).build())
                .toList())
        .setThreads(
            threads.stream()
                .map(
                    t ->
                        BibleThread.newBuilder()
                            .setThread(t.thread())
                            .setOpenedIn(t.openedIn())
                            .setResolvedIn(t.resolvedIn())
                            .build())
                .toList())
        .build();
  }
}
