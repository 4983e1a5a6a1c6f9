package io.fablestream.chapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.PlannedBeat;
import io.fablestream.events.PlannedCharacter;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A book's plan: its title (when the request had none), the cast, the main conflict the last
 * chapter resolves, and one beat per chapter with how the chapter ends. Kept in the book's state as
 * JSON, published as {@link BookPlanned}.
 *
 * @param title the plan's title, or null
 * @param cast the named characters, one line each
 * @param mainConflict the conflict the last chapter resolves
 * @param beats the beats by chapter, each chapter at most once, in order
 */
public record BookPlan(String title, List<Character> cast, String mainConflict, List<Beat> beats) {
  /** The most characters a plan keeps: the rest are dropped. */
  static final int MAX_CAST = 12;

  /** The most characters of a line, a beat or an ending kept: longer ones are cut. */
  static final int MAX_LINE_CHARS = io.fablestream.schemas.PlanRule.MAX_LINE_CHARS;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A named character and who they are, in one line. */
  public record Character(String name, String line) {}

  /** What chapter {@code chapter} does and how it ends. */
  public record Beat(int chapter, String beat, String ending) {
    /** This beat with new words: what else it holds (its chapter) stays. */
    Beat rewritten(String newBeat, String newEnding) {
      return new Beat(chapter, cut(newBeat), cut(newEnding));
    }
  }

  /** The planning call's JSON schema. */
  static final String SCHEMA =
      """
      {"type":"object","properties":{\
      "title":{"type":"string"},\
      "cast":{"type":"array","items":{"type":"object","properties":{\
      "name":{"type":"string"},"line":{"type":"string"}},"required":["name","line"]}},\
      "mainConflict":{"type":"string"},\
      "beats":{"type":"array","items":{"type":"object","properties":{\
      "chapter":{"type":"integer"},"beat":{"type":"string"},"ending":{"type":"string"}},\
      "required":["chapter","beat","ending"]}}},\
      "required":["title","cast","mainConflict","beats"]}""";

  /** The beat of chapter n, if the plan has one. */
  Optional<Beat> beat(int n) {
    return beats.stream().filter(b -> b.chapter() == n).findFirst();
  }

  /** This plan with only its beats of chapters from..through, or empty when it has none of them. */
  Optional<BookPlan> within(int from, int through) {
    List<Beat> kept =
        beats.stream().filter(b -> b.chapter() >= from && b.chapter() <= through).toList();
    return kept.isEmpty()
        ? Optional.empty()
        : Optional.of(new BookPlan(title, cast, mainConflict, kept));
  }

  /**
   * This plan with the beats of chapters from..through replaced by {@code part}'s: the beats before
   * {@code from} are kept, and so are any after {@code through}.
   */
  BookPlan withPart(int from, int through, List<Beat> part) {
    List<Beat> merged = new ArrayList<>(beats.stream().filter(b -> b.chapter() < from).toList());
    part.stream().filter(b -> b.chapter() >= from && b.chapter() <= through).forEach(merged::add);
    beats.stream().filter(b -> b.chapter() > through).forEach(merged::add);
    merged.sort(java.util.Comparator.comparingInt(Beat::chapter));
    return new BookPlan(title, cast, mainConflict, List.copyOf(merged));
  }

  /**
   * This plan with a revision's new beats: each replaces the words of the plan's beat of its
   * chapter and keeps the rest of it, or is added where the plan has none. The other beats stay.
   */
  BookPlan revised(List<PlannedBeat> given) {
    Map<Integer, Beat> merged = new java.util.TreeMap<>();
    beats.forEach(b -> merged.put(b.chapter(), b));
    for (PlannedBeat g : given) {
      Beat old = merged.getOrDefault(g.getChapter(), new Beat(g.getChapter(), "", ""));
      merged.put(g.getChapter(), old.rewritten(g.getBeat(), g.getEnding()));
    }
    return new BookPlan(title, cast, mainConflict, List.copyOf(merged.values()));
  }

  /** A plan of a revision's beats alone, for a book written without one. */
  static BookPlan ofBeats(List<PlannedBeat> given) {
    return new BookPlan(null, List.of(), "", List.of()).revised(given);
  }

  /** The first plan's one line on where the chapters it does not plan go, if the answer has it. */
  static Optional<String> direction(String answer) {
    try {
      JsonNode direction = JSON.readTree(answer).path("direction");
      return direction.isTextual() && !direction.asText().isBlank()
          ? Optional.of(cut(direction.asText()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The plan in a model's (or a person's) answer, for a book of so many chapters: beats outside
   * 1..chapters or repeated are dropped, the cast bounded, every line cut to {@link
   * #MAX_LINE_CHARS}. Empty when the answer is not a plan: no JSON object, or not one beat.
   */
  static Optional<BookPlan> parse(String answer, int chapters) {
    try {
      return Optional.of(read(answer, chapters));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The plan in a JSON text, for a book of so many chapters, or an IllegalArgumentException naming
   * the field that is wrong.
   */
  public static BookPlan read(String json, int chapters) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the plan is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("the plan is not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("the plan is not a JSON object");
    }
    String title = node.path("title").isTextual() ? cut(node.get("title").asText()) : null;
    List<Character> cast = new ArrayList<>();
    JsonNode castNode = node.path("cast");
    if (!castNode.isMissingNode() && !castNode.isArray()) {
      throw new IllegalArgumentException("cast must be an array of {name, line}");
    }
    for (JsonNode c : castNode) {
      if (!c.path("name").isTextual() || c.get("name").asText().isBlank()) {
        throw new IllegalArgumentException("cast[" + cast.size() + "].name must be a string");
      }
      if (cast.size() < MAX_CAST) {
        cast.add(new Character(cut(c.get("name").asText()), cut(c.path("line").asText(""))));
      }
    }
    JsonNode conflict = node.path("mainConflict");
    if (!conflict.isMissingNode() && !conflict.isTextual()) {
      throw new IllegalArgumentException("mainConflict must be a string");
    }
    JsonNode beatsNode = node.path("beats");
    if (!beatsNode.isArray() || beatsNode.isEmpty()) {
      throw new IllegalArgumentException(
          "beats must be a non-empty array of {chapter, beat, ending}");
    }
    Map<Integer, Beat> beats = new LinkedHashMap<>();
    for (int i = 0; i < beatsNode.size(); i++) {
      JsonNode b = beatsNode.get(i);
      if (!b.path("chapter").canConvertToInt() || !b.path("chapter").isIntegralNumber()) {
        throw new IllegalArgumentException("beats[" + i + "].chapter must be a chapter number");
      }
      if (!b.path("beat").isTextual() || b.get("beat").asText().isBlank()) {
        throw new IllegalArgumentException("beats[" + i + "].beat must be a non-empty string");
      }
      int n = b.get("chapter").asInt();
      if (n >= 1 && n <= chapters) {
        beats.putIfAbsent(
            n, new Beat(n, cut(b.get("beat").asText()), cut(b.path("ending").asText(""))));
      }
    }
    if (beats.isEmpty()) {
      throw new IllegalArgumentException("beats has no chapter between 1 and " + chapters);
    }
    List<Beat> ordered = new ArrayList<>(beats.values());
    ordered.sort(java.util.Comparator.comparingInt(Beat::chapter));
    return new BookPlan(title, cast, conflict.asText("").strip(), ordered);
  }

  /** The plan as the JSON the state keeps and {@link #read} reads. */
  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    if (title != null) {
      root.put("title", title);
    }
    ArrayNode castNode = root.putArray("cast");
    cast.forEach(c -> castNode.addObject().put("name", c.name()).put("line", c.line()));
    root.put("mainConflict", mainConflict);
    ArrayNode beatsNode = root.putArray("beats");
    beats.forEach(
        b ->
            beatsNode
                .addObject()
                .put("chapter", b.chapter())
                .put("beat", b.beat())
                .put("ending", b.ending()));
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The plan of a book's state, if it holds one. */
  static Optional<BookPlan> of(io.fablestream.chapter.state.BookState book) {
    return book.getPlan() == null
        ? Optional.empty()
        : Optional.of(read(book.getPlan(), book.getChapterCount()));
  }

  /** The plan as an event. */
  public BookPlanned event(
      String bookId, int revision, String bookTitle, boolean approved, String model, long now) {
    return BookPlanned.newBuilder()
        .setBookId(bookId)
        .setRevision(revision)
        .setTitle(bookTitle)
        .setCast(cast.stream().map(c -> new PlannedCharacter(c.name(), c.line())).toList())
        .setMainConflict(mainConflict)
        .setBeats(
            beats.stream().map(b -> new PlannedBeat(b.chapter(), b.beat(), b.ending(), 1)).toList())
        .setApproved(approved)
        .setModel(model)
        .setPlannedAt(Instant.ofEpochMilli(now))
        .build();
  }

  /** The plan of an event. */
  static BookPlan of(BookPlanned event) {
    return new BookPlan(
        event.getTitle(),
        event.getCast().stream().map(c -> new Character(c.getName(), c.getLine())).toList(),
        event.getMainConflict(),
        event.getBeats().stream()
            .map(b -> new Beat(b.getChapter(), b.getBeat(), b.getEnding()))
            .toList());
  }

  private static String cut(String text) {
    String s = text.strip();
    return s.length() <= MAX_LINE_CHARS ? s : s.substring(0, MAX_LINE_CHARS) + "...";
  }
}
