package io.fablestream.app;

import io.fablestream.platform.config.KafkaSettings;
import java.nio.file.Path;
import java.time.Clock;

/** A book from the sample picture of Chelsea the cat, submitted as the CLI and the API submit. */
final class ChelseaBook {
  /** The sample picture the line's tests write books from. */
  static final Path PICTURE = Path.of("../docs/samples/chelsea.png");

  private ChelseaBook() {}

  /** Submits Chelsea's picture to the line at {@code kafka} as book {@code bookId}. */
  static void submit(KafkaSettings kafka, String bookId, BookRequest request, String source)
      throws Exception {
    try (BookSubmitter submitter = new BookSubmitter(kafka, Clock.systemUTC())) {
      submitter.submit(bookId, ImageInput.read(PICTURE, 20_000_000), request, source);
    }
  }
}
