package io.fablestream.platform.events;

import io.fablestream.events.ChapterValidation;
import java.util.List;

/** The validation of a chapter that passed, as the tests' hand-made ChapterWritten carry it. */
public final class TestValidations {
  private TestValidations() {}

  /** A chapter that passed with this mood score and one advanced conflict, without notes. */
  public static ChapterValidation passed(double moodScore) {
    return ChapterValidation.newBuilder()
        .setMoodScore(moodScore)
        .setConflictCount(1)
        .setPassed(true)
        .setNotes(List.of())
        .setContradictions(List.of())
        .build();
  }
}
