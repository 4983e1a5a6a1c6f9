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
      words += wordsInRun(run);
    }
    return words;
  }

  /**
   * The words of a text's last {@code most} words, counted as {@link #wordsIn} counts them: a run
   * of an unspaced script is cut to its last {@code 2 * words left} characters, so a Chinese or
   * Japanese chapter gives its ending, not its whole text.
   */
  public static String lastWords(String text, int most) {
    String[] runs = WHITESPACE.split(text.strip());
    StringBuilder kept = new StringBuilder();
    int left = most;
    for (int i = runs.length - 1; i >= 0 && left > 0; i--) {
      String run = runs[i];
      int words = wordsInRun(run);
      if (words > left) {
        int need = 2 * left;
        int at = run.length();
        while (at > 0 && need > 0) {
          int c = run.codePointBefore(at);
          at -= Character.charCount(c);
          need -= BookLanguage.isUnspacedScript(c) ? 1 : 0;
        }
        run = run.substring(at);
      }
      kept.insert(0, kept.isEmpty() ? run : run + " ");
      left -= Math.min(words, left);
    }
    return kept.toString();
  }

  /** One whitespace-free run's words: one, or one per two characters of an unspaced script. */
  private static int wordsInRun(String run) {
    long unspaced = run.codePoints().filter(BookLanguage::isUnspacedScript).count();
    return unspaced == 0 ? 1 : (int) ((unspaced + 1) / 2);
  }
}
