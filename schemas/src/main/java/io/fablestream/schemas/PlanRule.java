package io.fablestream.schemas;

/**
 * Which chapters each planning call of a book covers: the rule chapter-service follows to ask for
 * its plan an arc at a time, and the read model follows to say that a book waits for the next part
 * of its plan ({@code BookView.waitingFor}). If the two disagreed, the studio would show a book
 * waiting for a plan nobody asks for.
 *
 * <p>A book of at most {@link #AHEAD} chapters is planned whole, in one call. A longer one is
 * planned in parts of whole arcs ({@link ArcRule}): the first call plans as many whole arcs as fit
 * in {@link #AHEAD} chapters (at least one part), and one more call before the first chapter of
 * each later part plans that part. A part is one arc, or {@link #AHEAD} chapters when an arc is
 * longer than that, so no call asks for more than {@link #AHEAD} beats.
 */
public final class PlanRule {
  /**
   * The most beats one planning call asks for. A constant, not a setting: it bounds the planning
   * answer the way the prompts' other sizes do (a beat of 25 words and an ending of 12 each), and a
   * 7-8B model's beats lose their thread well before 12 chapters ahead; no operator has a reason to
   * move it per deployment.
   */
  public static final int AHEAD = 12;

  /**
   * The most characters of a plan's line: a character's, a beat or an ending. A planner's longer
   * ones are cut; a revision's new beats longer than this are refused ({@link RevisionRule}).
   */
  public static final int MAX_LINE_CHARS = 400;

  private PlanRule() {}

  /** How many chapters a part of the plan after the first holds. */
  public static int part(int arcLength) {
    if (arcLength < 1) {
      throw new IllegalArgumentException("arcLength must be at least 1, not " + arcLength);
    }
    return Math.min(arcLength, AHEAD);
  }

  /** The last chapter the first planning call plans. */
  public static int firstThrough(int arcLength, int chapterCount) {
    if (chapterCount <= AHEAD) {
      return chapterCount;
    }
    int part = part(arcLength);
    return Math.min(chapterCount, Math.max(1, AHEAD / part) * part);
  }

  /** Whether chapter n is the first of a part planned by a call of its own (not the first call). */
  public static boolean extendsAt(int chapter, int arcLength, int chapterCount) {
    int first = firstThrough(arcLength, chapterCount);
    return chapter > first
        && chapter <= chapterCount
        && (chapter - first - 1) % part(arcLength) == 0;
  }

  /** The last chapter of the part of the plan that holds chapter n. */
  public static int partEnd(int chapter, int arcLength, int chapterCount) {
    int first = firstThrough(arcLength, chapterCount);
    if (chapter <= first) {
      return first;
    }
    int part = part(arcLength);
    int start = first + 1 + (chapter - first - 1) / part * part;
    return Math.min(chapterCount, start + part - 1);
  }
}
