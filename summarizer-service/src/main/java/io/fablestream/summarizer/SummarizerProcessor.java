package io.fablestream.summarizer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.calls.LedgerProcessor;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.schemas.ArcRule;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Topics;
import io.fablestream.summarizer.state.ArcNote;
import io.fablestream.summarizer.state.ArcState;
import io.fablestream.summarizer.state.SummarizedChapter;
import io.fablestream.summarizer.state.SummaryStep;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each book's chapters and, when an arc's last chapter is in ({@link ArcRule}: every arc, the
 * last one included), asks the text model for its three-sentence summary, off the stream thread,
 * and publishes ArcSummarized; after the last arc's summary it asks for the book's synopsis, which
 * the last ArcSummarized carries. A revision from chapter k (the first ChapterWritten of a newer
 * revision) drops the summaries of the arcs from the one holding k on, and they are summarised
 * again as their chapters come. A closed book is kept for {@code summarizer.closed.retention}, then
 * dropped; a late event for a book it does not know creates nothing.
 */
final class SummarizerProcessor extends LedgerProcessor<SpecificRecord, SpecificRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(SummarizerProcessor.class);

  /** How often the closed books past their retention are dropped (wall-clock time). */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);

  private final SummarizerCalls calls;
  private final SummaryAnswers answers;
  private final SummarizerSettings settings;
  private final Clock clock;
  private KeyValueStore<String, ArcState> arcs;
  private SummaryTexts texts;

  SummarizerProcessor(
      SummarizerCalls calls, SummaryAnswers answers, SummarizerSettings settings, Clock clock) {
    super(calls.ledger, SWEEP_INTERVAL);
    this.calls = calls;
    this.answers = answers;
    this.settings = settings;
    this.clock = clock;
    on(AnalysisReady.class, this::onAnalysisReady);
    on(ChapterWritten.class, this::onChapterWritten);
    on(BookCompleted.class, done -> closed(done.getBookId(), done.getRevision()));
    on(BookFailed.class, failed -> closed(failed.getBookId(), failed.getRevision()));
  }

  @Override
  protected void opened(ProcessorContext<String, SpecificRecord> processorContext) {
    this.arcs = processorContext.getStateStore(SummarizerService.ARCS_STORE);
    this.texts = new SummaryTexts(processorContext.getStateStore(SummarizerService.TEXTS_STORE));
  }

  private void onAnalysisReady(AnalysisReady ready) {
    ArcState arc = arcs.get(ready.getBookId());
    if (arc == null) {
      arc = newArc(ready.getBookId(), ready.getChapterCount());
    } else if (arc.getArcLength() != 0) {
      return;
    }
    arc.setArcLength(ready.getArcLength());
    arc.setLanguage(ready.getLanguage());
    settle(arc);
  }

  private void onChapterWritten(ChapterWritten chapter) {
    int n = chapter.getChapterNumber();
    ArcState arc = arcs.get(chapter.getBookId());
    if (arc == null) {
      if (n != 1 || chapter.getRevision() != 1) {
        return; // a late chapter of a book dropped here: nothing to keep
      }
      arc = newArc(chapter.getBookId(), chapter.getChapterCount()); // before its AnalysisReady
    } else if (chapter.getRevision() < arc.getRevision()
        || (chapter.getRevision() == arc.getRevision() && arc.getClosedAt() != 0)) {
      return;
    } else if (chapter.getRevision() > arc.getRevision()) {
      reopened(arc, chapter.getRevision(), n);
    }
    texts.put(
        arc.getBookId(),
        new SummarizedChapter(n, chapter.getTitle(), chapter.getText(), chapter.getRevision()));
    settle(arc);
  }

  /** A revision from chapter n: the arcs from the one holding n on are summarised again. */
  private void reopened(ArcState arc, int revision, int from) {
    pending().cancelAll(arc.getBookId());
    arc.setRevision(revision);
    arc.setRevisionFrom(from);
    arc.setClosedAt(0);
    arc.setStep(null);
    arc.setSummaries(
        new ArrayList<>(
            arc.getSummaries().stream().filter(s -> s.getThroughChapter() < from).toList()));
  }

  private void closed(String bookId, int revision) {
    ArcState arc = arcs.get(bookId);
    if (arc != null && revision == arc.getRevision() && arc.getClosedAt() == 0) {
      pending().cancelAll(bookId);
      arc.setStep(null);
      arc.setClosedAt(clock.millis());
      arcs.put(bookId, arc);
    }
  }

  /** Asks for the next arc's summary if its chapters are all in; keeps the state. */
  private void settle(ArcState arc) {
    if (arc.getArcLength() > 0 && arc.getStep() == null && arc.getClosedAt() == 0) {
      nextArc(arc).ifPresent(through -> answers.askSummary(arc, through, texts, pending()));
    }
    arcs.put(arc.getBookId(), arc);
  }

  /** The end of the first arc without a summary, when every chapter of it is in. */
  private Optional<Integer> nextArc(ArcState arc) {
    int from = 1;
    for (ArcNote note : arc.getSummaries()) {
      from = Math.max(from, note.getThroughChapter() + 1);
    }
    if (from > arc.getChapterCount()) {
      return Optional.empty();
    }
    int through = ArcRule.arcEnd(from, arc.getArcLength(), arc.getChapterCount());
    List<SummarizedChapter> chapters = texts.range(arc.getBookId(), from, through);
    boolean complete =
        chapters.size() == through - from + 1
            && chapters.stream()
                .allMatch(
                    c ->
                        c.getNumber() < arc.getRevisionFrom()
                            || c.getRevision() == arc.getRevision());
    return complete ? Optional.of(through) : Optional.empty();
  }

  /** A summary or synopsis call is back, on this task's thread. */
  @Override
  protected void answered(Finished<?, ?> finished) {
    ArcState arc = arcs.get(finished.key());
    SummaryStep step = arc == null ? null : arc.getStep();
    if (step == null || !step.getCallId().equals(finished.id())) {
      return;
    }
    Finished<ModelRequest, ModelAnswer> call = finished.as(calls.model);
    switch (answers.next(arc, call, pending())) {
      case SummaryAnswers.Asked asked -> arcs.put(arc.getBookId(), arc);
      case SummaryAnswers.Summarized done -> {
        forward(Topics.ARCS_SUMMARIZED, arc.getBookId(), done.event(), clock.millis());
        settle(arc);
      }
      case SummaryAnswers.Failed failed -> fail(arc, failed.reason(), failed.message());
    }
  }

  private void fail(ArcState arc, FailureReason reason, String message) {
    LOG.warn("Book {} failed at its summary: {}", arc.getBookId(), message);
    int chapter = arc.getStep() != null ? arc.getStep().getThroughChapter() : 0;
    pending().cancelAll(arc.getBookId());
    arc.setStep(null);
    arc.setClosedAt(clock.millis());
    arcs.put(arc.getBookId(), arc);
    BookFailed failed = answers.failed(arc, reason, message, chapter, clock.instant());
    forward(Topics.BOOKS_FAILED, arc.getBookId(), failed, clock.millis());
  }

  /** A bug of ours about a book: that book fails with INTERNAL_ERROR, the line goes on. */
  @Override
  protected void bug(String bookId, SpecificRecord event, RuntimeException e) {
    String message = internalError(bookId, e);
    ArcState arc = bookId == null ? null : arcs.get(bookId);
    if (arc != null && arc.getClosedAt() == 0) {
      fail(arc, FailureReason.INTERNAL_ERROR, message);
    }
  }

  /** Drops the books closed longer ago than the retention, with their chapters. */
  @Override
  protected void sweep(long wallClock) {
    long now = clock.millis();
    List<String> expired = new ArrayList<>();
    try (var all = arcs.all()) {
      all.forEachRemaining(
          kv -> {
            long closedAt = kv.value.getClosedAt();
            if (closedAt != 0 && now - closedAt >= settings.closedRetention().toMillis()) {
              expired.add(kv.key);
            }
          });
    }
    for (String bookId : expired) {
      texts.deleteBook(bookId);
      arcs.delete(bookId);
    }
  }

  private static ArcState newArc(String bookId, int chapterCount) {
    return ArcState.newBuilder()
        .setBookId(bookId)
        .setChapterCount(chapterCount)
        .setSummaries(new ArrayList<>())
        .build();
  }
}
