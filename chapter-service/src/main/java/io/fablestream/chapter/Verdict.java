package io.fablestream.chapter;

import io.fablestream.chapter.state.DraftCheck;
import io.fablestream.chapter.state.DraftFailure;
import io.fablestream.platform.model.Usage;
import java.util.List;

/**
 * How one attempt fared against the validation layer.
 *
 * @param moodScore the judge's tone as a score in [0, 1]
 * @param tone the judge's tone of voice, 1 to 5 (0 when it could not be read)
 * @param advancedConflicts the book's open conflicts the judge gave evidence for, as the analysis
 *     words them
 * @param contradictions the contradictions with the story bible the judge found and quoted
 * @param failures one per failed check, empty when the attempt passed
 * @param usage what the judge call cost
 */
public record Verdict(
    double moodScore,
    int tone,
    List<String> advancedConflicts,
    List<ContradictionCheck.Found> contradictions,
    List<Failure> failures,
    Usage usage) {
  public Verdict {
    advancedConflicts = List.copyOf(advancedConflicts);
    contradictions = List.copyOf(contradictions);
    failures = List.copyOf(failures);
  }

  /** How many of the book's open conflicts the judge saw advanced. */
  public int conflictsAdvanced() {
    return advancedConflicts.size();
  }

  /** Whether every check passed. */
  public boolean passed() {
    return failures.isEmpty();
  }

  /** The failures as lines for a person (and for the rewrite prompt). */
  public List<String> notes() {
    return failures.stream().map(Failure::note).toList();
  }

  /**
   * One failed check.
   *
   * @param check which check
   * @param note what was wrong, in words the writer model can act on
   */
  public record Failure(Check check, String note) {
    /** The failure of a draft as the book's state keeps it until the judge has answered. */
    static Failure of(DraftFailure kept) {
      return new Failure(Check.valueOf(kept.getCheck().name()), kept.getNote());
    }

    /** This failure as the book's state keeps it. */
    DraftFailure kept() {
      return DraftFailure.newBuilder()
          .setCheck(DraftCheck.valueOf(check.name()))
          .setNote(note)
          .build();
    }
  }
}
