package io.fablestream.analyzer;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.schemas.BookLanguage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks on a request's own fields, made before any byte of the image is read. Every string has
 * a bound: the title and requestedBy are carried on in every later event and the title goes into
 * every chapter prompt, so an unbounded one would make each of those as large (a record over
 * Kafka's size limit cannot be written at all). Problems name a string's length, never its text.
 *
 * <p>The book's shape must also fit the model's context: every chapter call (its prompt and the
 * longest chapter accepted), the judge's call and the largest arc summary (which reads every
 * chapter of its arc) must fit under the cap, or the book would fail rewrite after rewrite; such a
 * request is refused here with the largest {@code wordsPerChapter} that fits ({@link BookBudget}).
 * An album's chapter prompts also carry the chapter's picture whole, so an album is checked with
 * its pictures counted.
 */
final class RequestCheck {
  static final int MIN_CHAPTERS = 1;
  static final int MAX_CHAPTERS = 100;
  static final int MIN_WORDS = 50;
  static final int MAX_WORDS = 5000;
  static final int MAX_BOOK_ID = 200;
  static final int MAX_TITLE = 200;
  static final int MAX_REQUESTED_BY = 200;
  static final int MAX_CONTENT_TYPE = 255;
  static final int MAX_URI = 8192;

  /**
   * What Avro's decoder puts where a string's bytes are not valid UTF-8; a producer with a real
   * U+FFFD in a title has a broken conversion upstream, so it is refused as well.
   */
  private static final char REPLACEMENT = '\uFFFD';

  private final BookBudget budget;

  RequestCheck(BookBudget budget) {
    this.budget = budget;
  }

  /** What is wrong with the request, for a person, or empty when nothing is. */
  Optional<String> problems(ImageSubmitted request) {
    List<String> problems = new ArrayList<>();
    String bookId = request.getBookId();
    if (bookId == null || bookId.isBlank()) {
      problems.add("bookId is empty");
    } else {
      text("bookId", bookId, MAX_BOOK_ID, problems);
      if (bookId.chars().anyMatch(Character::isISOControl)) {
        problems.add("bookId contains control characters");
      }
    }
    if (request.getImage() == null) {
      problems.add("image is missing");
    } else {
      ref("image", request.getImage(), problems);
    }
    List<ImageRef> album = request.getAlbum() == null ? List.of() : request.getAlbum();
    for (int i = 0; i < album.size(); i++) {
      String field = "album[" + i + "] (picture " + (i + 2) + " of " + (album.size() + 1) + ")";
      if (album.get(i) == null) {
        problems.add(field + " is missing");
      } else {
        ref(field, album.get(i), problems);
      }
    }
    text("title", request.getTitle(), MAX_TITLE, problems);
    text("requestedBy", request.getRequestedBy(), MAX_REQUESTED_BY, problems);
    BookLanguage.problem(request.getLanguage()).ifPresent(problems::add);
    if (request.getChapterCount() < MIN_CHAPTERS || request.getChapterCount() > MAX_CHAPTERS) {
      problems.add(
          "chapterCount is "
              + request.getChapterCount()
              + "; it must be from "
              + MIN_CHAPTERS
              + " to "
              + MAX_CHAPTERS);
    }
    if (request.getArcLength() < 1) {
      problems.add("arcLength is " + request.getArcLength() + "; it must be at least 1");
    }
    if (request.getWordsPerChapter() < MIN_WORDS || request.getWordsPerChapter() > MAX_WORDS) {
      problems.add(
          "wordsPerChapter is "
              + request.getWordsPerChapter()
              + "; it must be from "
              + MIN_WORDS
              + " to "
              + MAX_WORDS);
    }
    if (problems.isEmpty()) {
      fit(request).ifPresent(problems::add);
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "The request is not valid: "
            + String.join("; ", problems)
            + ". Fix the request and submit it again.");
  }

  /** A picture's reference: exactly one of data and uri, its strings bounded. */
  private static void ref(String field, ImageRef image, List<String> problems) {
    boolean hasData = image.getData() != null;
    boolean hasUri = image.getUri() != null;
    if (hasData && hasUri) {
      problems.add(field + " has both data and uri; set exactly one");
    } else if (!hasData && !hasUri) {
      problems.add(field + " has neither data nor uri; set exactly one");
    } else if (hasUri && image.getUri().isBlank()) {
      problems.add(field + ".uri is empty");
    } else if (hasUri) {
      text(field + ".uri", image.getUri(), MAX_URI, problems);
    }
    text(field + ".contentType", image.getContentType(), MAX_CONTENT_TYPE, problems);
  }

  /** Why the book's calls cannot fit the model's context, or empty when they can. */
  private Optional<String> fit(ImageSubmitted request) {
    int words = request.getWordsPerChapter();
    int chapters = request.getChapterCount();
    int arcs = request.getArcLength();
    int pictures = AlbumChecks.pictures(request).size();
    if (budget.bookFits(words, chapters, arcs, pictures)) {
      return Optional.empty();
    }
    String shape =
        "a book of "
            + chapters
            + (chapters == 1 ? " chapter" : " chapters")
            + " in arcs of "
            + arcs
            + (pictures > 1 ? " from an album of " + pictures + " pictures" : "");
    String cap = budget.context().capSetting() + " = " + budget.context().maxContext() + " tokens";
    int plan = budget.planCall(chapters, arcs, pictures);
    if (!budget.context().fits(plan)) {
      // The planning call does not grow with the length: no length fits, and fewer words do not
      // help.
      return Optional.of(
          "no wordsPerChapter fits the model's context ("
              + cap
              + ") for "
              + shape
              + ": its planning call would need about "
              + plan
              + " tokens whatever the length; raise "
              + budget.context().capSetting()
              + " (up to the model's context length)"
              + (pictures > 1 ? ", or submit fewer pictures" : ", or ask for fewer chapters"));
    }
    int largest = budget.largestWordsPerChapter(chapters, arcs, pictures, MAX_WORDS);
    if (largest < MIN_WORDS) {
      return Optional.of(
          "no wordsPerChapter from "
              + MIN_WORDS
              + " fits the model's context ("
              + cap
              + ") for "
              + shape
              + ": raise "
              + budget.context().capSetting()
              + " (up to the model's context length), or ask for fewer chapters or longer arcs");
    }
    return Optional.of(
        "wordsPerChapter is "
            + words
            + ", more than the model's context ("
            + cap
            + ") holds for "
            + shape
            + ": at most "
            + largest
            + " words per chapter fit (the "
            + largestCall(words, chapters, arcs, pictures)
            + "); ask for at most "
            + largest
            + ", or for shorter arcs, or raise "
            + budget.context().capSetting()
            + " (up to the model's context length)");
  }

  /** Which call outgrows the context first, with the tokens it would need. */
  private String largestCall(int words, int chapters, int arcs, int pictures) {
    int summary = budget.summaryCall(words, chapters, arcs);
    int chapter = budget.chapterCall(words, chapters, arcs, pictures);
    int judge = budget.judgeCall(words);
    if (summary >= chapter && summary >= judge) {
      return "summary of an arc reads all its chapters: about " + summary + " tokens";
    }
    if (chapter >= judge) {
      return "chapter call would need about " + chapter + " tokens";
    }
    return "judge's call would need about " + judge + " tokens";
  }

  /** A string field's problems: too long, or not valid UTF-8 on the wire. Null is no problem. */
  private static void text(String field, String value, int max, List<String> problems) {
    if (value == null) {
      return;
    }
    int length = value.codePointCount(0, value.length());
    if (length > max) {
      problems.add(field + " is " + length + " characters long; it may have at most " + max);
    }
    if (value.indexOf(REPLACEMENT) >= 0) {
      problems.add(field + " is not valid UTF-8 text");
    }
  }
}
