package io.fablestream.platform.model;

import io.fablestream.platform.config.Config;
import io.fablestream.schemas.PlanRule;
import java.util.Objects;

/**
 * The sizes of a book's model calls, and whether a book of a shape fits the model's context: the
 * book's rules (how long an analysis, a judge's answer, a summary and a synopsis may be, the
 * longest chapter accepted, what a chapter prompt carries) over {@link ContextBudget}'s token
 * arithmetic. The analyzer refuses at intake a book that could never be written; chapter-service's
 * tests hold its real prompts to these sizes; the services ask for answers of these lengths.
 *
 * <p>Every size is a worst case: each text a call carries was itself an answer bounded by its
 * request ({@link #ANALYSIS_WORDS}, {@link #SUMMARY_WORDS}, the longest chapter), so a book that
 * passes the check cannot outgrow the window later.
 *
 * <p>It sits beside {@link ContextBudget} because the analyzer and chapter-service both read it and
 * neither depends on the other; {@link RetrievalKeys} is here for the same reason.
 *
 * @param context the model's context and the setting that caps it
 * @param passages how many passages story memory retrieves before each chapter
 * @param passageChars the most characters in one retrieved passage
 */
public record BookBudget(ContextBudget context, int passages, int passageChars) {
  /** The most words the vision model's analysis may have (setting, characters, conflicts...). */
  public static final int ANALYSIS_WORDS = 400;

  /** The most words of the judge's answer: a score and the conflicts it names, copied out. */
  public static final int JUDGE_WORDS = 200;

  /** The most words of an arc summary (three sentences are asked for). */
  public static final int SUMMARY_WORDS = 150;

  /**
   * The most words of the book's synopsis: a blurb of 60 to 120 words is asked for, and a longer
   * one is asked for again, so the bound lets an overlong blurb end whole rather than be cut.
   */
  public static final int SYNOPSIS_WORDS = 200;

  /** The longest chapter the validator accepts, as a share of the target length. */
  public static final double LONGEST_CHAPTER = 1.6;

  /** The chapter prompt's own words: the system prompt, headings, instructions and length. */
  static final int CHAPTER_INSTRUCTION_WORDS = 320;

  /**
   * How many of the latest arc summaries a chapter prompt carries whole; the older ones are folded
   * into one "story so far" of at most {@link #BOOK_SO_FAR_WORDS} words.
   */
  public static final int KEPT_ARC_SUMMARIES = 3;

  /** The most words of the folded older arcs in a chapter prompt. */
  public static final int BOOK_SO_FAR_WORDS = 120;

  /**
   * The most words of one chapter's beat and ending in the book's plan (the planner is asked for at
   * most 70 a chapter). A chapter prompt carries the plan of its arc, one such line a chapter.
   */
  public static final int PLAN_WORDS_PER_CHAPTER = 70;

  /** Words of an earlier chapter's end that a chapter prompt quotes. */
  public static final int PREVIOUS_ENDING_WORDS = 80;

  /**
   * The most chapter endings one chapter prompt quotes: the chapter-ordered part of the prompt
   * lists how each earlier chapter of the arc ended, up to this many (chapter-service's {@code
   * BiblePrompt.RUN_CHAPTERS}); past that a new run begins. An arc of one quotes the previous
   * chapter's end alone.
   */
  public static final int RUN_ENDINGS = 4;

  /**
   * How many pictures' analyses an album's merged analysis (the book's world in every chapter
   * prompt) holds at most. The analyzer merges an album's analyses into one whose lists keep at
   * most twice one picture's (16 characters, 24 objects, 12 conflicts) of at most 160 characters
   * each, the setting and mood of the first picture: at most about 2,300 tokens, within four
   * analyses' bounds. The analyzer's tests hold the merge to it.
   */
  public static final int MERGED_ANALYSES = 4;

  /**
   * The picture section's own words in an album's chapter prompt ("THE PICTURE OF THIS CHAPTER",
   * which picture of how many, the labels of its characters, objects, mood and tensions); the
   * picture's analysis itself is at most {@link #ANALYSIS_WORDS}.
   */
  static final int PICTURE_HEADING_WORDS = 30;

  /**
   * The story bible's share of a chapter prompt before its run ("Before chapter s:": the characters
   * met, then the facts and the open threads set earlier), in tokens as {@link
   * ContextBudget#tokens} counts its lines. chapter-service's {@code BiblePrompt} lists them in
   * that order of priority and stops at the first line that would pass it, the same for every
   * chapter of the run, so the run's prompts keep sharing it as a prefix. A realistic book's fits
   * whole: eight characters met of about 30 tokens a line, its 8 facts and 6 threads of about 20.
   */
  public static final int BIBLE_BEFORE_TOKENS = 600;

  /**
   * The bible's share for one chapter of the run (what it set: the characters it brought in, its
   * first facts, the threads it opened and closed; its ending is counted with the others). A
   * chapter's update may hold up to 8 of each, but a chapter brings in a character or two, sets the
   * 3 facts listed and opens and closes a thread or two: about 25 + 3 x 20 + 4 x 15 tokens. Once
   * the chapter is written its lines never change, so neither does its cut.
   */
  public static final int BIBLE_RUN_CHAPTER_TOKENS = 150;

  /**
   * The bible's share for what changes with every chapter: in the last chapter the threads it
   * closes first (up to 10 of about 18 tokens), then how each character stands (a name and a change
   * of about 25 tokens, eight characters and more).
   */
  public static final int BIBLE_NOW_TOKENS = 400;

  /**
   * The bible's headings in a chapter prompt: its title, "Before chapter 16:", a "Chapter 17:" for
   * each chapter of the run, "How characters stand now:" and the last chapter's threads to close.
   */
  static final int BIBLE_HEADING_WORDS = 40;

  /** Above this many chapters, the planner is asked for shorter beats and endings. */
  public static final int SHORT_BEATS_ABOVE = 12;

  /** The words of a beat and its ending in a plan of more than {@link #SHORT_BEATS_ABOVE}. */
  public static final int SHORT_BEAT_WORDS = 45;

  /** The most characters of the plan's cast (chapter-service's {@code BookPlan.MAX_CAST}). */
  public static final int PLAN_CAST = 12;

  /** The words the planner is asked for a character of the cast: a name and one line. */
  public static final int PLAN_CAST_WORDS = 25;

  /** The first plan's title and main conflict, in words. */
  static final int PLAN_HEAD_WORDS = 40;

  /** The first plan's line on where the chapters it does not plan go, in words. */
  static final int PLAN_DIRECTION_WORDS = 40;

  /** A later part's answer besides its beats: the JSON's keys. */
  static final int PLAN_PART_WORDS = 20;

  /**
   * The most beats of the plan so far that a later planning call is shown (chapter-service's {@code
   * PlanPrompt.BEATS_SHOWN}), each with its ending: a line of at most {@link
   * #PLAN_WORDS_PER_CHAPTER} words, as in a chapter prompt.
   */
  public static final int PLAN_BEATS_SHOWN = 12;

  /**
   * The story bible's share of a later planning call (chapter-service's {@code
   * BiblePrompt.section}: what bears on the first chapter it plans), in tokens as {@link
   * ContextBudget#tokens} counts its lines. The section lists the open threads first (the part to
   * plan must carry them on), then how each character stands, then the facts, and stops at the
   * first line that would pass it. A realistic book's fits whole: 6 threads of about 18 tokens, 8
   * characters' latest change of about 25 and 8 facts of about 20 take about 470; a book at every
   * cap (16 characters changed, 10 threads to close in the last part) is cut.
   */
  public static final int BIBLE_PLAN_TOKENS = 600;

  /** The bible section's headings in a planning call: its title and three list headings. */
  public static final int BIBLE_PLAN_HEADING_WORDS = 40;

  /**
   * The first planning prompt's own words, the system message included: the headings, the book's
   * shape, what the title, the cast, the main conflict and the beats must be, the direction of a
   * book planned in parts, the language and the JSON asked for.
   */
  static final int PLAN_INSTRUCTION_WORDS = 280;

  /**
   * A later planning prompt's own words, the system message included: the headings, the book's
   * shape, the beats asked for, whether the main conflict resolves, the language and the JSON.
   */
  static final int PLAN_PART_INSTRUCTION_WORDS = 220;

  /** The album's heading in a planning prompt ("THE ALBUM", how its pictures run). */
  static final int ALBUM_HEADING_WORDS = 40;

  /** A rewrite's header and notes, besides the conflicts and mood the notes repeat. */
  static final int FEEDBACK_WORDS = 120;

  /** The book's title in a prompt: at most 200 characters. */
  static final int TITLE_TOKENS = 64;

  /** The label before a retrieved passage or a summary ("[chapter 12] ", "Chapters 1-5: "). */
  static final int LABEL_TOKENS = 8;

  /** The judge prompt's own words. */
  static final int JUDGE_INSTRUCTION_WORDS = 100;

  /** The summary prompt's own words, system message and the book so far's instruction included. */
  static final int SUMMARY_INSTRUCTION_WORDS = 170;

  /** The synopsis prompt's own words, system message and a retry's feedback included. */
  static final int SYNOPSIS_INSTRUCTION_WORDS = 160;

  /** The vision prompt's own words, system prompt included. */
  static final int VISION_INSTRUCTION_WORDS = 200;

  public BookBudget {
    Objects.requireNonNull(context);
    if (passages < 0 || passageChars < 0) {
      throw new IllegalArgumentException(
          "need no negative passages: " + passages + " of " + passageChars + " characters");
    }
  }

  /** The budget of the configured model server and story memory. */
  public static BookBudget from(Config config) {
    return new BookBudget(
        ContextBudget.from(config),
        config.integer(RetrievalKeys.RETRIEVAL_K, 1, 100),
        config.integer(RetrievalKeys.CHUNK_SIZE, 20, 100_000));
  }

  /** The longest chapter the validator accepts for a target length, in words. */
  public static int longestChapter(int wordsPerChapter) {
    return (int) Math.floor(wordsPerChapter * LONGEST_CHAPTER);
  }

  /**
   * The tokens of the book's analysis as its prompts carry it: one picture's, or an album's merged
   * analysis, which holds as much as {@link #MERGED_ANALYSES} pictures' at most.
   *
   * @param pictures the pictures the book grows from: 1, or an album's count
   */
  public static int analysisTokens(int pictures) {
    return Math.min(Math.max(1, pictures), MERGED_ANALYSES)
        * ContextBudget.answerTokens(ANALYSIS_WORDS);
  }

  /** The vision call: its prompt, the picture and the analysis. */
  public int visionCall() {
    return ContextBudget.TEMPLATE_TOKENS
        + ContextBudget.wordTokens(VISION_INSTRUCTION_WORDS)
        + ContextBudget.IMAGE_TOKENS
        + ContextBudget.answerTokens(ANALYSIS_WORDS);
  }

  /**
   * The largest chapter prompt of a book, the system prompt included: the instructions, the title,
   * the latest {@link #KEPT_ARC_SUMMARIES} arc summaries and the older ones folded, the plan of the
   * chapter's arc (a line of at most {@link #PLAN_WORDS_PER_CHAPTER} words a chapter), the endings
   * of the earlier chapters of its run ({@link #endings}), the retrieved passages, the analysis, an
   * album's picture of the chapter (its analysis whole), a rewrite's feedback (which repeats the
   * conflicts and the mood), and the story bible's share ({@link #bibleTokens}).
   *
   * @param pictures the pictures the book grows from: 1, or an album's count
   */
  public int chapterPrompt(int chapterCount, int arcLength, int pictures) {
    int arcPlan = Math.min(Math.max(1, arcLength), Math.max(1, chapterCount));
    int picture =
        pictures > 1
            ? ContextBudget.wordTokens(PICTURE_HEADING_WORDS)
                + ContextBudget.answerTokens(ANALYSIS_WORDS)
            : 0;
    return ContextBudget.TEMPLATE_TOKENS
        + ContextBudget.wordTokens(CHAPTER_INSTRUCTION_WORDS + FEEDBACK_WORDS)
        + endings(chapterCount, arcLength)
            * (ContextBudget.wordTokens(PREVIOUS_ENDING_WORDS) + LABEL_TOKENS)
        + arcPlan * (ContextBudget.wordTokens(PLAN_WORDS_PER_CHAPTER) + LABEL_TOKENS)
        + TITLE_TOKENS
        + analysisTokens(pictures)
        + ContextBudget.answerTokens(ANALYSIS_WORDS)
        + picture
        + passages * (passageChars / ContextBudget.CHARS_PER_TOKEN + LABEL_TOKENS)
        + summariesTokens(chapterCount, arcLength)
        + bibleTokens(chapterCount, arcLength);
  }

  /**
   * The arc summaries a prompt carries before the last chapter of a book: the latest {@link
   * #KEPT_ARC_SUMMARIES} whole, the older ones folded into at most {@link #BOOK_SO_FAR_WORDS}.
   */
  private static int summariesTokens(int chapterCount, int arcLength) {
    int arcs = Math.max(0, (chapterCount - 1) / Math.max(1, arcLength));
    int folded =
        arcs > KEPT_ARC_SUMMARIES ? ContextBudget.wordTokens(BOOK_SO_FAR_WORDS) + LABEL_TOKENS : 0;
    return Math.min(arcs, KEPT_ARC_SUMMARIES)
            * (ContextBudget.answerTokens(SUMMARY_WORDS) + LABEL_TOKENS)
        + folded;
  }

  /**
   * The most tokens the story bible takes in a chapter prompt of a book: its headings, its share
   * before the run ({@link #BIBLE_BEFORE_TOKENS}), one share for each earlier chapter of the run
   * ({@link #BIBLE_RUN_CHAPTER_TOKENS}, up to {@link #RUN_ENDINGS}) and one for how things stand
   * now ({@link #BIBLE_NOW_TOKENS}); none in a book of one chapter, whose prompt has nothing
   * earlier to list.
   */
  public static int bibleTokens(int chapterCount, int arcLength) {
    if (chapterCount <= 1) {
      return 0;
    }
    return ContextBudget.wordTokens(BIBLE_HEADING_WORDS)
        + BIBLE_BEFORE_TOKENS
        + runChapters(chapterCount, arcLength) * BIBLE_RUN_CHAPTER_TOKENS
        + BIBLE_NOW_TOKENS;
  }

  /**
   * The most chapters of its run a chapter prompt lists one by one with what each set: the earlier
   * chapters of the run, up to {@link #RUN_ENDINGS}; none in an arc of one.
   */
  public static int runChapters(int chapterCount, int arcLength) {
    int longestRun = Math.min(Math.max(1, arcLength), Math.max(1, chapterCount));
    return Math.max(0, Math.min(RUN_ENDINGS, longestRun - 1));
  }

  /**
   * The most chapter endings a chapter prompt of a book quotes: each earlier chapter of its run, up
   * to {@link #RUN_ENDINGS} (chapter 5 of an arc of five or more lists how chapters 1 to 4 ended),
   * and at least the previous chapter's.
   */
  public static int endings(int chapterCount, int arcLength) {
    return Math.max(1, runChapters(chapterCount, arcLength));
  }

  /**
   * The largest chapter call of a book: its prompt, the draft a rewrite revises or a later part
   * continues (at most the longest chapter accepted), and the longest chapter accepted.
   */
  public int chapterCall(int wordsPerChapter, int chapterCount, int arcLength, int pictures) {
    return chapterPrompt(chapterCount, arcLength, pictures)
        + 2 * ContextBudget.answerTokens(longestChapter(wordsPerChapter));
  }

  /** The judge's call: its instructions, the mood and conflicts, the chapter, its answer. */
  public int judgeCall(int wordsPerChapter) {
    return ContextBudget.TEMPLATE_TOKENS
        + ContextBudget.wordTokens(JUDGE_INSTRUCTION_WORDS)
        + ContextBudget.answerTokens(ANALYSIS_WORDS)
        + ContextBudget.answerTokens(longestChapter(wordsPerChapter))
        + ContextBudget.answerTokens(JUDGE_WORDS);
  }

  /**
   * The largest arc summary call: the story before the arc (its summary or the book so far), every
   * chapter of the longest arc, and the answer: the summary and the book so far.
   */
  public int summaryCall(int wordsPerChapter, int chapterCount, int arcLength) {
    int chapters = Math.min(Math.max(1, arcLength), Math.max(1, chapterCount));
    return ContextBudget.TEMPLATE_TOKENS
        + ContextBudget.wordTokens(SUMMARY_INSTRUCTION_WORDS)
        + ContextBudget.answerTokens(SUMMARY_WORDS)
        + chapters * (ContextBudget.answerTokens(longestChapter(wordsPerChapter)) + LABEL_TOKENS)
        + ContextBudget.answerTokens(SUMMARY_WORDS + BOOK_SO_FAR_WORDS);
  }

  /** The synopsis call after the last arc: every arc's summary, and the blurb. */
  public int synopsisCall(int chapterCount, int arcLength) {
    int length = Math.max(1, arcLength);
    int arcs = (Math.max(1, chapterCount) + length - 1) / length;
    return ContextBudget.TEMPLATE_TOKENS
        + ContextBudget.wordTokens(SYNOPSIS_INSTRUCTION_WORDS)
        + arcs * (ContextBudget.answerTokens(SUMMARY_WORDS) + LABEL_TOKENS)
        + ContextBudget.answerTokens(SYNOPSIS_WORDS);
  }

  /**
   * The words of a beat and its ending in a book of so many chapters, at most: {@link
   * #PLAN_WORDS_PER_CHAPTER}, or {@link #SHORT_BEAT_WORDS} above {@link #SHORT_BEATS_ABOVE}
   * chapters.
   */
  public static int wordsPerBeat(int chapterCount) {
    return chapterCount > SHORT_BEATS_ABOVE ? SHORT_BEAT_WORDS : PLAN_WORDS_PER_CHAPTER;
  }

  /**
   * The words the first plan of a book runs to, at most, when it plans chapters 1 to {@code
   * through}: its title and main conflict, its cast, its beats, and where the rest goes when it
   * does not plan them all.
   */
  public static int firstPlanWords(int chapterCount, int through) {
    return PLAN_HEAD_WORDS
        + PLAN_CAST * PLAN_CAST_WORDS
        + through * wordsPerBeat(chapterCount)
        + (through < chapterCount ? PLAN_DIRECTION_WORDS : 0);
  }

  /** The words a later part of a book's plan runs to, at most: the beats of so many chapters. */
  public static int planPartWords(int chapterCount, int chapters) {
    return PLAN_PART_WORDS + chapters * wordsPerBeat(chapterCount);
  }

  /**
   * The album's part of a planning prompt: its heading and a line for each picture that serves a
   * chapter the call plans (one picture's line is part of its analysis, so at most that); none for
   * a book from one picture.
   */
  private static int albumForPlan(int pictures, int chapters) {
    if (pictures < 2) {
      return 0;
    }
    return ContextBudget.wordTokens(ALBUM_HEADING_WORDS)
        + Math.min(pictures, chapters)
            * (ContextBudget.answerTokens(ANALYSIS_WORDS) + LABEL_TOKENS);
  }

  /**
   * The first planning prompt: its instructions, the title, the analysis (an album's merged one)
   * and the album's pictures beside the chapters it plans.
   *
   * @param pictures the pictures the book grows from: 1, or an album's count
   */
  public int firstPlanPrompt(int chapterCount, int arcLength, int pictures) {
    return ContextBudget.TEMPLATE_TOKENS
        + ContextBudget.wordTokens(PLAN_INSTRUCTION_WORDS)
        + TITLE_TOKENS
        + analysisTokens(pictures)
        + albumForPlan(
            pictures, PlanRule.firstThrough(Math.max(1, arcLength), Math.max(1, chapterCount)));
  }

  /**
   * The first planning call: its prompt ({@link #firstPlanPrompt}) and the plan: title, cast, main
   * conflict, the beats of up to {@link PlanRule#AHEAD} chapters and, for a book planned in parts,
   * where the rest goes.
   */
  public int firstPlanCall(int chapterCount, int arcLength, int pictures) {
    return firstPlanPrompt(chapterCount, arcLength, pictures)
        + ContextBudget.answerTokens(
            firstPlanWords(
                chapterCount,
                PlanRule.firstThrough(Math.max(1, arcLength), Math.max(1, chapterCount))));
  }

  /**
   * The prompt of the largest later planning call of a book, which plans a part before its first
   * chapter (a book of more than {@link PlanRule#AHEAD} chapters; 0 for a shorter one): its
   * instructions, the title, the first plan's main conflict, cast and where the rest goes, the last
   * {@link #PLAN_BEATS_SHOWN} beats with their endings, the arc summaries as a chapter prompt
   * carries them, the story bible's section at its share ({@link #BIBLE_PLAN_TOKENS}) and the
   * album's pictures beside the part's chapters.
   */
  public int planPartPrompt(int chapterCount, int arcLength, int pictures) {
    if (chapterCount <= PlanRule.AHEAD) {
      return 0;
    }
    int through = PlanRule.firstThrough(Math.max(1, arcLength), Math.max(1, chapterCount));
    return ContextBudget.TEMPLATE_TOKENS
        + ContextBudget.wordTokens(PLAN_PART_INSTRUCTION_WORDS)
        + TITLE_TOKENS
        + ContextBudget.answerTokens(
            firstPlanWords(chapterCount, through) - through * wordsPerBeat(chapterCount))
        + PLAN_BEATS_SHOWN * (ContextBudget.wordTokens(PLAN_WORDS_PER_CHAPTER) + LABEL_TOKENS)
        + summariesTokens(chapterCount, arcLength)
        + ContextBudget.wordTokens(BIBLE_PLAN_HEADING_WORDS)
        + BIBLE_PLAN_TOKENS
        + albumForPlan(pictures, PlanRule.part(Math.max(1, arcLength)));
  }

  /**
   * The largest later planning call of a book: its prompt ({@link #planPartPrompt}) and the beats
   * of the largest part; 0 for a book planned in one call.
   */
  public int planPartCall(int chapterCount, int arcLength, int pictures) {
    if (chapterCount <= PlanRule.AHEAD) {
      return 0;
    }
    return planPartPrompt(chapterCount, arcLength, pictures)
        + ContextBudget.answerTokens(
            planPartWords(chapterCount, PlanRule.part(Math.max(1, arcLength))));
  }

  /**
   * The largest planning call of a book, prompt and answer: the first plan, or a later part's.
   *
   * @param pictures the pictures the book grows from: 1, or an album's count
   */
  public int planCall(int chapterCount, int arcLength, int pictures) {
    return Math.max(
        firstPlanCall(chapterCount, arcLength, pictures),
        planPartCall(chapterCount, arcLength, pictures));
  }

  /**
   * Whether every call of a book of this shape fits the context.
   *
   * @param pictures the pictures the book grows from: 1, or an album's count
   */
  public boolean bookFits(int wordsPerChapter, int chapterCount, int arcLength, int pictures) {
    return context.fits(visionCall())
        && context.fits(planCall(chapterCount, arcLength, pictures))
        && context.fits(chapterCall(wordsPerChapter, chapterCount, arcLength, pictures))
        && context.fits(judgeCall(wordsPerChapter))
        && context.fits(summaryCall(wordsPerChapter, chapterCount, arcLength))
        && context.fits(synopsisCall(chapterCount, arcLength));
  }

  /**
   * The largest target length, at most {@code upTo} words, at which every call of a book of this
   * shape fits the context; 0 when none does.
   */
  public int largestWordsPerChapter(int chapterCount, int arcLength, int pictures, int upTo) {
    // Every call grows with the words, so the words that fit are the ones below a threshold.
    int low = 0;
    int high = upTo;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (bookFits(mid, chapterCount, arcLength, pictures)) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }
}
