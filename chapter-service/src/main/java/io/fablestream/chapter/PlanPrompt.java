package io.fablestream.chapter;

import io.fablestream.chapter.state.ArcNote;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.schemas.PlanRule;
import java.util.List;

/**
 * The planning call: one text-model call after the analysis, constrained to {@link
 * BookPlan#SCHEMA}, that writes the book's title (when the request has none), its cast, its main
 * conflict and one beat per chapter with how the chapter ends. A book longer than {@link
 * PlanRule#AHEAD} chapters is planned a part at a time ({@link PlanRule}): this call then plans the
 * first part, with one line on where the rest goes, and {@link #extension} plans each later part
 * before its first chapter, from the plan so far, the story bible and the arc summaries. Above
 * {@link #SHORT_BEATS_ABOVE} chapters each beat is asked shorter, so the answer stays bounded.
 */
final class PlanPrompt {
  /** Above this many chapters, beats and endings are asked shorter. */
  static final int SHORT_BEATS_ABOVE = BookBudget.SHORT_BEATS_ABOVE;

  /** The first line of every planning prompt; the test model servers answer it with a plan. */
  static final String OPENING = "Plan the book before it is written.";

  /** The most of the plan so far a later planning call is shown: the beats before its part. */
  static final int BEATS_SHOWN = BookBudget.PLAN_BEATS_SHOWN;

  /**
   * The first call's schema for a book planned in parts: the plan's, with {@code direction}, one
   * line on where the chapters it does not plan go.
   */
  static final String FIRST_PART_SCHEMA =
      BookPlan.SCHEMA
          .replace("\"beats\":{", "\"direction\":{\"type\":\"string\"},\"beats\":{")
          .replace("\"required\":[\"title\",", "\"required\":[\"direction\",\"title\",");

  /** A later planning call's schema: the beats of its part. */
  static final String PART_SCHEMA =
      """
      {"type":"object","properties":{\
      "beats":{"type":"array","items":{"type":"object","properties":{\
      "chapter":{"type":"integer"},"beat":{"type":"string"},"ending":{"type":"string"}},\
      "required":["chapter","beat","ending"]}}},\
      "required":["beats"]}""";

  private PlanPrompt() {}

  /** The planning prompt of a book. */
  static String prompt(BookState book) {
    StorySeed story = book.getStory();
    int count = book.getChapterCount();
    int through = PlanRule.firstThrough(book.getArcLength(), count);
    boolean brief = count > SHORT_BEATS_ABOVE;
    StringBuilder p = new StringBuilder(OPENING).append('\n');
    p.append("\nTHE PICTURE\n");
    ChapterPrompt.world(p, story);
    p.append("Mood: ").append(story.getMood()).append('\n');
    p.append("Conflicts: ").append(String.join("; ", story.getConflicts())).append('\n');
    p.append(Pictures.forPlan(book, 1, through));
    p.append("\nTHE PLAN\n");
    p.append("The book has ").append(count).append(" chapters of about ");
    p.append(book.getWordsPerChapter()).append(" words.\n");
    if (book.getTitle() != null) {
      p.append("title: \"").append(book.getTitle()).append("\", as given.\n");
    } else {
      p.append("title: a short title for the book.\n");
    }
    p.append("cast: the characters, each with a name (give a name to any the picture leaves")
        .append(" unnamed) and one line on who they are and what they want; at most ")
        .append(BookPlan.MAX_CAST)
        .append(".\n");
    p.append("mainConflict: the one conflict the book is about, which the last chapter")
        .append(" resolves.\n");
    beatsLine(p, 1, through, brief);
    if (through < count) {
      p.append("Only chapters 1 to ")
          .append(through)
          .append(" are planned now; the rest are planned later, from what was written.\n")
          .append("direction: one line (at most 30 words) on where chapters ")
          .append(through + 1)
          .append(" to ")
          .append(count)
          .append(" take the story, up to the last chapter, which resolves the main conflict.\n");
    } else {
      p.append("The last chapter resolves the main conflict.\n");
    }
    p.append(
        ChapterPrompt.languageLine(book.getLanguage())
            .replace("the title and the text", "the plan"));
    p.append("Answer in JSON: {")
        .append(through < count ? "\"direction\", " : "")
        .append("\"title\", \"cast\": [{\"name\", \"line\"}], \"mainConflict\",")
        .append(" \"beats\": [{\"chapter\", \"beat\", \"ending\"}]}.");
    return p.toString();
  }

  private static void beatsLine(StringBuilder p, int from, int through, boolean brief) {
    p.append("beats: exactly ")
        .append(through - from + 1)
        .append(" beats, chapter ")
        .append(from)
        .append(" to ")
        .append(through)
        .append(", each what happens in that chapter (at most ")
        .append(brief ? 25 : 40)
        .append(" words) and ending, how that chapter ends (at most ")
        .append(brief ? 12 : 20)
        .append(" words). The pressure rises chapter by chapter; every ending but the book's")
        .append(" last opens the next chapter's beat.\n");
  }

  /**
   * The prompt of a later planning call, for chapters {@code from} to {@code through}: the plan so
   * far (its last {@link #BEATS_SHOWN} beats), the first plan's direction, the story bible and the
   * arc summaries so far, and the beats asked for.
   */
  static String extension(BookState book, BookPlan plan, int from, int through) {
    int count = book.getChapterCount();
    StringBuilder p = new StringBuilder(OPENING).append('\n');
    p.append("The book is being written: plan its next chapters, ")
        .append(from)
        .append(" to ")
        .append(through)
        .append(", from the plan so far and what the chapters written so far did.\n");
    p.append("\nTHE PLAN SO FAR\n");
    if (book.getTitle() != null) {
      p.append("Title: ").append(book.getTitle()).append('\n');
    }
    p.append("Main conflict: ").append(plan.mainConflict()).append('\n');
    if (!plan.cast().isEmpty()) {
      p.append("Cast:\n");
      plan.cast()
          .forEach(c -> p.append("- ").append(c.name()).append(": ").append(c.line()).append('\n'));
    }
    List<BookPlan.Beat> before = plan.beats().stream().filter(b -> b.chapter() < from).toList();
    for (BookPlan.Beat b :
        before.subList(Math.max(0, before.size() - BEATS_SHOWN), before.size())) {
      p.append("Chapter ").append(b.chapter()).append(": ").append(b.beat());
      if (!b.ending().isBlank()) {
        p.append(" It ends: ").append(b.ending());
      }
      p.append('\n');
    }
    if (book.getPlanDirection() != null) {
      p.append("Where the rest goes: ").append(book.getPlanDirection()).append('\n');
    }
    List<ArcNote> summaries = book.getSummaries();
    if (!summaries.isEmpty()) {
      p.append("\nWHAT THE CHAPTERS WRITTEN SO FAR DID\n");
      ChapterPrompt.storySoFar(p, summaries);
    }
    p.append(BiblePrompt.section(book, from));
    p.append(Pictures.forPlan(book, from, through));
    p.append("\nTHE PLAN\n");
    p.append("The book has ").append(count).append(" chapters of about ");
    p.append(book.getWordsPerChapter()).append(" words.\n");
    beatsLine(p, from, through, count > SHORT_BEATS_ABOVE);
    if (through == count) {
      p.append("Chapter ").append(count).append(" is the last: it resolves the main conflict.\n");
    } else {
      p.append("The book goes on after chapter ")
          .append(through)
          .append(": do not resolve the main conflict yet.\n");
    }
    p.append(
        ChapterPrompt.languageLine(book.getLanguage())
            .replace("the title and the text", "the plan"));
    p.append("Answer in JSON: {\"beats\": [{\"chapter\", \"beat\", \"ending\"}]}.");
    return p.toString();
  }

  /** A later planning call of a book, for chapters {@code from} to {@code through}. */
  static ModelRequest extensionRequest(
      BookState book, BookPlan plan, int from, int through, ChapterSettings settings) {
    int words = BookBudget.planPartWords(book.getChapterCount(), through - from + 1);
    return bounded(
        book,
        settings,
        ModelRequest.text(settings.textModel(), extension(book, plan, from, through))
            .withSystem(ChapterPrompt.system(book.getLanguage()))
            .withJsonSchema(PART_SCHEMA)
            .withAnswerWords(words),
        words);
  }

  /** The planning call of a book, bounded like the writer's calls. */
  static ModelRequest request(BookState book, ChapterSettings settings) {
    int count = book.getChapterCount();
    int through = PlanRule.firstThrough(book.getArcLength(), count);
    int words = BookBudget.firstPlanWords(count, through);
    return bounded(
        book,
        settings,
        ModelRequest.text(settings.textModel(), prompt(book))
            .withSystem(ChapterPrompt.system(book.getLanguage()))
            .withJsonSchema(through < count ? FIRST_PART_SCHEMA : BookPlan.SCHEMA)
            .withAnswerWords(words),
        words);
  }

  private static ModelRequest bounded(
      BookState book, ChapterSettings settings, ModelRequest request, int words) {
    int tokens = ContextBudget.answerTokens(words, ChapterSteps.tokensPerWord(book));
    return request.withAnswerTokens(
        Math.max(1, Math.min(tokens, settings.budget().roomForAnswer(request))));
  }
}
