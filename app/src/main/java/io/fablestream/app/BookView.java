package io.fablestream.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.fablestream.schemas.ArcRule;
import io.fablestream.schemas.AwaitRule;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.PlanRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What is known of one book at one revision, built from every event about it: the read model behind
 * {@code GET /books/{id}}, the server-sent events and the CLI's progress. Immutable; {@link
 * BookViewAggregator} makes the next one from an event.
 *
 * <p>It is made of parts that change together: the {@link Request} (what was asked for), the {@link
 * Story} (what the line has made of it so far) and the {@link Outcome} (how the revision ended). In
 * JSON their fields sit at the top level, beside the view's own, under the names the API has always
 * had ({@code BookViewJsonTest} holds them).
 *
 * @param bookId the book's id
 * @param stage how far this revision has come
 * @param revision which revision of the book this is: 1 as first written, then 2, 3, ...
 * @param request what was asked for
 * @param story what has been made of it so far
 * @param outcome how this revision ended; {@link Outcome#NONE} while it goes on
 * @param updatedAt when the last event that changed the view happened (its own time, else its
 *     record's), epoch milliseconds
 * @param lastEvent what happened last, for example {@code chapter.written}
 * @param revisions every revision known, oldest first (at most {@value #MAX_REVISIONS})
 */
public record BookView(
    String bookId,
    Stage stage,
    int revision,
    @JsonUnwrapped Request request,
    @JsonUnwrapped Story story,
    @JsonUnwrapped Outcome outcome,
    long updatedAt,
    String lastEvent,
    List<Revision> revisions) {

  /** How far a revision has come; the first two only before any chapter is written. */
  public enum Stage {
    SUBMITTED,
    ANALYZED,
    WRITING,
    COMPLETED,
    FAILED;

    /** Whether a revision at this stage has its outcome: completed or failed. */
    public boolean finished() {
      return this == COMPLETED || this == FAILED;
    }
  }

  /**
   * The most revisions a view lists: past it the oldest go, but never the current one nor the last
   * completed one. Refused requests are entries too, so any producer could grow the list.
   */
  public static final int MAX_REVISIONS = 50;

  /**
   * Normalises what an older view in the store lacks (revision 1, no list of revisions) and keeps
   * the current revision's entry in {@link #revisions} at the view's own stage.
   */
  public BookView {
    stage = stage == null ? Stage.SUBMITTED : stage;
    revision = Math.max(1, revision);
    request = request == null ? Request.UNKNOWN : request;
    story = story == null ? Story.NONE : story;
    outcome = outcome == null ? Outcome.NONE : outcome;
    revisions = listed(revisions == null ? List.of() : revisions, revision, stage);
  }

  /** A book nothing is known of yet but its id. */
  public static BookView empty(String bookId) {
    return new BookView(
        bookId, Stage.SUBMITTED, 1, Request.UNKNOWN, Story.NONE, Outcome.NONE, 0, null, List.of());
  }

  /** Whether this revision has its outcome: completed or failed. */
  public boolean finished() {
    return stage.finished();
  }

  /** The newest revision that completed, or 0 when none has. */
  public int completedRevision() {
    return revisions.stream()
        .filter(r -> r.stage() == Stage.COMPLETED)
        .mapToInt(Revision::revision)
        .max()
        .orElse(0);
  }

  /**
   * The number the next revision must have, as chapter-service counts: one past every revision that
   * was begun (completed, being written, or failed midway); a refused request begins none.
   */
  public int nextRevision() {
    return revisions.stream()
            .filter(r -> !r.refused())
            .mapToInt(Revision::revision)
            .max()
            .orElse(revision)
        + 1;
  }

  /** This view's entry for a revision, if it lists one. */
  public Optional<Revision> revisionEntry(int number) {
    return revisions.stream().filter(r -> r.revision() == number).findFirst();
  }

  /** What the book waits for next, in words; null once it is finished. */
  @JsonProperty("waitingFor")
  public String waitingFor() {
    if (finished()) {
      return null;
    }
    if (story.analysis() == null) {
      return "the analyzer: the vision model reading the picture";
    }
    List<Chapter> chapters = story.chapters();
    int chapterCount = request.chapterCount();
    int written = chapters.isEmpty() ? 0 : chapters.get(chapters.size() - 1).number();
    if (written == 0 && story.plan() != null && !story.plan().approved()) {
      return "a person to approve the plan (POST /books/" + bookId + "/plan)";
    }
    if (written == 0) {
      return "chapter 1 of " + chapterCount + " (the text model)";
    }
    int next = written + 1;
    Optional<String> awaited =
        AwaitRule.after(
                written,
                story.indexedThrough(),
                story::summarizedThrough,
                story.synopsis() != null,
                request.arcLength(),
                chapterCount)
            .map(
                awaits ->
                    switch (awaits) {
                      case INDEXED -> "chapter " + written + " to be indexed in story memory";
                      case ARC_SUMMARY ->
                          "the summary of chapters "
                              + ArcRule.arcStart(written, request.arcLength())
                              + "-"
                              + written
                              + (written == chapterCount ? " and the synopsis" : "");
                      case SYNOPSIS -> "the synopsis";
                    });
    if (awaited.isPresent()) {
      return awaited.get();
    }
    if (written >= chapterCount) {
      return "the finished book to be published";
    }
    String chapter = "chapter " + next + " of " + chapterCount + " (the text model)";
    if (story.plan() != null
        && PlanRule.extendsAt(next, request.arcLength(), chapterCount)
        && story.plan().beats().stream().noneMatch(b -> b.chapter() == next)) {
      // A long book's plan is extended before this chapter (PlanRule); once the answer is in,
      // its beats are shown, or, when it failed, the chapter is being written without them.
      return "the text model to plan chapters "
          + next
          + "-"
          + PlanRule.partEnd(next, request.arcLength(), chapterCount)
          + ", then "
          + chapter;
    }
    return chapter;
  }

  /** The view at another stage. */
  public BookView withStage(Stage stage) {
    return new BookView(
        bookId, stage, revision, request, story, outcome, updatedAt, lastEvent, revisions);
  }

  /** The view at another revision (its entry in {@link #revisions} is added if missing). */
  public BookView withRevision(int revision) {
    return new BookView(
        bookId, stage, revision, request, story, outcome, updatedAt, lastEvent, revisions);
  }

  /** The view with what was asked for, as now known. */
  public BookView withRequest(Request request) {
    return new BookView(
        bookId, stage, revision, request, story, outcome, updatedAt, lastEvent, revisions);
  }

  /** The view with what has been made so far. */
  public BookView withStory(Story story) {
    return new BookView(
        bookId, stage, revision, request, story, outcome, updatedAt, lastEvent, revisions);
  }

  /** The view with how its revision ended, or {@link Outcome#NONE}. */
  public BookView withOutcome(Outcome outcome) {
    return new BookView(
        bookId, stage, revision, request, story, outcome, updatedAt, lastEvent, revisions);
  }

  /** The view after an event: what happened, for example {@code chapter.written}. */
  public BookView withLastEvent(String lastEvent) {
    return new BookView(
        bookId, stage, revision, request, story, outcome, updatedAt, lastEvent, revisions);
  }

  /** The view with when the last event happened, epoch milliseconds. */
  public BookView withUpdatedAt(long updatedAt) {
    return new BookView(
        bookId, stage, revision, request, story, outcome, updatedAt, lastEvent, revisions);
  }

  /** The view with this list of revisions. */
  public BookView withRevisions(List<Revision> revisions) {
    return new BookView(
        bookId, stage, revision, request, story, outcome, updatedAt, lastEvent, revisions);
  }

  /** The view with one revision's entry added, or put in place of the one of its number. */
  public BookView withRevisionEntry(Revision entry) {
    List<Revision> next = new ArrayList<>(revisions);
    next.removeIf(r -> r.revision() == entry.revision());
    next.add(entry);
    return withRevisions(next);
  }

  /**
   * The list sorted, with the current revision's entry at the view's stage, bounded to {@link
   * #MAX_REVISIONS}.
   */
  private static List<Revision> listed(List<Revision> given, int revision, Stage stage) {
    List<Revision> list = new ArrayList<>(given);
    Optional<Revision> current = list.stream().filter(r -> r.revision() == revision).findFirst();
    list.removeIf(r -> r.revision() == revision);
    list.add(
        current
            .map(r -> r.withStage(stage))
            .orElse(new Revision(revision, stage, null, null, false, null, null)));
    list.sort(Comparator.comparingInt(Revision::revision));
    int lastCompleted =
        list.stream()
            .filter(r -> r.stage() == Stage.COMPLETED)
            .mapToInt(Revision::revision)
            .max()
            .orElse(0);
    for (int i = 0; list.size() > MAX_REVISIONS && i < list.size(); ) {
      int number = list.get(i).revision();
      if (number == revision || number == lastCompleted) {
        i++;
      } else {
        list.remove(i);
      }
    }
    return List.copyOf(list);
  }

  /**
   * What was asked for, as far as the line has said.
   *
   * @param title the requested title, then the plan's when none was asked for, then the finished
   *     book's
   * @param language the book's language, a BCP 47 tag; null before the request is seen
   * @param chapterCount how many chapters were asked for
   * @param arcLength chapters per arc
   * @param wordsPerChapter the target length of a chapter
   * @param requestedBy who asked for the book, or null
   * @param submittedAt when the request was made, epoch milliseconds; 0 when not seen
   */
  public record Request(
      String title,
      String language,
      int chapterCount,
      int arcLength,
      int wordsPerChapter,
      String requestedBy,
      long submittedAt) {

    /** Nothing seen of the request yet. */
    public static final Request UNKNOWN = new Request(null, null, 0, 0, 0, null, 0);

    /** The request with another title. */
    public Request withTitle(String title) {
      return new Request(
          title, language, chapterCount, arcLength, wordsPerChapter, requestedBy, submittedAt);
    }

    /** The request with another chapter count. */
    public Request withChapterCount(int chapterCount) {
      return new Request(
          title, language, chapterCount, arcLength, wordsPerChapter, requestedBy, submittedAt);
    }
  }

  /**
   * What the line has made of the request so far.
   *
   * @param analysis the picture's analysis, or null before it
   * @param plan the book's plan (cast, main conflict, a beat per chapter), or null before it
   * @param chapters the chapters written so far, by number
   * @param indexedThrough the highest chapter confirmed in story memory, 0 for none
   * @param summaries the arc summaries so far, by their last chapter
   * @param synopsis the whole book's blurb, which comes with the last arc's summary; or null
   * @param bible the finished book's story bible (docs/bible.md), or null before it is finished
   */
  public record Story(
      Analysis analysis,
      Plan plan,
      List<Chapter> chapters,
      int indexedThrough,
      List<Summary> summaries,
      String synopsis,
      BibleView bible) {

    /** Nothing made yet. */
    public static final Story NONE = new Story(null, null, List.of(), 0, List.of(), null, null);

    /** Sorts the chapters by number and the summaries by their last chapter. */
    public Story {
      chapters =
          (chapters == null ? List.<Chapter>of() : chapters)
              .stream().sorted(Comparator.comparingInt(Chapter::number)).toList();
      summaries =
          (summaries == null ? List.<Summary>of() : summaries)
              .stream().sorted(Comparator.comparingInt(Summary::throughChapter)).toList();
    }

    /** The story with the picture's analysis. */
    public Story withAnalysis(Analysis analysis) {
      return new Story(analysis, plan, chapters, indexedThrough, summaries, synopsis, bible);
    }

    /** The story with the book's plan. */
    public Story withPlan(Plan plan) {
      return new Story(analysis, plan, chapters, indexedThrough, summaries, synopsis, bible);
    }

    /** The story with one chapter added, or put in place of the one of its number. */
    public Story withChapter(Chapter chapter) {
      List<Chapter> next = new ArrayList<>(chapters);
      next.removeIf(c -> c.number() == chapter.number());
      next.add(chapter);
      return new Story(analysis, plan, next, indexedThrough, summaries, synopsis, bible);
    }

    /** The story with the highest chapter confirmed in story memory. */
    public Story withIndexedThrough(int indexedThrough) {
      return new Story(analysis, plan, chapters, indexedThrough, summaries, synopsis, bible);
    }

    /** The story with one arc summary added, or put in place of the one of the same arc. */
    public Story withSummary(Summary summary) {
      List<Summary> next = new ArrayList<>(summaries);
      next.removeIf(s -> s.throughChapter() == summary.throughChapter());
      next.add(summary);
      return new Story(analysis, plan, chapters, indexedThrough, next, synopsis, bible);
    }

    /** The story with the book's synopsis, or null. */
    public Story withSynopsis(String synopsis) {
      return new Story(analysis, plan, chapters, indexedThrough, summaries, synopsis, bible);
    }

    /** The story with the finished book's bible, or null. */
    public Story withBible(BibleView bible) {
      return new Story(analysis, plan, chapters, indexedThrough, summaries, synopsis, bible);
    }

    /**
     * What a revision from chapter {@code from} keeps: the chapters and arcs before it, what they
     * set in the bible, no synopsis.
     */
    public Story before(int from) {
      return new Story(
          analysis,
          plan,
          chapters.stream().filter(c -> c.number() < from).toList(),
          Math.min(indexedThrough, from - 1),
          summaries.stream().filter(s -> s.throughChapter() < from).toList(),
          null,
          bible == null ? null : bible.before(from));
    }

    boolean summarizedThrough(int chapter) {
      return summaries.stream().anyMatch(s -> s.throughChapter() == chapter);
    }
  }

  /**
   * How a revision ended.
   *
   * @param failure why this revision failed, or null
   * @param stats what the finished revision cost, or null
   * @param quality the finished revision's quality report (docs/quality.md), or null
   */
  public record Outcome(Failure failure, Stats stats, QualityView quality) {
    /** Not ended, or ended with nothing to say. */
    public static final Outcome NONE = new Outcome(null, null, null);

    /** The outcome with why the revision failed. */
    public Outcome withFailure(Failure failure) {
      return new Outcome(failure, stats, quality);
    }
  }

  /**
   * The book's plan, from BookPlanned.
   *
   * @param revision the plan's revision, 1 for the model's
   * @param approved whether the book is written from it
   * @param title the plan's title of the book
   * @param cast the named characters
   * @param mainConflict the conflict the last chapter resolves
   * @param beats one per chapter, in order
   */
  public record Plan(
      int revision,
      boolean approved,
      String title,
      List<PlannedCharacter> cast,
      String mainConflict,
      List<Beat> beats) {}

  /** A named character of the plan and who they are, in one line. */
  public record PlannedCharacter(String name, String line) {}

  /**
   * What a chapter of the plan does, and how it ends.
   *
   * @param picture the place in the album (1 is the request's picture) of the picture the chapter
   *     grows from, as the plan placed it
   */
  public record Beat(int chapter, String beat, String ending, int picture) {
    public Beat {
      picture = Math.max(1, picture);
    }

    /** A beat of a book from one picture. */
    public Beat(int chapter, String beat, String ending) {
      this(chapter, beat, ending, 1);
    }
  }

  /** The picture as the vision model saw it. */
  public record Analysis(
      String setting,
      List<String> characters,
      String mood,
      List<String> objects,
      List<String> potentialConflicts) {}

  /**
   * One chapter.
   *
   * @param attempts how many times it was written, 1 when the first draft passed
   * @param edited true when a person wrote it (a revision's own text), taken as written
   * @param validation how it fared against the validation layer, or null when not known
   * @param revision the revision that last wrote it
   * @param picture the place in the album (1 is the request's picture) of the picture it grows
   *     from; 1 for a book from one picture; while the book is written, as its plan placed it (the
   *     finished book says)
   * @param illustration its illustration, or null when it has none (yet)
   * @param illustrationFailure why it has no illustration though illustrations were on (a reason
   *     code), or null
   */
  public record Chapter(
      int number,
      String title,
      String text,
      int wordCount,
      int attempts,
      boolean edited,
      Validation validation,
      int revision,
      int picture,
      Illustration illustration,
      String illustrationFailure) {
    public Chapter {
      revision = Math.max(1, revision);
      picture = Math.max(1, picture);
    }

    /** A chapter from the first picture, with no illustration. */
    public Chapter(
        int number,
        String title,
        String text,
        int wordCount,
        int attempts,
        boolean edited,
        Validation validation,
        int revision) {
      this(number, title, text, wordCount, attempts, edited, validation, revision, 1, null, null);
    }

    /** A chapter of the first writing, as a finished book lists it, with nothing else known. */
    public Chapter(int number, String title, String text, int wordCount) {
      this(number, title, text, wordCount, 0, false, null, 1);
    }

    /** The chapter with its illustration. */
    public Chapter withIllustration(Illustration illustration) {
      return new Chapter(
          number,
          title,
          text,
          wordCount,
          attempts,
          edited,
          validation,
          revision,
          picture,
          illustration,
          illustration == null ? illustrationFailure : null);
    }
  }

  /**
   * Where a chapter's illustration is served, and what it is (BookChapter's IllustrationRef).
   *
   * @param path the API path, relative to the API's base: {@code
   *     /books/{id}/chapters/{n}/illustration}
   * @param contentType the image's media type
   * @param size its size in bytes
   * @param width its width in pixels, 0 when unknown
   * @param height its height in pixels, 0 when unknown
   * @param alt a description for a reader who cannot see it
   */
  public record Illustration(
      String path, String contentType, int size, int width, int height, String alt) {
    public Illustration {
      alt = alt == null ? "" : alt;
    }

    /** The API path of a chapter's illustration. */
    public static String path(String bookId, int chapter) {
      return "/books/" + bookId + "/chapters/" + chapter + "/illustration";
    }
  }

  /** How a chapter fared: the judge's mood score, the conflicts it advanced, what failed. */
  public record Validation(
      double moodScore,
      int conflictCount,
      boolean passed,
      List<String> notes,
      List<String> advancedConflicts) {}

  /** One arc summary. */
  public record Summary(int fromChapter, int throughChapter, String summary) {}

  /** Why a book failed: the stage, the stable reason code, a message for a person. */
  public record Failure(String stage, String reason, String message, Integer chapterNumber) {}

  /**
   * What a finished book cost: the text model's calls, and apart from them the image model's
   * drawings of its illustrations (0 for a book without illustrations).
   */
  public record Stats(
      long promptTokens,
      long outputTokens,
      long modelTimeMs,
      long wallTimeMs,
      int modelCalls,
      int imageCalls,
      long imageTimeMs) {}

  /**
   * One revision of the book.
   *
   * @param revision its number, 1 for the first writing
   * @param stage how far it has come: WRITING, COMPLETED, FAILED (also a refused request), ...
   * @param fromChapter the first chapter it changes; null for the first writing
   * @param instruction the note for the model, or null (a person's text, or the first writing)
   * @param edited true when a person gave the text of {@code fromChapter}
   * @param requestedAt when it was asked for, epoch milliseconds; null for the first writing
   * @param failure why it failed or was refused, or null
   */
  public record Revision(
      int revision,
      Stage stage,
      Integer fromChapter,
      String instruction,
      boolean edited,
      Long requestedAt,
      Failure failure) {

    /** The entry at another stage. */
    public Revision withStage(Stage stage) {
      return new Revision(revision, stage, fromChapter, instruction, edited, requestedAt, failure);
    }

    /** The entry failed (or refused), and why. */
    public Revision failedWith(Failure why) {
      return new Revision(
          revision, Stage.FAILED, fromChapter, instruction, edited, requestedAt, why);
    }

    /** Whether this was a request chapter-service refused: it began no revision. */
    public boolean refused() {
      return stage == Stage.FAILED
          && failure != null
          && FailureReason.INVALID_REVISION.name().equals(failure.reason());
    }
  }
}
