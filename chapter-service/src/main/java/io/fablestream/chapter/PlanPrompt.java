package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.ModelRequest;

/**
 * The planning call: one text-model call after the analysis, constrained to {@link
 * BookPlan#SCHEMA}, that writes the book's title (when the request has none), its cast, its main
 * conflict and one beat per chapter with how the chapter ends. A book of every length is planned in
 * this one call; above {@link #SHORT_BEATS_ABOVE} chapters each beat is asked shorter, so the
 * answer stays bounded (about 40 words a chapter).
 */
final class PlanPrompt {
  /** Above this many chapters, beats and endings are asked shorter. */
  static final int SHORT_BEATS_ABOVE = 12;

  /** The first line of every planning prompt; the test model servers answer it with a plan. */
  static final String OPENING = "Plan the book before it is written.";

  private PlanPrompt() {}

  /** The planning prompt of a book. */
  static String prompt(BookState book) {
    StorySeed story = book.getStory();
    int count = book.getChapterCount();
    boolean brief = count > SHORT_BEATS_ABOVE;
    StringBuilder p = new StringBuilder(OPENING).append('\n');
    p.append("\nTHE PICTURE\n");
    p.append("Setting: ").append(story.getSetting()).append('\n');
    p.append("Characters: ").append(String.join(", ", story.getCharacters())).append('\n');
    if (!story.getObjects().isEmpty()) {
      p.append("Notable objects: ").append(String.join(", ", story.getObjects())).append('\n');
    }
    p.append("Mood: ").append(story.getMood()).append('\n');
    p.append("Conflicts: ").append(String.join("; ", story.getConflicts())).append('\n');
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
    p.append("beats: exactly ")
        .append(count)
        .append(" beats, chapter 1 to ")
        .append(count)
        .append(", each what happens in that chapter (at most ")
        .append(brief ? 25 : 40)
        .append(" words) and ending, how that chapter ends (at most ")
        .append(brief ? 12 : 20)
        .append(" words). The pressure rises chapter by chapter; every ending but the last")
        .append(" opens the next chapter's beat; the last chapter resolves the main conflict.\n");
    p.append(
        ChapterPrompt.languageLine(book.getLanguage())
            .replace("the title and the text", "the plan"));
    p.append("Answer in JSON: {\"title\", \"cast\": [{\"name\", \"line\"}], \"mainConflict\",")
        .append(" \"beats\": [{\"chapter\", \"beat\", \"ending\"}]}.");
    return p.toString();
  }

  /** The words a plan of this many chapters runs to, at most: the answer's bound. */
  static int answerWords(int chapters) {
    int perChapter = chapters > SHORT_BEATS_ABOVE ? 45 : 70;
    return 40 + BookPlan.MAX_CAST * 25 + chapters * perChapter;
  }

  /** The planning call of a book, bounded like the writer's calls. */
  static ModelRequest request(BookState book, ChapterSettings settings) {
    int words = answerWords(book.getChapterCount());
    ModelRequest request =
        ModelRequest.text(settings.textModel(), prompt(book))
            .withSystem(ChapterPrompt.system(book.getLanguage()))
            .withJsonSchema(BookPlan.SCHEMA)
            .withAnswerWords(words);
    int tokens = ContextBudget.answerTokens(words, ChapterSteps.tokensPerWord(book));
    return request.withAnswerTokens(
        Math.max(1, Math.min(tokens, settings.budget().roomForAnswer(request))));
  }
}
