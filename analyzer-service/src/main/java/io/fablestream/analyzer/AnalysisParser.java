package io.fablestream.analyzer;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.events.ImageAnalysis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the vision model's JSON answer into an {@link ImageAnalysis}, holding it to the rules the
 * rest of the line relies on: every field present; strings trimmed and cut to a bounded length;
 * lists without blanks or case-insensitive duplicates and cut to a bounded count; at least one
 * character and one conflict. What is wrong is said in words the model can act on in a repair.
 */
public final class AnalysisParser {
  static final int MAX_SETTING_CHARS = 600;
  static final int MAX_MOOD_CHARS = 200;
  static final int MAX_ITEM_CHARS = 160;
  static final int MAX_CHARACTERS = 8;
  static final int MAX_OBJECTS = 12;
  static final int MAX_CONFLICTS = 6;

  /** The JSON schema the model's answer is constrained to (Ollama's {@code format}). */
  public static final String SCHEMA =
      """
      {
        "type": "object",
        "properties": {
          "setting": {"type": "string"},
          "characters": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": %d},
          "mood": {"type": "string"},
          "objects": {"type": "array", "items": {"type": "string"}, "maxItems": %d},
          "potentialConflicts": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": %d}
        },
        "required": ["setting", "characters", "mood", "objects", "potentialConflicts"]
      }
      """
          .formatted(MAX_CHARACTERS, MAX_OBJECTS, MAX_CONFLICTS);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The parsed analysis, or the list of what is wrong with the answer. */
  sealed interface Parsed {}

  record Valid(ImageAnalysis analysis) implements Parsed {}

  record Invalid(List<String> problems) implements Parsed {
    String describe() {
      return String.join("; ", problems);
    }
  }

  private AnalysisParser() {}

  static Parsed parse(String answer) {
    JsonNode root;
    try {
      root = JSON.readTree(jsonPart(answer));
    } catch (JacksonException e) {
      return new Invalid(List.of("the answer is not valid JSON (" + e.getOriginalMessage() + ")"));
    }
    if (root == null || !root.isObject()) {
      return new Invalid(List.of("the answer is not a JSON object"));
    }
    List<String> problems = new ArrayList<>();
    String setting = text(root, "setting", MAX_SETTING_CHARS, problems);
    String mood = text(root, "mood", MAX_MOOD_CHARS, problems);
    List<String> characters = list(root, "characters", 1, MAX_CHARACTERS, problems);
    List<String> objects = list(root, "objects", 0, MAX_OBJECTS, problems);
    List<String> conflicts = list(root, "potentialConflicts", 1, MAX_CONFLICTS, problems);
    if (!problems.isEmpty()) {
      return new Invalid(List.copyOf(problems));
    }
    return new Valid(
        ImageAnalysis.newBuilder()
            .setSetting(setting)
            .setCharacters(characters)
            .setMood(mood)
            .setObjects(objects)
            .setPotentialConflicts(conflicts)
            .build());
  }

  /**
   * The JSON object in an answer: models sometimes wrap it in a Markdown fence or a sentence even
   * when a schema is asked for.
   */
  private static String jsonPart(String answer) {
    int start = answer.indexOf('{');
    int end = answer.lastIndexOf('}');
    return start >= 0 && end > start ? answer.substring(start, end + 1) : answer;
  }

  private static String text(JsonNode root, String field, int maxChars, List<String> problems) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      problems.add("\"" + field + "\" is missing");
      return null;
    }
    if (!node.isTextual()) {
      problems.add("\"" + field + "\" must be a string, not " + kind(node));
      return null;
    }
    String value = clean(node.asText(), maxChars);
    if (value.isEmpty()) {
      problems.add("\"" + field + "\" is empty");
      return null;
    }
    return value;
  }

  private static List<String> list(
      JsonNode root, String field, int min, int max, List<String> problems) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      problems.add("\"" + field + "\" is missing");
      return List.of();
    }
    if (!node.isArray()) {
      problems.add("\"" + field + "\" must be an array of strings, not " + kind(node));
      return List.of();
    }
    Map<String, String> unique = new LinkedHashMap<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (!item.isTextual()) {
        problems.add("\"" + field + "\"[" + i + "] must be a string, not " + kind(item));
        continue;
      }
      String value = clean(item.asText(), MAX_ITEM_CHARS);
      if (!value.isEmpty()) {
        unique.putIfAbsent(value.toLowerCase(Locale.ROOT), value);
      }
    }
    if (unique.size() < min) {
      problems.add(
          "\"" + field + "\" needs at least " + min + " non-empty entr" + (min == 1 ? "y" : "ies"));
    }
    return unique.values().stream().limit(max).toList();
  }

  /** Trimmed, whitespace runs made one space, cut at a word boundary to at most maxChars. */
  static String clean(String raw, int maxChars) {
    String value = raw.strip().replaceAll("\\s+", " ");
    if (value.length() <= maxChars) {
      return value;
    }
    int cut = value.lastIndexOf(' ', maxChars - 1);
    return (cut > maxChars / 2 ? value.substring(0, cut) : value.substring(0, maxChars - 1)) + "…";
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case STRING -> "a string";
      default -> "null";
    };
  }
}
