package io.fablestream.platform.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A model's free-text answer (a summary, a blurb) as the text it was asked for: the field of the
 * JSON asked for, else the answer itself, without what chat models wrap around it. Llama 3.1 opens
 * a summary with "Here is a summary of chapters 1 to 5 in three sentences:", a blurb with "Here is
 * a back-cover blurb:" and a bold title, sometimes ends with "Let me know if you'd like any
 * changes!", and quotes or emphasises the text in markdown. None of that is the text: left in, it
 * would go into later prompts, onto the reader's page and into the synopsis's word count.
 */
public final class FreeText {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A line that announces the answer rather than being it. */
  private static final Pattern PREAMBLE =
      Pattern.compile(
          "(?i)^(?:sure|certainly|of course|okay|ok|absolutely|here(?:'s| is| are)|below is"
              + "|this is|i have|i've)\\b.*");

  /** A lead-in that names what follows: "Summary:", "Blurb:", "Back-cover blurb:". */
  private static final Pattern LABEL =
      Pattern.compile("(?i)^(?:\\*\\*)?[\\p{L} -]{0,40}(?:summary|blurb|synopsis)(?:\\*\\*)?:\\s*");

  /** A closing line that talks to the person asking. */
  private static final Pattern SIGN_OFF =
      Pattern.compile(
          "(?i)^(?:let me know|i hope|feel free|would you like|if you(?:'d| would) like|note:)"
              + ".*");

  /** The most words of a preamble that ends in a colon on the text's own line. */
  private static final int PREAMBLE_WORDS = 25;

  private FreeText() {}

  /**
   * The text of an answer: the string field {@code field} when the answer is a JSON object holding
   * it (as a schema asks), else the whole answer, cleaned of preambles, sign-offs, markdown and
   * enclosing quotes, its whitespace collapsed.
   */
  public static String of(String answer, String field) {
    return clean(fieldOr(answer, field));
  }

  /**
   * The string field {@code field} of a JSON object answer, cleaned as {@link #of} cleans it; empty
   * when the answer is no JSON object or does not hold that field as a string.
   */
  public static java.util.Optional<String> field(String answer, String field) {
    String trimmed = answer.strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(trimmed);
        if (node != null && node.path(field).isTextual()) {
          return java.util.Optional.of(clean(node.path(field).asText()));
        }
      } catch (JsonProcessingException e) {
        // Not JSON after all (or cut short): no field to read.
      }
    }
    return java.util.Optional.empty();
  }

  /** The string field of a JSON object answer, or the answer itself when it is not one. */
  static String fieldOr(String answer, String field) {
    String trimmed = answer.strip();
    if (trimmed.startsWith("{")) {
      try {
        JsonNode node = JSON.readTree(trimmed);
        if (node != null && node.path(field).isTextual()) {
          return node.path(field).asText();
        }
      } catch (JsonProcessingException e) {
        // Not JSON after all (or cut short): the answer is read as free text.
      }
    }
    return answer;
  }

  /** The answer without what a chat model wraps around the text asked for. */
  public static String clean(String answer) {
    String text = answer.replaceAll("(?m)^```\\w*\\s*$", "").strip();
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\\R")) {
      if (!line.isBlank()) {
        lines.add(line.strip());
      }
    }
    // Preambles and titles before the text: "Here is a blurb:", "**The Silver Fish**", "# Title".
    while (lines.size() > 1 && isLeadIn(lines.getFirst())) {
      lines.removeFirst();
    }
    while (lines.size() > 1 && SIGN_OFF.matcher(unmarked(lines.getLast())).matches()) {
      lines.removeLast();
    }
    String joined = String.join(" ", lines.stream().map(FreeText::unmarked).toList());
    // A preamble on the text's own line: "Here is a summary of chapters 1 to 5: Chelsea ...".
    int colon = joined.indexOf(':');
    if (colon > 0
        && PREAMBLE.matcher(joined.substring(0, colon)).matches()
        && joined.substring(0, colon).split("\\s+").length <= PREAMBLE_WORDS) {
      joined = joined.substring(colon + 1);
    }
    joined = LABEL.matcher(joined.strip()).replaceFirst("");
    return unquoted(joined.replaceAll("\\s+", " ").strip());
  }

  private static boolean isLeadIn(String line) {
    String plain = unmarked(line);
    if (plain.isEmpty()) {
      return true;
    }
    boolean preamble =
        plain.endsWith(":")
            && (PREAMBLE.matcher(plain).matches()
                || plain.split("\\s+").length <= PREAMBLE_WORDS / 3);
    boolean title =
        (line.startsWith("#") || (line.startsWith("**") && line.endsWith("**")))
            && plain.split("\\s+").length <= 12;
    return preamble || title;
  }

  /** A line without markdown: headings, bullets, bold and italics. */
  private static String unmarked(String line) {
    return line.replaceFirst("^#{1,6}\\s*", "")
        .replaceFirst("^[-*>]\\s+", "")
        .replaceAll("\\*\\*(.+?)\\*\\*", "$1")
        .replaceAll("__(.+?)__", "$1")
        .replaceAll("(?<![\\p{L}*])\\*(?!\\s)(.+?)(?<!\\s)\\*(?![\\p{L}*])", "$1")
        .strip();
  }

  /** The text without quotes around all of it. */
  private static String unquoted(String text) {
    if (text.length() >= 2) {
      char first = text.charAt(0);
      char last = text.charAt(text.length() - 1);
      boolean quoted =
          (first == '"' && last == '"')
              || (first == '\u201C' && last == '\u201D')
              || (first == '\u00AB' && last == '\u00BB')
              || (first == '\u300C' && last == '\u300D');
      String inner = text.substring(1, text.length() - 1);
      if (quoted && inner.indexOf(first) < 0 && inner.indexOf(last) < 0) {
        return inner.strip();
      }
    }
    return text;
  }
}
