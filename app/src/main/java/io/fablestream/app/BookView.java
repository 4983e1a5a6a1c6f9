package io.fablestream.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fablestream.schemas.ArcRule;
import io.fablestream.schemas.FailureReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What is known of one book at one revision, built from every event about it: the read model behind
 * {@code GET /books/{id}}, the server-sent events and the CLI's progress. Immutable; {@link
 * BookViewAggregator} makes the next one from an event. The names are the API's contract
 * (openapi.json; the studio's web/src/types.ts, held to it by StudioContractTest).
 *
 * @param bookId the book's id
 * @param stage SUBMITTED, ANALYZED, WRITING, COMPLETED or FAILED
 * @param revision which revision of the book this is: 1 as first written, then 2, 3, ...
 * @param title the requested title, then the finished book's
 * @param language the book's language, a BCP 47 tag; null before the request is seen
 * @param chapterCount how many chapters were asked for
 * @param arcLength chapters per arc
 * @param wordsPerChapter the target length of a chapter
 * @param requestedBy who asked for the book, or null
 * @param submittedAt when the request was made, epoch milliseconds; 0 when not seen
 * @param updatedAt when the last event that changed the view happened (its own time, else its
 *     record's), epoch milliseconds
 * @param lastEvent what happened last, for example {@code chapter.written}
 * @param analysis the picture's analysis, or null before it
 * @param chapters the chapters written so far, by number
 * @param indexedThrough the highest chapter confirmed in story memory, 0 for none
 * @param summaries the arc summaries so far, in order
 * @param synopsis the whole book's blurb, which comes with the last arc's summary; or null
 * @param failure why this revision failed, or null
 * @param stats what the finished revision cost, or null
 * @param revisions every revision known, oldest first (at most {@value #MAX_REVISIONS})
 * @param quality the finished revision's quality report (docs/quality.md), or null
 * @param plan the book's plan (cast, main conflict, a beat per chapter), or null before it
 */
public record BookView(
    String bookId,
    String stage,
    int revision,
    String title,
    String language,
    int chapterCount,
    int arcLength,
    int wordsPerChapter,
    String requestedBy,
    long submittedAt,
    long updatedAt,
    String lastEvent,
    Analysis analysis,
    List<Chapter> chapters,
    int indexedThrough,
    List<Summary> summaries,
    String synopsis,
    Failure failure,
    Stats stats,
    List<Revision> revisions,
    QualityView quality,
    Plan plan) {

  public static final String SUBMITTED = "SUBMITTED";
  public static final String ANALYZED = "ANALYZED";
  public static final String WRITING = "WRITING";
  public static final String COMPLETED = "COMPLETED";
  public static final String FAILED = "FAILED";

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
    revision = Math.max(1, revision);
    chapters = List.copyOf(chapters == null ? List.of() : chapters);
    summaries = List.copyOf(summaries == null ? List.of() : summaries);
    revisions = listed(revisions == null ? List.of() : revisions, revision, stage);
  }

  /** A book nothing is known of yet but its id. */
  public static BookView empty(String bookId) {
    return new BookView(
        bookId, SUBMITTED, 1, null, null, 0, 0, 0, null, 0, 0, null, null, List.of(), 0, List.of(),
        null, null, null, List.of(), null, null);
  }

  /** Whether this revision has its outcome: completed or failed. */
  public boolean finished() {
    return COMPLETED.equals(stage) || FAILED.equals(stage);
  }

  /** The newest revision that completed, or 0 when none has. */
  public int completedRevision() {
    return revisions.stream()
        .filter(r -> COMPLETED.equals(r.stage()))
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
    if (analysis == null) {
      return "the analyzer: the vision model reading the picture";
    }
    int written = chapters.isEmpty() ? 0 : chapters.get(chapters.size() - 1).number();
    if (written == 0 && plan != null && !plan.approved()) {
      return "a person to approve the plan (POST /books/" + bookId + "/plan)";
    }
    if (written == 0) {
      return "chapter 1 of " + chapterCount + " (the text model)";
    }
    if (indexedThrough < written) {
      return "chapter " + written + " to be indexed in story memory";
    }
    // Every arc is summarised, the last one included, and the synopsis comes with the last.
    if (ArcRule.endsArc(written, arcLength, chapterCount) && !summarizedThrough(written)) {
      return "the summary of chapters "
          + ArcRule.arcStart(written, arcLength)
          + "-"
          + written
          + (written == chapterCount ? " and the synopsis" : "");
    }
    if (written < chapterCount) {
      return "chapter " + (written + 1) + " of " + chapterCount + " (the text model)";
    }
    return "the finished book to be published";
  }

  private boolean summarizedThrough(int chapter) {
    return summaries.stream().anyMatch(s -> s.throughChapter() == chapter);
  }

  /** The view with another stage. */
  public BookView withStage(String stage) {
    return edit(d -> d.stage = stage);
  }

  /** The view at another revision (its entry in {@link #revisions} is added if missing). */
  public BookView withRevision(int revision) {
    return edit(d -> d.revision = revision);
  }

  /** The view with another title. */
  public BookView withTitle(String title) {
    return edit(d -> d.title = title);
  }

  /** The view with the book's language. */
  public BookView withLanguage(String language) {
    return edit(d -> d.language = language);
  }

  /** The view with the book's shape as requested. */
  public BookView withShape(int chapterCount, int arcLength, int wordsPerChapter) {
    return edit(
        d -> {
          d.chapterCount = chapterCount;
          d.arcLength = arcLength;
          d.wordsPerChapter = wordsPerChapter;
        });
  }

  /** The view with another chapter count. */
  public BookView withChapterCount(int chapterCount) {
    return edit(d -> d.chapterCount = chapterCount);
  }

  /** The view with who asked for the book. */
  public BookView withRequestedBy(String requestedBy) {
    return edit(d -> d.requestedBy = requestedBy);
  }

  /** The view with the request's time, epoch milliseconds. */
  public BookView withSubmittedAt(long submittedAt) {
    return edit(d -> d.submittedAt = submittedAt);
  }

  /** The view with when the last event happened, epoch milliseconds. */
  public BookView withUpdatedAt(long updatedAt) {
    return edit(d -> d.updatedAt = updatedAt);
  }

  /** The view with what happened last. */
  public BookView withLastEvent(String lastEvent) {
    return edit(d -> d.lastEvent = lastEvent);
  }

  /** The view with the picture's analysis. */
  public BookView withAnalysis(Analysis analysis) {
    return edit(d -> d.analysis = analysis);
  }

  /** The view with these chapters (sorted by number). */
  public BookView withChapters(List<Chapter> chapters) {
    List<Chapter> sorted = new ArrayList<>(chapters);
    sorted.sort(Comparator.comparingInt(Chapter::number));
    return edit(d -> d.chapters = sorted);
  }

  /** The view with one chapter added, or put in place of the one of its number. */
  public BookView withChapter(Chapter chapter) {
    List<Chapter> next = new ArrayList<>(chapters);
    next.removeIf(c -> c.number() == chapter.number());
    next.add(chapter);
    return withChapters(next);
  }

  /** The view with the highest chapter confirmed in story memory. */
  public BookView withIndexedThrough(int indexedThrough) {
    return edit(d -> d.indexedThrough = indexedThrough);
  }

  /** The view with these arc summaries (sorted by their last chapter). */
  public BookView withSummaries(List<Summary> summaries) {
    List<Summary> sorted = new ArrayList<>(summaries);
    sorted.sort(Comparator.comparingInt(Summary::throughChapter));
    return edit(d -> d.summaries = sorted);
  }

  /** The view with one arc summary added, or put in place of the one of the same arc. */
  public BookView withSummary(Summary summary) {
    List<Summary> next = new ArrayList<>(summaries);
    next.removeIf(s -> s.throughChapter() == summary.throughChapter());
    next.add(summary);
    return withSummaries(next);
  }

  /** The view with the book's synopsis, or null. */
  public BookView withSynopsis(String synopsis) {
    return edit(d -> d.synopsis = synopsis);
  }

  /** The view with why this revision failed, or null. */
  public BookView withFailure(Failure failure) {
    return edit(d -> d.failure = failure);
  }

  /** The view with what the finished revision cost, or null. */
  public BookView withStats(Stats stats) {
    return edit(d -> d.stats = stats);
  }

  /** The view with the finished revision's quality report, or null. */
  public BookView withQuality(QualityView quality) {
    return edit(d -> d.quality = quality);
  }

  /** The view with the book's plan, or null. */
  public BookView withPlan(Plan plan) {
    return edit(d -> d.plan = plan);
  }

  /** The view with this list of revisions. */
  public BookView withRevisions(List<Revision> revisions) {
    return edit(d -> d.revisions = revisions);
  }

  /** The view with one revision's entry added, or put in place of the one of its number. */
  public BookView withRevisionEntry(Revision entry) {
    List<Revision> next = new ArrayList<>(revisions);
    next.removeIf(r -> r.revision() == entry.revision());
    next.add(entry);
    return withRevisions(next);
  }

  private BookView edit(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.view();
  }

  /**
   * The list sorted, with the current revision's entry at the view's stage, bounded to {@link
   * #MAX_REVISIONS}.
   */
  private static List<Revision> listed(List<Revision> given, int revision, String stage) {
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
            .filter(r -> COMPLETED.equals(r.stage()))
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

  /** A view's fields, changed one by one before the next view is made of them. */
  private static final class Draft {
    String bookId;
    String stage;
    int revision;
    String title;
    String language;
    int chapterCount;
    int arcLength;
    int wordsPerChapter;
    String requestedBy;
    long submittedAt;
    long updatedAt;
    String lastEvent;
    Analysis analysis;
    List<Chapter> chapters;
    int indexedThrough;
    List<Summary> summaries;
    String synopsis;
    Failure failure;
    Stats stats;
    List<Revision> revisions;
    QualityView quality;
    Plan plan;

    Draft(BookView v) {
      bookId = v.bookId;
      stage = v.stage;
      revision = v.revision;
      title = v.title;
      language = v.language;
      chapterCount = v.chapterCount;
      arcLength = v.arcLength;
      wordsPerChapter = v.wordsPerChapter;
      requestedBy = v.requestedBy;
      submittedAt = v.submittedAt;
      updatedAt = v.updatedAt;
      lastEvent = v.lastEvent;
      analysis = v.analysis;
      chapters = v.chapters;
      indexedThrough = v.indexedThrough;
      summaries = v.summaries;
      synopsis = v.synopsis;
      failure = v.failure;
      stats = v.stats;
      revisions = v.revisions;
      quality = v.quality;
      plan = v.plan;
    }

    BookView view() {
      return new BookView(
          bookId,
          stage,
          revision,
          title,
          language,
          chapterCount,
          arcLength,
          wordsPerChapter,
          requestedBy,
          submittedAt,
          updatedAt,
          lastEvent,
          analysis,
          chapters,
          indexedThrough,
          summaries,
          synopsis,
          failure,
          stats,
          revisions,
          quality,
          plan);
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

  /** What a chapter of the plan does, and how it ends. */
  public record Beat(int chapter, String beat, String ending) {}

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
   */
  public record Chapter(
      int number,
      String title,
      String text,
      int wordCount,
      int attempts,
      boolean edited,
      Validation validation,
      int revision) {
    public Chapter {
      revision = Math.max(1, revision);
    }

    /** A chapter of the first writing, as a finished book lists it, with nothing else known. */
    public Chapter(int number, String title, String text, int wordCount) {
      this(number, title, text, wordCount, 0, false, null, 1);
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

  /** What a finished book cost. */
  public record Stats(
      long promptTokens, long outputTokens, long modelTimeMs, long wallTimeMs, int modelCalls) {}

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
      String stage,
      Integer fromChapter,
      String instruction,
      boolean edited,
      Long requestedAt,
      Failure failure) {

    /** The entry at another stage. */
    public Revision withStage(String stage) {
      return new Revision(revision, stage, fromChapter, instruction, edited, requestedAt, failure);
    }

    /** The entry failed (or refused), and why. */
    public Revision failedWith(Failure why) {
      return new Revision(revision, FAILED, fromChapter, instruction, edited, requestedAt, why);
    }

    /** Whether this was a request chapter-service refused: it began no revision. */
    public boolean refused() {
      return FAILED.equals(stage)
          && failure != null
          && FailureReason.INVALID_REVISION.name().equals(failure.reason());
    }
  }
}
