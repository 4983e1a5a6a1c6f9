package io.fablestream.chapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the writer says about its own chapter, in the same answer as the chapter (fields after
 * {@code title} and {@code text}): a two-sentence summary and the story bible's delta (characters
 * met, how known ones changed, facts set, threads opened and resolved). Asked of the writer rather
 * of an extraction call of its own: no call more per chapter, and the chapter's text is not sent a
 * second time (docs/bible.md gives the measured figures). A field missing or of the wrong type is
 * read as empty: the chapter stands, the bible just learns nothing from it.
 *
 * @param summary the chapter in two sentences, or blank
 * @param characters characters the chapter brings in
 * @param changes how characters already known changed
 * @param facts facts the chapter sets, a line each
 * @param opened threads the chapter opens
 * @param resolved threads the chapter resolves, as the bible words them
 */
public record BibleUpdate(
    String summary,
    List<NewCharacter> characters,
    List<CharacterChange> changes,
    List<String> facts,
    List<String> opened,
    List<String> resolved) {
  /** The most entries of each list one chapter adds. */
  static final int MAX_PER_CHAPTER = 8;

  /** The most characters of a summary kept. */
  static final int MAX_SUMMARY_CHARS = 500;

  static final BibleUpdate NONE =
      new BibleUpdate("", List.of(), List.of(), List.of(), List.of(), List.of());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SENTENCE =
      Pattern.compile(
          ".+?(?:[.!?\u3002\uFF01\uFF1F][\"'\u201D\u2019)]*(?=\\s|$)|$)", Pattern.DOTALL);

  public BibleUpdate {
    characters = List.copyOf(characters);
    changes = List.copyOf(changes);
    facts = List.copyOf(facts);
    opened = List.copyOf(opened);
    resolved = List.copyOf(resolved);
  }

  /** A character met in the chapter. */
  public record NewCharacter(String name, List<String> aliases, String description) {
    public NewCharacter {
      aliases = List.copyOf(aliases);
    }
  }

  /** How a known character changed. */
  public record CharacterChange(String name, String change) {}

  /**
   * The fields the writer's answer adds to {@code title} and {@code text}, for {@link
   * ChapterPrompt#SCHEMA}: after the text, so the prose is written first.
   */
  static final String SCHEMA_PROPERTIES =
      """
      "summary":{"type":"string"},\
      "newCharacters":{"type":"array","items":{"type":"object","properties":{\
      "name":{"type":"string"},"aliases":{"type":"array","items":{"type":"string"}},\
      "description":{"type":"string"}},"required":["name","aliases","description"]}},\
      "changes":{"type":"array","items":{"type":"object","properties":{\
      "name":{"type":"string"},"change":{"type":"string"}},"required":["name","change"]}},\
      "facts":{"type":"array","items":{"type":"string"}},\
      "threadsOpened":{"type":"array","items":{"type":"string"}},\
      "threadsResolved":{"type":"array","items":{"type":"string"}}""";

  /** The names of those fields, as {@link ChapterPrompt#SCHEMA} requires them. */
  static final String REQUIRED =
      "\"summary\",\"newCharacters\",\"changes\",\"facts\",\"threadsOpened\",\"threadsResolved\"";

  /** What the writer is told about those fields, after the chapter's own instruction. */
  static final String ASKED =
      "After the text: summary, this chapter in two sentences; newCharacters, each named"
          + " character who first appears in this chapter (name, other names the text uses for"
          + " them, who they are in one line); changes, how a character already in the book"
          + " changed here (name, one line); facts, at most five new lasting facts this chapter"
          + " sets (a place, an object, a wound, a promise, who knows what), one line each;"
          + " threadsOpened, new open questions or promises; threadsResolved, open threads this"
          + " chapter closes, worded as listed. Empty lists where there is nothing.";

  /** The update in a writer's answer; {@link #NONE} when it has none. */
  static BibleUpdate parse(String answer) {
    JsonNode node;
    try {
      node = JSON.readTree(answer);
    } catch (IOException e) {
      return NONE;
    }
    if (node == null || !node.isObject()) {
      return NONE;
    }
    List<NewCharacter> characters = new ArrayList<>();
    for (JsonNode c : node.path("newCharacters")) {
      String name = c.path("name").asText("").strip();
      if (!name.isEmpty() && characters.size() < MAX_PER_CHAPTER) {
        characters.add(
            new NewCharacter(name, strings(c.path("aliases")), c.path("description").asText("")));
      }
    }
    List<CharacterChange> changes = new ArrayList<>();
    for (JsonNode c : node.path("changes")) {
      String name = c.path("name").asText("").strip();
      String change = c.path("change").asText("").strip();
      if (!name.isEmpty() && !change.isEmpty() && changes.size() < MAX_PER_CHAPTER) {
        changes.add(new CharacterChange(name, change));
      }
    }
    return new BibleUpdate(
        node.path("summary").isTextual() ? twoSentences(node.get("summary").asText()) : "",
        characters,
        changes,
        strings(node.path("facts")),
        strings(node.path("threadsOpened")),
        strings(node.path("threadsResolved")));
  }

  /**
   * This update followed by the next part's, for a chapter written in parts: the lists joined (each
   * line once), the later part's summary (it is asked for the whole chapter) unless it has none.
   */
  BibleUpdate then(BibleUpdate next) {
    return new BibleUpdate(
        next.summary().isBlank() ? summary : next.summary(),
        joined(characters, next.characters()),
        joined(changes, next.changes()),
        joined(facts, next.facts()),
        joined(opened, next.opened()),
        joined(resolved, next.resolved()));
  }

  /** The summary, or the first two sentences of the text when the writer gave none. */
  String summaryOr(String text) {
    return summary.isBlank() ? twoSentences(text) : summary;
  }

  /** The first two sentences of a text, bounded. */
  static String twoSentences(String text) {
    String flat = text.strip().replaceAll("\\s+", " ");
    Matcher m = SENTENCE.matcher(flat);
    StringBuilder two = new StringBuilder();
    for (int i = 0; i < 2 && m.find(); i++) {
      two.append(i > 0 ? " " : "").append(m.group().strip());
    }
    String s = two.toString();
    return s.length() <= MAX_SUMMARY_CHARS ? s : s.substring(0, MAX_SUMMARY_CHARS) + "...";
  }

  /** The update as the state keeps it. */
  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("summary", summary);
    ArrayNode people = root.putArray("newCharacters");
    for (NewCharacter c : characters) {
      ObjectNode p = people.addObject().put("name", c.name());
      c.aliases().forEach(p.putArray("aliases")::add);
      p.put("description", c.description());
    }
    ArrayNode changed = root.putArray("changes");
    changes.forEach(c -> changed.addObject().put("name", c.name()).put("change", c.change()));
    facts.forEach(root.putArray("facts")::add);
    opened.forEach(root.putArray("threadsOpened")::add);
    resolved.forEach(root.putArray("threadsResolved")::add);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The update the state holds, or {@link #NONE} for none. */
  static BibleUpdate read(String json) {
    return json == null ? NONE : parse(json);
  }

  private static List<String> strings(JsonNode array) {
    List<String> all = new ArrayList<>();
    for (JsonNode s : array) {
      String line = s.asText("").strip();
      if (s.isTextual() && !line.isEmpty() && all.size() < MAX_PER_CHAPTER) {
        all.add(line);
      }
    }
    return all;
  }

  private static <T> List<T> joined(List<T> a, List<T> b) {
    LinkedHashSet<T> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all.stream().limit(2L * MAX_PER_CHAPTER).toList();
  }
}
