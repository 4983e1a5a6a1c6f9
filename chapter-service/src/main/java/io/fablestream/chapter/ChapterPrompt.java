package io.fablestream.chapter;

import io.fablestream.chapter.state.ArcNote;
import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.model.ArcLines;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.schemas.ArcRule;
import io.fablestream.schemas.BookLanguage;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * The prompt of one chapter: the story so far (arc summaries and the end of the previous chapter),
 * what story memory found, the picture's setting and characters, the mood, the conflicts to advance
 * with rising pressure, a cliffhanger on every chapter but the last, the length and a title. The
 * answer is constrained to {@link #SCHEMA}.
 */
public final class ChapterPrompt {
  /**
   * The answer's JSON schema: a title and the text, then the chapter's summary and the story
   * bible's delta ({@link BibleUpdate}).
   */
  public static final String SCHEMA =
      """
      {"type":"object","properties":{\
      "title":{"type":"string"},\
      "text":{"type":"string"},"""
          + BibleUpdate.SCHEMA_PROPERTIES
          + "},\"required\":[\"title\",\"text\","
          + BibleUpdate.REQUIRED
          + "]}";

  /** The answer's form, as every writer prompt ends. */
  static final String ANSWER_FORM =
      "Answer in JSON: {\"title\": the chapter's title, \"text\": the chapter's text, then"
          + " \"summary\", \"newCharacters\", \"changes\", \"facts\", \"threadsOpened\","
          + " \"threadsResolved\"}.";

  /** The writer model's role, the same for every chapter. */
  static final String SYSTEM =
      "You are a novelist writing a book one chapter at a time. You write vivid, concrete prose"
          + " that continues the story exactly where it stands and never repeats earlier"
          + " chapters. You answer only with the JSON asked for.";

  /** The writer's system prompt for a book in this language: the role and the language rule. */
  static String system(String language) {
    return SYSTEM + " " + languageLine(language).strip();
  }

  /** How many words of the previous chapter's end the prompt and the retrieval query carry. */
  static final int PREVIOUS_ENDING_WORDS = 80;

  private ChapterPrompt() {}

  /**
   * The writer's system message for a book: everything that never changes while the book is written
   * (the role, the language, the title, the world, the cast, the conflicts, the length and form),
   * so that every chapter's call opens with the same tokens and a server's prefix cache (Ollama's
   * and llama.cpp's slots, vLLM's prefix caching) reuses them.
   */
  static String system(BookState book) {
    StorySeed story = book.getStory();
    StringBuilder p = new StringBuilder(system(book.getLanguage()));
    p.append("\n\nTHE BOOK\n");
    p.append("A book of ").append(book.getChapterCount()).append(" chapters");
    if (book.getTitle() != null) {
      p.append(" titled \"").append(book.getTitle()).append('"');
    }
    p.append(".\n");

    p.append("\nTHE WORLD OF THE BOOK\n");
    world(p, story);
    p.append("Mood to keep throughout: ").append(story.getMood()).append('\n');

    Optional<BookPlan> plan = BookPlan.of(book);
    plan.filter(pl -> !pl.cast().isEmpty())
        .ifPresent(
            pl -> {
              p.append("\nTHE CAST (keep every name and trait as given here)\n");
              for (BookPlan.Character c : pl.cast()) {
                p.append("- ").append(c.name());
                if (!c.line().isBlank()) {
                  p.append(": ").append(c.line());
                }
                p.append('\n');
              }
            });

    p.append("\nTHE CONFLICTS\n");
    for (String conflict : story.getConflicts()) {
      p.append("- ").append(conflict).append('\n');
    }
    plan.map(BookPlan::mainConflict)
        .filter(c -> !c.isBlank())
        .ifPresent(
            c ->
                p.append("The main conflict, which the last chapter resolves: ")
                    .append(c)
                    .append('\n'));
    p.append("Every chapter advances at least one of these conflicts, with rising pressure.\n");

    int target = book.getWordsPerChapter();
    p.append("\nLENGTH AND FORM\n");
    p.append("Every chapter: About ")
        .append(target)
        .append(" words (no fewer than ")
        .append((int) Math.ceil(target * ChapterValidator.MIN_LENGTH))
        .append(", no more than ")
        .append((int) Math.floor(target * ChapterValidator.MAX_LENGTH))
        .append(")");
    if (unspaced(book.getLanguage())) {
      p.append(", counting a word for every two characters: about ")
          .append(2 * target)
          .append(" characters");
    }
    p.append(".\n");
    p.append("Give each chapter a short title of its own.\n");
    p.append("Every chapter but the last ends on a cliffhanger; the last one resolves the main")
        .append(" conflict.\n");
    p.append(ANSWER_FORM).append('\n');
    p.append(BibleUpdate.ASKED);
    return p.toString();
  }

  /**
   * The first prompt of chapter {@code number}, after {@link #system}: what only grows (the story
   * so far, oldest first, older arcs folded into one bounded paragraph), then what changes with
   * each chapter (the previous chapter's end, what story memory found), and this chapter's
   * instruction last.
   *
   * @param context what story memory found
   * @param previousText the text of the chapter before, when there is one
   */
  static String forChapter(
      BookState book, int number, List<MemoryHit> context, Optional<String> previousText) {
    return forChapter(
        book, number, context, c -> c == number - 1 ? previousText : Optional.empty());
  }

  /**
   * The first prompt of chapter {@code number}, with the texts of the earlier chapters at hand: the
   * arc's part lists how each chapter before this one in the arc ended, so the prompts of an arc
   * share it as a prefix.
   *
   * @param textOf the text of an earlier chapter, by number, when it is at hand
   */
  static String forChapter(
      BookState book, int number, List<MemoryHit> context, IntFunction<Optional<String>> textOf) {
    StorySeed story = book.getStory();
    int count = book.getChapterCount();
    boolean last = number == count;
    Optional<BookPlan> plan = BookPlan.of(book);
    String mainConflict =
        plan.map(BookPlan::mainConflict)
            .filter(c -> !c.isBlank())
            .orElse(story.getConflicts().isEmpty() ? "" : story.getConflicts().get(0));
    StringBuilder p = new StringBuilder();
    // What changes only when an arc ends: the story so far, then the plan of this arc.
    List<ArcNote> summaries = book.getSummaries();
    if (!summaries.isEmpty()) {
      p.append("THE STORY SO FAR\n");
    }
    storySoFar(p, summaries);
    String outline = plan.map(pl -> arcOutline(pl, book, number)).orElse("");
    if (!outline.isEmpty()) {
      p.append(p.isEmpty() ? "" : "\n").append(outline);
    }

    // What grows by appending within the arc: the story bible in chapter order, what the chapters
    // before the arc set, then what each chapter of the arc set and how it ended (the chapter
    // before this one last).
    String bible =
        BiblePrompt.inOrder(book, number, c -> textOf.apply(c).map(ChapterPrompt::lastWords));
    if (!bible.isEmpty()) {
      p.append(p.isEmpty() ? "" : "\n").append(bible);
    }

    // What changes with each chapter: how the characters stand now, the end of the chapter before
    // when the arc's part does not hold it (the arc's first chapter), what story memory found, and
    // this chapter's instruction last.
    String now = BiblePrompt.now(book, number);
    if (!now.isEmpty()) {
      p.append(p.isEmpty() ? "" : "\n").append(now);
    }
    if (BiblePrompt.runStart(book, number) == number) {
      textOf
          .apply(number - 1)
          .map(ChapterPrompt::lastWords)
          .ifPresent(
              ending ->
                  p.append(p.isEmpty() ? "" : "\n")
                      .append("The previous chapter ended: \"...")
                      .append(ending)
                      .append("\"\n"));
    }

    if (!context.isEmpty()) {
      p.append(p.isEmpty() ? "" : "\n")
          .append("PASSAGES FROM EARLIER IN THE BOOK (keep the facts consistent with these)\n");
      for (MemoryHit hit : context) {
        p.append(hit.chapter() == 0 ? "[the picture] " : "[chapter " + hit.chapter() + "] ")
            .append(hit.text().strip())
            .append('\n');
      }
    }

    String picture = Pictures.forChapter(book, number);
    if (!picture.isEmpty()) {
      p.append(p.isEmpty() ? "" : "\n").append(picture);
    }
    p.append(p.isEmpty() ? "" : "\n").append("THIS CHAPTER\n");
    p.append("Write chapter ").append(number).append(" of ").append(count).append(". ");
    if (number > 1 && textOf.apply(number - 1).isPresent()) {
      p.append("Carry on from where chapter ").append(number - 1).append(" ended, above. ");
    }
    p.append("Advance at least one of the conflicts. ");
    Optional<BookPlan.Beat> beat = plan.flatMap(pl -> pl.beat(number));
    if (beat.isPresent()) {
      p.append("\nThe plan for this chapter: ").append(beat.get().beat()).append('\n');
      if (!beat.get().ending().isBlank()) {
        p.append("It ends: ").append(beat.get().ending()).append('\n');
      }
      if (!last) {
        // The next beat is in the arc's plan above unless this chapter ends the arc: named there
        // by its number, so the prompt does not carry it twice.
        boolean listed =
            number < ArcRule.arcEnd(number, Math.max(1, book.getArcLength()), count)
                && !outline.isEmpty();
        plan.flatMap(pl -> pl.beat(number + 1))
            .ifPresent(
                next ->
                    p.append(
                            listed
                                ? "The next chapter will do what the plan above gives for chapter "
                                    + (number + 1)
                                : "The next chapter will: " + next.beat())
                        .append(" (this chapter's ending leads there; do not write it yet)\n"));
      }
    }
    if (last) {
      p.append("This is the last chapter: resolve the main conflict (")
          .append(mainConflict)
          .append(") and bring the story to a close that answers its open questions.\n");
    } else {
      if (number == 1) {
        p.append("Nothing is written yet: this chapter begins the story. ");
        p.append("This is the first chapter: bring in the characters and the setting and set")
            .append(" the conflicts in motion.\n");
      } else {
        p.append("The pressure rises as the book goes on: make the stakes higher than in")
            .append(" chapter ")
            .append(number - 1)
            .append(".\n");
      }
      p.append("End the chapter on a cliffhanger: a sudden turn or an open question that makes")
          .append(" the reader need the next chapter.\n");
    }
    p.append("About ").append(book.getWordsPerChapter()).append(" words, with its own title.\n");
    p.append(languageLine(book.getLanguage()));
    // The fields after the text are explained in the system message; the form is repeated here,
    // where the model starts its answer.
    p.append(ANSWER_FORM);
    return p.toString();
  }

  /**
   * The plan's beats for the arc that chapter {@code number} belongs to, in order: the same for
   * every chapter of the arc, so the calls of an arc share it as a prefix, and bounded by the arc's
   * length rather than the book's.
   */
  static String arcOutline(BookPlan plan, BookState book, int number) {
    int from = ArcRule.arcStart(number, book.getArcLength());
    int through = ArcRule.arcEnd(number, book.getArcLength(), book.getChapterCount());
    List<BookPlan.Beat> beats =
        plan.beats().stream().filter(b -> b.chapter() >= from && b.chapter() <= through).toList();
    if (beats.isEmpty()) {
      return "";
    }
    StringBuilder p = new StringBuilder();
    p.append("THE PLAN OF CHAPTERS ");
    p.append(from).append('-').append(through).append('\n');
    for (BookPlan.Beat b : beats) {
      p.append("- Chapter ").append(b.chapter()).append(": ").append(b.beat());
      if (!b.ending().isBlank()) {
        p.append("; it ends: ").append(b.ending());
      }
      p.append('\n');
    }
    return p.toString();
  }

  /**
   * The arcs before the last {@link BookBudget#KEPT_ARC_SUMMARIES}, as one paragraph of at most
   * {@link BookBudget#BOOK_SO_FAR_WORDS} words: the book so far that the summarizer wrote at the
   * end of the newest of them (re-summarised at each arc's end from the one before and the arc's
   * chapters), cut to that bound whatever a producer sent. A summary without one (from a summarizer
   * of before it, or a model that gave none) is folded here instead: the first sentence of each
   * arc's summary (each summary was written with the one before it as context, so its opening
   * carries the thread), the newest kept when they do not all fit. The prompt of chapter 100 is
   * then about as long as that of chapter 10, and the same for every chapter of an arc.
   */
  static String bookSoFar(List<ArcNote> older) {
    String written = older.getLast().getBookSoFar();
    if (written != null && !written.isBlank()) {
      String[] words = written.strip().split("\\s+");
      return words.length <= BookBudget.BOOK_SO_FAR_WORDS
          ? String.join(" ", words)
          : String.join(" ", Arrays.asList(words).subList(0, BookBudget.BOOK_SO_FAR_WORDS)) + "...";
    }
    List<String> sentences = new java.util.ArrayList<>();
    int words = 0;
    for (int i = older.size() - 1; i >= 0; i--) {
      String first = firstSentence(older.get(i).getSummary());
      int length = first.split("\\s+").length;
      if (words + length > BookBudget.BOOK_SO_FAR_WORDS) {
        break;
      }
      sentences.addFirst(first);
      words += length;
    }
    return String.join(" ", sentences);
  }

  private static String firstSentence(String summary) {
    String text = summary.strip();
    java.util.regex.Matcher end = SENTENCE_END.matcher(text);
    String first = end.find() ? text.substring(0, end.end()).strip() : text;
    String[] words = first.split("\\s+");
    return words.length <= BookBudget.BOOK_SO_FAR_WORDS / 2
        ? first
        : String.join(" ", Arrays.asList(words).subList(0, BookBudget.BOOK_SO_FAR_WORDS / 2))
            + "...";
  }

  private static final java.util.regex.Pattern SENTENCE_END =
      java.util.regex.Pattern.compile("[.!?\u3002\uFF01\uFF1F](?=\\s|$)");

  /**
   * A rewrite: the first prompt, the rejected draft when there is one, and every note so far, so
   * that the model revises what it wrote rather than rolling a new chapter that repeats old faults.
   */
  static String rewrite(
      String firstPrompt, String draftTitle, String draftText, List<String> feedback) {
    StringBuilder p = new StringBuilder(firstPrompt);
    if (draftText != null && !draftText.isBlank()) {
      p.append("\n\nYOUR LAST DRAFT, \"")
          .append(draftTitle)
          .append("\"\n")
          .append(draftText.strip())
          .append("\n\nYOUR LAST ATTEMPT WAS REJECTED. Revise that draft, keeping what works,")
          .append(" and fix all of this:\n");
    } else {
      p.append("\n\nYOUR LAST ATTEMPT WAS REJECTED. Write the chapter again and fix this:\n");
    }
    for (String line : feedback) {
      p.append("- ").append(line).append('\n');
    }
    return p.toString().stripTrailing();
  }

  /** A rewrite with no draft to revise: the first prompt and what was wrong. */
  static String rewrite(String firstPrompt, List<String> feedback) {
    return rewrite(firstPrompt, null, null, feedback);
  }

  /**
   * The first of a chapter's parts (scenes): the chapter is longer than a 7-8B model writes in one
   * answer, so each call writes its share of the beat and the next one carries on from it.
   */
  static String firstPart(String prompt, int parts, int words) {
    return prompt
        + "\n\nWRITE THIS CHAPTER IN "
        + parts
        + " PARTS, one answer each. Write part 1 of "
        + parts
        + " now: about "
        + words
        + " words that open the chapter and take its beat about 1/"
        + parts
        + " of the way, ending at a scene break, not at the chapter's end.";
  }

  /**
   * The next part of a draft: the first prompt, the chapter so far, and the words to add, carrying
   * on from its last sentence (a later scene, or the rest of a draft that came back too short).
   */
  static String nextPart(
      String prompt, String title, String soFar, int part, int parts, int words, int have) {
    boolean last = part == parts;
    return prompt
        + "\n\nTHE CHAPTER SO FAR, \""
        + title
        + "\" ("
        + have
        + " words)\n"
        + soFar.strip()
        + "\n\nCONTINUE IT: this is part "
        + part
        + " of "
        + parts
        + ". Write about "
        + words
        + " more words that carry on from its last sentence"
        + (last
            ? " to the chapter's end, as this chapter's instruction asks."
            : " and take the beat further, ending at a scene break.")
        + " Do not repeat what is already written. Answer in JSON: {\"title\": the chapter's"
        + " title, \"text\": only the new words, then \"summary\" (the whole chapter so far, in"
        + " two sentences) and the other fields as asked, for the new words}.";
  }

  /**
   * A revision's chapter: the first prompt, the chapter as it was, and the person's instruction to
   * rewrite it with.
   */
  static String revise(String firstPrompt, String oldTitle, String oldText, String instruction) {
    return firstPrompt
        + "\n\nTHIS CHAPTER AS IT WAS WRITTEN BEFORE, \""
        + oldTitle
        + "\"\n"
        + oldText.strip()
        + "\n\nA READER ASKED FOR THIS CHAPTER TO BE REWRITTEN. Write it again, keeping what the"
        + " note does not change, and follow the note:\n- "
        + instruction.strip();
  }

  /** Whether a language is written without spaces between words ({@link BookLanguage#unspaced}). */
  static boolean unspaced(String language) {
    return BookLanguage.unspaced(language);
  }

  /** The line every prompt ends its form with: the language the book is written in. */
  static String languageLine(String language) {
    return "Write the title and the text in "
        + BookLanguage.englishName(language)
        + " (language tag "
        + language
        + "), whatever language this prompt is in.\n";
  }

  /**
   * The picture's world as the planner and the writer read it: the setting, the characters and the
   * notable objects, one line each.
   */
  static void world(StringBuilder p, StorySeed story) {
    p.append("Setting: ").append(story.getSetting()).append('\n');
    p.append("Characters: ").append(String.join(", ", story.getCharacters())).append('\n');
    if (!story.getObjects().isEmpty()) {
      p.append("Notable objects: ").append(String.join(", ", story.getObjects())).append('\n');
    }
  }

  /**
   * The last {@link #PREVIOUS_ENDING_WORDS} words of a chapter's text, counted as a chapter's words
   * are ({@link BookLanguage#wordsIn}): how the chapter after it picks up.
   */
  static String lastWords(String text) {
    return BookLanguage.lastWords(text, PREVIOUS_ENDING_WORDS);
  }

  /**
   * The story so far: the arcs older than the latest {@link BookBudget#KEPT_ARC_SUMMARIES} as one
   * bounded book so far, then the latest arcs' summaries, oldest first.
   */
  static void storySoFar(StringBuilder p, List<ArcNote> summaries) {
    int kept = Math.max(0, summaries.size() - BookBudget.KEPT_ARC_SUMMARIES);
    if (kept > 0) {
      p.append("Chapters 1-")
          .append(summaries.get(kept - 1).getThroughChapter())
          .append(", in short: ")
          .append(bookSoFar(summaries.subList(0, kept)))
          .append('\n');
    }
    for (ArcNote arc : summaries.subList(kept, summaries.size())) {
      ArcLines.append(p, arc.getFromChapter(), arc.getThroughChapter(), arc.getSummary());
    }
  }
}
