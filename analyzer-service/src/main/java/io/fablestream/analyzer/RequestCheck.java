package io.fablestream.analyzer;

import io.fablestream.events.ImageSubmitted;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The checks on a request's own fields, made before any byte of the image is read. */
final class RequestCheck {
  static final int MIN_CHAPTERS = 1;
  static final int MAX_CHAPTERS = 100;
  static final int MIN_WORDS = 50;
  static final int MAX_WORDS = 5000;

  private RequestCheck() {}

  /** What is wrong with the request, for a person, or empty when nothing is. */
  static Optional<String> problems(ImageSubmitted request) {
    List<String> problems = new ArrayList<>();
    if (request.getBookId() == null || request.getBookId().isBlank()) {
      problems.add("bookId is empty");
    }
    if (request.getImage() == null) {
      problems.add("image is missing");
    } else {
      boolean hasData = request.getImage().getData() != null;
      boolean hasUri = request.getImage().getUri() != null;
      if (hasData && hasUri) {
        problems.add("image has both data and uri; set exactly one");
      } else if (!hasData && !hasUri) {
        problems.add("image has neither data nor uri; set exactly one");
      } else if (hasUri && request.getImage().getUri().isBlank()) {
        problems.add("image.uri is empty");
      }
    }
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
      return Optional.empty();
    }
    return Optional.of(
        "The request is not valid: "
            + String.join("; ", problems)
            + ". Fix the request and submit it again.");
  }
}
