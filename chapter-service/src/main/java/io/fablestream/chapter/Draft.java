package io.fablestream.chapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.schemas.BookLanguage;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One attempt at a chapter, as the model wrote it.
 *
 * @param title the chapter's title
 * @param text the chapter's text
 */
public record Draft(String title, String text) {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The draft in the writer model's answer, or empty when it is not the JSON asked for. */
  public static Optional<Draft> parse(String answer) {
    try {
      JsonNode node = JSON.readTree(answer);
      if (node == null
          || !node.isObject()
          || !node.path("title").isTextual()
          || !node.path("text").isTextual()
          || node.get("text").asText().isBlank()) {
        return Optional.empty();
      }
      String title = node.get("title").asText().strip();
      return Optional.of(
          new Draft(title.isEmpty() ? "Untitled" : title, node.get("text").asText()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Words in the text, as {@link #wordsIn} counts them. */
  public int wordCount() {
    return wordsIn(text);
  }

  /**
   * Words in a text: runs of non-space characters, where a run of a script that puts no spaces
   * between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese) counts a word for every two of its
   * characters, the length of a typical word there.
   */
  public static int wordsIn(String text) {
    String stripped = text.strip();
    if (stripped.isEmpty()) {
      return 0;
    }
    int words = 0;
    for (String run : WHITESPACE.split(stripped)) {
      long unspaced = run.codePoints().filter(BookLanguage::isUnspacedScript).count();
      words += unspaced == 0 ? 1 : (int) ((unspaced + 1) / 2);
    }
    return words;
  }
}
