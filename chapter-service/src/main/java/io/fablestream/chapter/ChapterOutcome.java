package io.fablestream.chapter;

import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.FailureReason;

/** What came of writing one chapter: a chapter to publish, or a reason the book cannot go on. */
sealed interface ChapterOutcome {
  /** The attempts spent on the chapter. */
  int attempts();

  /** What every call for the chapter cost. */
  Usage usage();

  /**
   * A chapter to publish: it passed, or it is the best attempt and the policy is to publish.
   *
   * @param chapter the event to publish
   * @param usage what every call for the chapter cost
   */
  record Published(ChapterWritten chapter, Usage usage) implements ChapterOutcome {
    @Override
    public int attempts() {
      return chapter.getAttempts();
    }
  }

  /**
   * The book cannot go on.
   *
   * @param reason the stable code
   * @param message what happened and what to do, for a person
   * @param attempts the attempts spent before failing
   * @param usage what the calls cost before failing
   */
  record Failed(FailureReason reason, String message, int attempts, Usage usage)
      implements ChapterOutcome {}
}
