package io.fablestream.chapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.events.BibleCharacter;
import io.fablestream.events.BibleFact;
import io.fablestream.events.BibleThread;
import io.fablestream.events.CharacterChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A book's story bible (docs/bible.md): the cast (names, aliases, a line each, and how each changed
 * with the chapter that changed them), the facts (a line each, with the chapter that set them) and
 * the threads (which chapter opened each and which resolved it). Seeded from the picture's analysis
 * and the plan (chapter 0), updated from every accepted chapter ({@link BibleUpdate}), kept in the
 * book's state as JSON, published on BookCompleted.
 *
 * <p>Bounded, whatever the book's length: at most {@value #MAX_CAST} characters (a new one past
 * that is dropped), {@value #MAX_ALIASES} aliases and the latest {@value #MAX_CHANGES} changes each
 * (an older change is dropped: the latest say where the character stands), {@value #MAX_FACTS}
 * facts (past that the oldest fact set by a chapter is dropped; the seed's stay), {@value
 * #MAX_OPEN_THREADS} open threads (past that the oldest open one is dropped) and {@value
 * #MAX_RESOLVED_THREADS} resolved ones (the earliest resolved dropped first); every line cut at
 * {@value #MAX_LINE_CHARS} characters, at most {@value #MAX_PER_UPDATE} entries a list taken from
 * one chapter's update. Those caps hold when a run of chapters ends ({@link
 * BiblePrompt#runEndsAfter}): while it is under way nothing its prompts show may change, so that
 * they share their bible part as a prefix, and nothing is dropped; the facts, open threads and
 * resolved threads may then pass their caps by {@value #RUN_GROWTH} at most each ({@link
 * BiblePrompt#RUN_CHAPTERS} updates), past which the oldest are dropped all the same, and what a
 * chapter says of a character met before it is held back (at most {@value #MAX_ALIASES} names and a
 * line for each character) until the run ends.
 *
 * @param cast the characters, in the order they came in
 * @param facts the facts, in the order they were set
 * @param threads the threads, in the order they were opened
 * @param held what the chapters of the run under way said of characters met before them
 */
public record StoryBible(
    List<Person> cast, List<Fact> facts, List<StoryThread> threads, List<Held> held) {
  static final int MAX_CAST = 16;
  static final int MAX_ALIASES = 4;
  static final int MAX_CHANGES = 4;
  static final int MAX_FACTS = 60;
  static final int MAX_OPEN_THREADS = 20;
  static final int MAX_RESOLVED_THREADS = 10;
  static final int MAX_LINE_CHARS = 200;

  /**
   * The most entries of each of an update's lists that are applied: a chapter written in parts
   * joins its parts' updates ({@link BibleUpdate#then}), up to twice a chapter's.
   */
  static final int MAX_PER_UPDATE = 2 * BibleUpdate.MAX_PER_CHAPTER;

  /**
   * How far past its cap a list may grow while a run is under way: what the run's chapters add,
   * {@value #MAX_PER_UPDATE} entries each, {@link BiblePrompt#RUN_CHAPTERS} of them at most before
   * the run ends and the lists are cut to their caps.
   */
  static final int RUN_GROWTH = BiblePrompt.RUN_CHAPTERS * MAX_PER_UPDATE;

  private static final ObjectMapper JSON = new ObjectMapper();

  public StoryBible {
    cast = List.copyOf(cast);
    facts = List.copyOf(facts);
    threads = List.copyOf(threads);
    held = List.copyOf(held);
  }

  /** A bible with nothing held back. */
  public StoryBible(List<Person> cast, List<Fact> facts, List<StoryThread> threads) {
    this(cast, facts, threads, List.of());
  }

  /** A character: name, other names, one line, the chapter they came in, and their changes. */
  public record Person(
      String name,
      List<String> aliases,
      String description,
      int firstChapter,
      List<Change> changes) {
    public Person {
      aliases = List.copyOf(aliases);
      changes = List.copyOf(changes);
    }

    /** Whether the book calls this character {@code called}, by name or alias. */
    boolean isCalled(String called) {
      String key = key(called);
      if (key.isEmpty()) {
        return false;
      }
      return key(name).equals(key) || aliases.stream().anyMatch(a -> key(a).equals(key));
    }

    /**
     * The character also called by these names (those not yet theirs, while their aliases have
     * room), with this line if they had none.
     */
    Person also(List<String> names, String line) {
      List<String> all = new ArrayList<>(aliases);
      for (String called : names) {
        if (all.size() < MAX_ALIASES
            && !called.isBlank()
            && !isCalled(called)
            && all.stream().noneMatch(a -> same(a, called))) {
          all.add(cut(called));
        }
      }
      return new Person(
          name, all, description.isBlank() ? cut(line) : description, firstChapter, changes);
    }

    /** Every name the character goes by. */
    List<String> names() {
      List<String> all = new ArrayList<>(List.of(name));
      all.addAll(aliases);
      return all;
    }
  }

  /** How a character changed in a chapter. */
  public record Change(int chapter, String change) {}

  /**
   * What chapter {@code chapter} said of a character met before it while a run was under way, held
   * back until the run ends: names they are also called by, and a line if they had none.
   */
  public record Held(String name, int chapter, List<String> aliases, String description) {
    public Held {
      aliases = List.copyOf(aliases);
    }
  }

  /** A fact of the story, set by a chapter (0: the picture and the plan). */
  public record Fact(String fact, int chapter) {}

  /** A thread of the story: opened by a chapter, resolved by a later one or still open (null). */
  public record StoryThread(String thread, int openedIn, Integer resolvedIn) {
    boolean open() {
      return resolvedIn == null;
    }
  }

  /** The book's bible: the one its state holds, else the seed from its analysis and plan. */
  static StoryBible of(BookState book) {
    return book.getBible() != null ? read(book.getBible()) : seed(book);
  }

  /**
   * The seed, chapter 0: the plan's cast (else the picture's characters, a name being what comes
   * before the first comma), the setting as a fact, the main conflict and the picture's conflicts
   * as open threads.
   */
  static StoryBible seed(BookState book) {
    StorySeed story = book.getStory();
    Optional<BookPlan> plan = BookPlan.of(book);
    List<Person> cast = new ArrayList<>();
    if (plan.isPresent() && !plan.get().cast().isEmpty()) {
      plan.get()
          .cast()
          .forEach(
              c -> cast.add(new Person(cut(c.name()), List.of(), cut(c.line()), 0, List.of())));
    } else if (story != null) {
      for (String character : story.getCharacters()) {
        int comma = character.indexOf(',');
        String name = comma > 0 ? character.substring(0, comma) : character;
        String line = comma > 0 ? character.substring(comma + 1) : "";
        if (cast.size() < MAX_CAST && !name.isBlank()) {
          cast.add(new Person(cut(name), List.of(), cut(line), 0, List.of()));
        }
      }
    }
    List<Fact> facts = new ArrayList<>();
    List<StoryThread> threads = new ArrayList<>();
    if (story != null) {
      facts.add(new Fact(cut("The story is set in " + story.getSetting().strip()), 0));
      plan.map(BookPlan::mainConflict)
          .filter(c -> !c.isBlank())
          .ifPresent(c -> threads.add(new StoryThread(cut(c), 0, null)));
      for (String conflict : story.getConflicts()) {
        if (threads.size() < MAX_OPEN_THREADS
            && threads.stream().noneMatch(t -> same(t.thread(), conflict))) {
          threads.add(new StoryThread(cut(conflict), 0, null));
        }
      }
    }
    return new StoryBible(cast, facts, threads);
  }

  /**
   * The bible after chapter {@code chapter} was accepted with this update, bounded. While a run of
   * chapters is under way ({@code runEnds} false: the next chapter's prompt shares the run's
   * "before" part with this one's, {@link BiblePrompt#runEndsAfter}), nothing that part or the
   * run's chapters show changes: no entry is dropped (the lists may pass their caps by what the
   * run's chapters add, up to {@value #RUN_GROWTH} each) and what the update says of a character
   * met before this chapter (other names, a line where they had none) is held back. When the run
   * ends, what was held back is applied and every list is cut to its cap.
   */
  StoryBible with(BibleUpdate update, int chapter, boolean runEnds) {
    if (runEnds && !held.isEmpty()) {
      // What the run's earlier chapters said comes before what this one says.
      return released().with(update, chapter, true);
    }
    List<Person> people = new ArrayList<>(cast);
    List<Held> heldBack = new ArrayList<>(held);
    for (BibleUpdate.NewCharacter c : limited(update.characters())) {
      int at = find(people, heldBack, c.name(), c.aliases());
      if (at >= 0) {
        Person known = people.get(at);
        if (runEnds || known.firstChapter() >= chapter) {
          people.set(at, known.also(names(c), c.description()));
        } else {
          hold(heldBack, known, names(c), c.description(), chapter);
        }
      } else if (people.size() < MAX_CAST && !c.name().isBlank()) {
        people.add(
            new Person(
                cut(c.name()),
                c.aliases().stream()
                    .filter(a -> !a.isBlank() && !same(a, c.name()))
                    .limit(MAX_ALIASES)
                    .map(StoryBible::cut)
                    .toList(),
                cut(c.description()),
                chapter,
                List.of()));
      }
    }
    for (BibleUpdate.CharacterChange c : limited(update.changes())) {
      int at = find(people, heldBack, c.name(), List.of());
      if (at < 0 || c.change().isBlank()) {
        continue;
      }
      Person known = people.get(at);
      List<Change> changes = new ArrayList<>(known.changes());
      changes.add(new Change(chapter, cut(c.change())));
      while (changes.size() > MAX_CHANGES) {
        changes.removeFirst();
      }
      people.set(
          at,
          new Person(
              known.name(), known.aliases(), known.description(), known.firstChapter(), changes));
    }

    List<Fact> kept = new ArrayList<>(facts);
    for (String fact : limited(update.facts())) {
      if (!fact.isBlank() && kept.stream().noneMatch(f -> same(f.fact(), fact))) {
        kept.add(new Fact(cut(fact), chapter));
      }
    }

    List<StoryThread> all = new ArrayList<>(threads);
    for (String resolved : limited(update.resolved())) {
      for (int i = 0; i < all.size(); i++) {
        StoryThread t = all.get(i);
        if (t.open() && t.openedIn() <= chapter && like(t.thread(), resolved)) {
          all.set(i, new StoryThread(t.thread(), t.openedIn(), chapter));
          break;
        }
      }
    }
    for (String opened : limited(update.opened())) {
      if (!opened.isBlank() && all.stream().noneMatch(t -> t.open() && same(t.thread(), opened))) {
        all.add(new StoryThread(cut(opened), chapter, null));
      }
    }
    StoryBible next = new StoryBible(people, kept, all, heldBack);
    return runEnds ? next.settled() : next.cutTo(RUN_GROWTH);
  }

  /**
   * The bible with what was held back applied, in the order it was said, and every list cut to its
   * cap: as a run's end leaves it, and as the finished book carries it.
   */
  StoryBible settled() {
    return released().cutTo(0);
  }

  /** The bible with what was held back applied, in the order it was said. */
  private StoryBible released() {
    List<Person> people = new ArrayList<>(cast);
    for (Held h : held) {
      for (int i = 0; i < people.size(); i++) {
        if (people.get(i).name().equals(h.name())) {
          people.set(i, people.get(i).also(h.aliases(), h.description()));
        }
      }
    }
    return new StoryBible(people, facts, threads, List.of());
  }

  /**
   * The bible with each list cut to its cap plus {@code growth}: past that the oldest fact a
   * chapter set, the oldest open thread and the earliest resolved one are dropped.
   */
  private StoryBible cutTo(int growth) {
    List<Fact> kept = new ArrayList<>(facts);
    while (kept.size() > MAX_FACTS + growth) {
      int oldest = 0;
      while (oldest < kept.size() - 1 && kept.get(oldest).chapter() == 0) {
        oldest++;
      }
      kept.remove(oldest);
    }
    List<StoryThread> all = new ArrayList<>(threads);
    while (all.stream().filter(StoryThread::open).count() > MAX_OPEN_THREADS + growth) {
      all.remove(all.stream().filter(StoryThread::open).findFirst().orElseThrow());
    }
    while (all.stream().filter(t -> !t.open()).count() > MAX_RESOLVED_THREADS + growth) {
      all.remove(
          all.stream()
              .filter(t -> !t.open())
              .min(Comparator.comparingInt(StoryThread::resolvedIn))
              .orElseThrow());
    }
    return new StoryBible(cast, kept, all, held);
  }

  /**
   * Holds back what a chapter said of a character met before it: the names they were not yet called
   * by (while their aliases, given and held, have room) and a line if they have none yet.
   */
  private static void hold(
      List<Held> heldBack, Person known, List<String> names, String description, int chapter) {
    List<Held> theirs = heldBack.stream().filter(h -> h.name().equals(known.name())).toList();
    int room =
        MAX_ALIASES
            - known.aliases().size()
            - theirs.stream().mapToInt(h -> h.aliases().size()).sum();
    List<String> aliases = new ArrayList<>();
    for (String name : names) {
      if (aliases.size() < room
          && !name.isBlank()
          && !called(known, theirs, name)
          && aliases.stream().noneMatch(a -> same(a, name))) {
        aliases.add(cut(name));
      }
    }
    boolean line =
        known.description().isBlank()
            && !description.isBlank()
            && theirs.stream().allMatch(h -> h.description().isBlank());
    if (aliases.isEmpty() && !line) {
      return;
    }
    heldBack.add(new Held(known.name(), chapter, aliases, line ? cut(description) : ""));
  }

  /** The names a new character entry gives: its aliases, then its name. */
  private static List<String> names(BibleUpdate.NewCharacter c) {
    List<String> all = new ArrayList<>(c.aliases());
    all.add(c.name());
    return all;
  }

  /** The first {@value #MAX_PER_UPDATE} of one of an update's lists. */
  private static <T> List<T> limited(List<T> list) {
    return list.stream().limit(MAX_PER_UPDATE).toList();
  }

  /**
   * The bible as it stood before chapter {@code k} was written: what chapters k and later set is
   * taken out (a revision from chapter k writes them anew).
   */
  StoryBible before(int k) {
    List<Person> people =
        cast.stream()
            .filter(p -> p.firstChapter() < k)
            .map(
                p ->
                    new Person(
                        p.name(),
                        p.aliases(),
                        p.description(),
                        p.firstChapter(),
                        p.changes().stream().filter(c -> c.chapter() < k).toList()))
            .toList();
    List<Fact> kept = facts.stream().filter(f -> f.chapter() < k).toList();
    List<StoryThread> all =
        threads.stream()
            .filter(t -> t.openedIn() < k)
            .map(
                t ->
                    t.resolvedIn() != null && t.resolvedIn() >= k
                        ? new StoryThread(t.thread(), t.openedIn(), null)
                        : t)
            .toList();
    return new StoryBible(people, kept, all, held.stream().filter(h -> h.chapter() < k).toList());
  }

  /** The character the book calls by this name (or alias), if any. */
  Optional<Person> person(String called) {
    return cast.stream().filter(p -> p.isCalled(called)).findFirst();
  }

  /** The threads still open. */
  List<StoryThread> openThreads() {
    return threads.stream().filter(StoryThread::open).toList();
  }

  /** The bible as the JSON the state keeps and {@link #read} reads. */
  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode people = root.putArray("cast");
    for (Person p : cast) {
      ObjectNode node = people.addObject();
      node.put("name", p.name());
      p.aliases().forEach(node.putArray("aliases")::add);
      node.put("description", p.description());
      node.put("firstChapter", p.firstChapter());
      ArrayNode changes = node.putArray("changes");
      p.changes()
          .forEach(c -> changes.addObject().put("chapter", c.chapter()).put("change", c.change()));
    }
    ArrayNode factNodes = root.putArray("facts");
    facts.forEach(f -> factNodes.addObject().put("fact", f.fact()).put("chapter", f.chapter()));
    ArrayNode threadNodes = root.putArray("threads");
    for (StoryThread t : threads) {
      ObjectNode node =
          threadNodes.addObject().put("thread", t.thread()).put("openedIn", t.openedIn());
      if (t.resolvedIn() != null) {
        node.put("resolvedIn", t.resolvedIn());
      }
    }
    if (!held.isEmpty()) {
      ArrayNode heldNodes = root.putArray("held");
      for (Held h : held) {
        ObjectNode node = heldNodes.addObject().put("name", h.name()).put("chapter", h.chapter());
        h.aliases().forEach(node.putArray("aliases")::add);
        node.put("description", h.description());
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bible in the state's JSON. */
  static StoryBible read(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the state's story bible is not JSON", e);
    }
    List<Person> people = new ArrayList<>();
    for (JsonNode p : root.path("cast")) {
      List<String> aliases = new ArrayList<>();
      p.path("aliases").forEach(a -> aliases.add(a.asText()));
      List<Change> changes = new ArrayList<>();
      p.path("changes")
          .forEach(
              c -> changes.add(new Change(c.path("chapter").asInt(), c.path("change").asText())));
      people.add(
          new Person(
              p.path("name").asText(),
              aliases,
              p.path("description").asText(""),
              p.path("firstChapter").asInt(),
              changes));
    }
    List<Fact> facts = new ArrayList<>();
    root.path("facts")
        .forEach(f -> facts.add(new Fact(f.path("fact").asText(), f.path("chapter").asInt())));
    List<StoryThread> threads = new ArrayList<>();
    for (JsonNode t : root.path("threads")) {
      threads.add(
          new StoryThread(
              t.path("thread").asText(),
              t.path("openedIn").asInt(),
              t.hasNonNull("resolvedIn") ? t.get("resolvedIn").asInt() : null));
    }
    List<Held> held = new ArrayList<>();
    for (JsonNode h : root.path("held")) {
      List<String> aliases = new ArrayList<>();
      h.path("aliases").forEach(a -> aliases.add(a.asText()));
      held.add(
          new Held(
              h.path("name").asText(),
              h.path("chapter").asInt(),
              aliases,
              h.path("description").asText("")));
    }
    return new StoryBible(people, facts, threads, held);
  }

  /** The bible as BookCompleted carries it: settled, what was held back applied. */
  io.fablestream.events.StoryBible event() {
    StoryBible settled = settled();
    if (!settled.equals(this)) {
      return settled.event();
    }
    return io.fablestream.events.StoryBible.newBuilder()
        .setCast(
            cast.stream()
                .map(
                    p ->
                        BibleCharacter.newBuilder()
                            .setName(p.name())
                            .setAliases(p.aliases())
                            .setDescription(p.description())
                            .setFirstChapter(p.firstChapter())
                            .setChanges(
                                p.changes().stream()
                                    .map(c -> new CharacterChange(c.chapter(), c.change()))
                                    .toList())
                            .build())
                .toList())
        .setFacts(facts.stream().map(f -> new BibleFact(f.fact(), f.chapter())).toList())
        .setThreads(
            threads.stream()
                .map(t -> new BibleThread(t.thread(), t.openedIn(), t.resolvedIn()))
                .toList())
        .build();
  }

  /** The character of the cast called by this name or one of these aliases, held back or not. */
  private static int find(
      List<Person> people, List<Held> heldBack, String name, List<String> aliases) {
    for (int i = 0; i < people.size(); i++) {
      Person p = people.get(i);
      List<Held> theirs = heldBack.stream().filter(h -> h.name().equals(p.name())).toList();
      if (called(p, theirs, name) || aliases.stream().anyMatch(a -> called(p, theirs, a))) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the book calls the character {@code called}, by a name given or held back. */
  private static boolean called(Person p, List<Held> theirs, String called) {
    return p.isCalled(called)
        || theirs.stream().flatMap(h -> h.aliases().stream()).anyMatch(a -> same(a, called));
  }

  /** Two lines that say the same: equal once case and punctuation are set aside. */
  static boolean same(String a, String b) {
    return key(a).equals(key(b));
  }

  /**
   * Whether a line names the same thread as another, loosely: one contains the other, or most of
   * the shorter one's words are in the longer.
   */
  static boolean like(String a, String b) {
    String x = key(a);
    String y = key(b);
    if (x.isEmpty() || y.isEmpty()) {
      return false;
    }
    if (x.contains(y) || y.contains(x)) {
      return true;
    }
    Set<String> wx = BiblePrompt.words(x);
    Set<String> wy = BiblePrompt.words(y);
    Set<String> shorter = wx.size() <= wy.size() ? wx : wy;
    Set<String> longer = shorter == wx ? wy : wx;
    if (shorter.isEmpty()) {
      return false;
    }
    long shared = shorter.stream().filter(longer::contains).count();
    return shared * 10 >= shorter.size() * 6L;
  }

  static String key(String text) {
    return text == null
        ? ""
        : text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
  }

  static String cut(String text) {
    String s = text == null ? "" : text.strip().replaceAll("\\s+", " ");
    return s.length() <= MAX_LINE_CHARS ? s : s.substring(0, MAX_LINE_CHARS) + "...";
  }
}
