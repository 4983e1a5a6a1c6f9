package io.fablestream.chapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How each named character of a book looks: one fixed visual description each, written once per
 * book by the text model ({@link LooksPrompt}) and kept in the book's state, so that every
 * chapter's illustration draws a character the same way. Bounded: at most {@link #MAX_CHARACTERS}
 * characters, names cut to {@link #MAX_NAME_CHARS} and descriptions to {@link #MAX_LOOKS_CHARS}
 * characters, so the state and every prompt stay small whatever the model answers.
 *
 * @param characters the characters, in the order the model gave them, each name once
 */
record CharacterLooks(List<Look> characters) {
  /** The most characters whose looks are kept. */
  static final int MAX_CHARACTERS = 8;

  /** The most characters of a name kept. */
  static final int MAX_NAME_CHARS = 60;

  /** The most characters of a description kept. */
  static final int MAX_LOOKS_CHARS = 300;

  /** No looks: the model's answer was none, or its call failed. Chapters are drawn without them. */
  static final CharacterLooks NONE = new CharacterLooks(List.of());

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /** One character and how they look. */
  record Look(String name, String looks) {}

  CharacterLooks {
    characters = List.copyOf(characters);
  }

  /**
   * The looks in a model's answer ({@code {"characters":[{"name":..,"looks":..}]}}), bounded; a
   * name given twice keeps its first description. Empty when the answer holds no such object.
   */
  static Optional<CharacterLooks> parse(String answer) {
    if (answer == null) {
      return Optional.empty();
    }
    int start = answer.indexOf('{');
    int end = answer.lastIndexOf('}');
    if (start < 0 || end < start) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(answer.substring(start, end + 1));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    JsonNode list = root.path("characters");
    if (!list.isArray()) {
      return Optional.empty();
    }
    List<Look> looks = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode c : list) {
      String name = cut(c.path("name").asText(""), MAX_NAME_CHARS);
      String description = cut(c.path("looks").asText(""), MAX_LOOKS_CHARS);
      if (looks.size() < MAX_CHARACTERS
          && !name.isEmpty()
          && !description.isEmpty()
          && names.add(name.toLowerCase(Locale.ROOT))) {
        looks.add(new Look(name, description));
      }
    }
    return Optional.of(new CharacterLooks(looks));
  }

  /** The looks the state keeps; {@code null} (none settled yet) reads as {@link #NONE}. */
  static CharacterLooks of(String json) {
    return json == null ? NONE : parse(json).orElse(NONE);
  }

  /** The looks as the JSON the state keeps and {@link #of} reads. */
  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("characters");
    characters.forEach(c -> list.addObject().put("name", c.name()).put("looks", c.looks()));
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The characters who appear in a chapter: those named in one of its texts (its beat, its summary,
   * its text), by their whole name or by a capitalised part of it of four letters or more ("Tobin"
   * for "Old Tobin"), as a whole word, whatever the case.
   */
  List<Look> appearingIn(String... texts) {
    String all = String.join("\n", texts).toLowerCase(Locale.ROOT);
    return characters.stream().filter(c -> named(c.name(), all)).toList();
  }

  private static boolean named(String name, String text) {
    if (wholeWord(name.toLowerCase(Locale.ROOT), text)) {
      return true;
    }
    for (String part : SPACES.split(name)) {
      if (part.length() >= 4
          && Character.isUpperCase(part.codePointAt(0))
          && wholeWord(part.toLowerCase(Locale.ROOT), text)) {
        return true;
      }
    }
    return false;
  }

  private static boolean wholeWord(String word, String text) {
    return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])")
        .matcher(text)
        .find();
  }

  private static String cut(String text, int max) {
    String flat = SPACES.matcher(text).replaceAll(" ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max).strip();
  }
}
