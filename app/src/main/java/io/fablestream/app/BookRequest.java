package io.fablestream.app;

import io.fablestream.app.ImageInput.BadInputException;
import io.fablestream.schemas.BookLanguage;
import java.util.Optional;

/**
 * The shape of a book as a person asks for it, checked against the contract's bounds before
 * anything is sent.
 *
 * @param chapters how many chapters, 1 to 100
 * @param arcLength chapters per arc, at least 1
 * @param words the target words per chapter, 50 to 5000
 * @param title the title, at most {@value #MAX_TITLE_CHARS} characters, or null to let the writer
 *     choose
 * @param language the book's language, a BCP 47 tag {@link BookLanguage} knows; null or blank for
 *     {@value BookLanguage#DEFAULT}
 * @param reviewPlan whether the book waits after its plan for a person to approve it
 */
public record BookRequest(
    int chapters, int arcLength, int words, String title, String language, boolean reviewPlan) {
  /** The contract's defaults: 5 chapters, arcs of 5, 300 words. */
  public static final BookRequest DEFAULTS = new BookRequest(5, 5, 300, null, BookLanguage.DEFAULT);

  /** The longest title, in characters: a title, not a chapter. */
  public static final int MAX_TITLE_CHARS = 200;

  /** A book written as soon as it is planned, without a person's review of the plan. */
  public BookRequest(int chapters, int arcLength, int words, String title, String language) {
    this(chapters, arcLength, words, title, language, false);
  }

  /** A book in the default language, {@value BookLanguage#DEFAULT}. */
  public BookRequest(int chapters, int arcLength, int words, String title) {
    this(chapters, arcLength, words, title, null);
  }

  public BookRequest {
    check(chapters >= 1 && chapters <= 100, "chapters", chapters, "from 1 to 100");
    check(arcLength >= 1 && arcLength <= 100, "arcLength", arcLength, "from 1 to 100");
    check(words >= 50 && words <= 5000, "words", words, "from 50 to 5000");
    if (title != null && title.isBlank()) {
      title = null;
    }
    if (title != null && title.length() > MAX_TITLE_CHARS) {
      throw new BadInputException(
          "INVALID_REQUEST",
          "title",
          "title is "
              + title.length()
              + " characters long; at most "
              + MAX_TITLE_CHARS
              + " are taken.");
    }
    language = checkedLanguage(language);
  }

  private static String checkedLanguage(String language) {
    if (language == null || language.isBlank()) {
      return BookLanguage.DEFAULT;
    }
    String tag = language.strip();
    Optional<String> problem = BookLanguage.problem(tag);
    if (problem.isPresent()) {
      throw new BadInputException("INVALID_REQUEST", "language", problem.get() + ".");
    }
    return tag;
  }

  private static void check(boolean ok, String name, int value, String expected) {
    if (!ok) {
      throw new BadInputException(
          "INVALID_REQUEST", name, name + " is " + value + "; it must be " + expected + ".");
    }
  }
}
