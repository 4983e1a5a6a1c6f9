package io.fablestream.app;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.ArcSummary;
import io.fablestream.events.BibleCharacter;
import io.fablestream.events.BibleFact;
import io.fablestream.events.BibleThread;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.BookStats;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterValidation;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.CharacterChange;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.events.ModelUsage;
import io.fablestream.events.PlannedBeat;
import io.fablestream.events.PlannedCharacter;
import io.fablestream.events.StoryBible;
import io.fablestream.platform.events.TestChapters;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Events of one book as the services would write them. */
final class TestEvents {
  static final Instant SUBMITTED_AT = Instant.parse("2026-11-23T10:00:00Z");

  private TestEvents() {}

  static ImageSubmitted submitted(String bookId, int chapters, int arcLength) {
    return ImageSubmitted.newBuilder()
        .setBookId(bookId)
        .setSubmittedAt(SUBMITTED_AT)
        .setImage(
            ImageRef.newBuilder()
                .setContentType("image/png")
                .setData(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .build())
        .setChapterCount(chapters)
        .setArcLength(arcLength)
        .setWordsPerChapter(100)
        .build();
  }

  /** Book b's plan: two beats, approved, planned five seconds after the request. */
  static BookPlanned planned(String bookId) {
    // A topic's serde makes Avro trust our classes, as every process of the line does first.
    io.fablestream.schemas.Topics.BOOKS_PLANNED.valueSerde();
    return BookPlanned.newBuilder()
        .setBookId(bookId)
        .setTitle("The Shelf")
        .setCast(List.of(new PlannedCharacter("Chelsea", "a tabby cat")))
        .setMainConflict("the fish on the high shelf")
        .setBeats(
            List.of(
                new PlannedBeat(1, "Chelsea sees the fish", "too high", 1),
                new PlannedBeat(2, "She climbs the yarn", "", 1)))
        .setModel("llama3.1:8b")
        .setPlannedAt(SUBMITTED_AT.plusSeconds(5))
        .build();
  }

  /** How a chapter fares when its mood is below the judge's threshold. */
  static ChapterValidation belowTheMood() {
    return ChapterValidation.newBuilder()
        .setMoodScore(0.4)
        .setConflictCount(1)
        .setPassed(false)
        .setNotes(List.of("mood 0.40 is below 0.6"))
        .setAdvancedConflicts(List.of("the cat wants the fish"))
        .setContradictions(List.of())
        .build();
  }

  static ImageAnalysis analysis() {
    return analysis("A sunlit kitchen.", "curious", "a chair", "the cat wants the fish");
  }

  /** A picture of a tabby cat, read as this setting, mood, object and conflict. */
  static ImageAnalysis analysis(String setting, String mood, String object, String conflict) {
    return ImageAnalysis.newBuilder()
        .setSetting(setting)
        .setCharacters(List.of("a tabby cat"))
        .setMood(mood)
        .setObjects(List.of(object))
        .setPotentialConflicts(List.of(conflict))
        .build();
  }

  static ModelUsage usage() {
    return ModelUsage.newBuilder()
        .setPromptTokens(10)
        .setOutputTokens(20)
        .setDurationMs(30)
        .build();
  }

  static AnalysisReady analyzed(String bookId, int chapters, int arcLength) {
    return AnalysisReady.newBuilder()
        .setBookId(bookId)
        .setSubmittedAt(SUBMITTED_AT)
        .setChapterCount(chapters)
        .setArcLength(arcLength)
        .setWordsPerChapter(100)
        .setAnalysis(analysis())
        .setModel("llava:7b")
        .setUsage(usage())
        .build();
  }

  static ChapterWritten chapter(String bookId, int n, int of) {
    return TestChapters.written(bookId, n, of, "Text of chapter " + n + ".")
        .setTitle("Chapter title " + n)
        .setUsage(usage())
        .build();
  }

  static ChapterIndexed indexed(String bookId, int n) {
    return ChapterIndexed.newBuilder()
        .setBookId(bookId)
        .setChapterNumber(n)
        .setChunkCount(1)
        .setChunks(List.of())
        .build();
  }

  static ArcSummarized arc(String bookId, int from, int through) {
    return ArcSummarized.newBuilder()
        .setBookId(bookId)
        .setFromChapter(from)
        .setThroughChapter(through)
        .setSummary("Arc " + from + "-" + through + ".")
        .setModel("llama3.1:8b")
        .setUsage(usage())
        .build();
  }

  /**
   * A finished book's story bible: the cat from the picture (chapter 0), who changes in chapter 3;
   * the stranger from chapter 2; a fact of the picture and one of chapters 2 and 3; a thread of the
   * picture resolved in chapter 3, and one opened in chapter 2.
   */
  static StoryBible bible() {
    return StoryBible.newBuilder()
        .setCast(
            List.of(
                BibleCharacter.newBuilder()
                    .setName("Mina")
                    .setAliases(List.of("the cat"))
                    .setDescription("A grey cat who wants the fish.")
                    .setFirstChapter(0)
                    .setChanges(
                        List.of(
                            CharacterChange.newBuilder()
                                .setChapter(3)
                                .setChange("learns to ask")
                                .build()))
                    .build(),
                BibleCharacter.newBuilder()
                    .setName("Oskar")
                    // Set, not defaulted: a builder copies a default of records by decoding it,
                    // which Avro refuses before our classes are trusted (SingleObjectSerde).
                    .setAliases(List.of())
                    .setDescription("A stranger at the kitchen door.")
                    .setFirstChapter(2)
                    .setChanges(List.of())
                    .build()))
        .setFacts(
            List.of(
                BibleFact.newBuilder().setFact("The kitchen is sunny.").setChapter(0).build(),
                BibleFact.newBuilder().setFact("Oskar limps.").setChapter(2).build(),
                BibleFact.newBuilder().setFact("The fish is gone.").setChapter(3).build()))
        .setThreads(
            List.of(
                BibleThread.newBuilder()
                    .setThread("Will the cat get the fish?")
                    .setOpenedIn(0)
                    .setResolvedIn(3)
                    .build(),
                BibleThread.newBuilder()
                    .setThread("Where does Oskar come from?")
                    .setOpenedIn(2)
                    .build()))
        .build();
  }

  static BookCompleted completed(String bookId, int chapters, int arcLength) {
    List<BookChapter> list = new java.util.ArrayList<>();
    List<ArcSummary> arcs = new java.util.ArrayList<>();
    for (int n = 1; n <= chapters; n++) {
      list.add(
          BookChapter.newBuilder()
              .setNumber(n)
              .setTitle("Chapter title " + n)
              .setText("Text of chapter " + n + ".")
              .setWordCount(4)
              .build());
      if (n % arcLength == 0) {
        arcs.add(
            ArcSummary.newBuilder()
                .setFromChapter(n - arcLength + 1)
                .setThroughChapter(n)
                .setSummary("Arc " + (n - arcLength + 1) + "-" + n + ".")
                .build());
      }
    }
    return BookCompleted.newBuilder()
        .setBookId(bookId)
        .setTitle("The Cat")
        .setAnalysis(analysis())
        .setChapters(list)
        .setSummaries(arcs)
        .setStats(
            BookStats.newBuilder()
                .setPromptTokens(100)
                .setOutputTokens(200)
                .setModelTimeMs(300)
                .setWallTimeMs(400)
                .setModelCalls(5)
                .build())
        .build();
  }

  static BookRevisionRequested revision(
      String bookId, int revision, int fromChapter, String instruction) {
    return BookRevisionRequested.newBuilder()
        .setBookId(bookId)
        .setRevision(revision)
        .setFromChapter(fromChapter)
        .setInstruction(instruction)
        .setRequestedBy("ada")
        .setRequestedAt(SUBMITTED_AT.plusSeconds(3600L * revision))
        .build();
  }

  static ChapterWritten chapter(String bookId, int n, int of, int revision) {
    ChapterWritten chapter = chapter(bookId, n, of);
    chapter.setRevision(revision);
    chapter.setTitle("Chapter title " + n + " (revision " + revision + ")");
    return chapter;
  }

  static ChapterIndexed indexed(String bookId, int n, int revision) {
    ChapterIndexed indexed = indexed(bookId, n);
    indexed.setRevision(revision);
    return indexed;
  }

  static ArcSummarized arc(String bookId, int from, int through, int revision) {
    ArcSummarized arc = arc(bookId, from, through);
    arc.setRevision(revision);
    return arc;
  }

  /** Revision r of a book completed as {@link #completed}, its chapters from k on rewritten. */
  /**
   * The events of a book's first writing in the order the line makes them: submitted, analyzed,
   * each chapter written, completed as revision 1.
   */
  static List<org.apache.avro.specific.SpecificRecord> firstWriting(
      String bookId, int chapters, int arcLength) {
    List<org.apache.avro.specific.SpecificRecord> events = new java.util.ArrayList<>();
    events.add(submitted(bookId, chapters, arcLength));
    events.add(analyzed(bookId, chapters, arcLength));
    for (int n = 1; n <= chapters; n++) {
      events.add(chapter(bookId, n, chapters));
    }
    events.add(completed(bookId, chapters, arcLength, 1, 1));
    return events;
  }

  static BookCompleted completed(String bookId, int chapters, int arcLength, int r, int k) {
    BookCompleted book = completed(bookId, chapters, arcLength);
    book.setRevision(r);
    book.setCompletedAt(SUBMITTED_AT.plusSeconds(3600L * r + 600));
    for (BookChapter c : book.getChapters()) {
      if (c.getNumber() >= k && r > 1) {
        c.setRevision(r);
        c.setTitle("Chapter title " + c.getNumber() + " (revision " + r + ")");
      }
    }
    return book;
  }

  static BookFailed failed(String bookId, int revision, String stage, String reason, String why) {
    return BookFailed.newBuilder()
        .setBookId(bookId)
        .setStage(stage)
        .setReason(reason)
        .setMessage(why)
        .setRevision(revision)
        .setFailedAt(SUBMITTED_AT.plusSeconds(3600L * revision + 60))
        .build();
  }

  static BookFailed failed(String bookId, String reason) {
    return BookFailed.newBuilder()
        .setBookId(bookId)
        .setStage("ANALYZE")
        .setReason(reason)
        .setMessage("The image cannot be read.")
        .build();
  }
}
