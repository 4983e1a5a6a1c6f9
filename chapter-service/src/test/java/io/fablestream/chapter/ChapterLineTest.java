package io.fablestream.chapter;

import org.junit.jupiter.api.AfterEach;

/**
 * A test that drives chapter-service's topology through a {@link ChapterLine}, closed after each.
 */
abstract class ChapterLineTest {
  /** The line of the test running, once it made one. */
  protected ChapterLine line;

  @AfterEach
  void closeLine() {
    if (line != null) {
      line.close();
    }
  }
}
