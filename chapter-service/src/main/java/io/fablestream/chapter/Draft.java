package io.fablestream.chapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.schemas.BookLanguage;
import java.io.IOException;
import java.util.Optional;

/**
 * One attempt at a chapter, as the model wrote it.
 *
 * @param title the chapter's title
 * @param text the chapter's text
 */
public record Draft(String title, String text) {
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

  /** Words in the text, as {@link BookLanguage#wordsIn} counts them. */
  public int wordCount() {
    return BookLanguage.wordsIn(text);
  }
}
