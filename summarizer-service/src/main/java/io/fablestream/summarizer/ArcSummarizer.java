package io.fablestream.summarizer;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookFailed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.Usage;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import io.fablestream.schemas.Topics;
import io.fablestream.summarizer.state.ArcChapter;
import io.fablestream.summarizer.state.ArcState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the chapters of each book's arc in progress and, when an arc closes ({@link ArcRule}), asks
 * the text model for its three-sentence summary and publishes ArcSummarized. The arc length comes
 * from the book's AnalysisReady, whichever of it and the first chapter arrives first. A book's
 * state is dropped after its last chapter, and when it completes or fails, so the store stays
 * small.
 */
final class ArcSummarizer implements Processor<String, SpecificRecord, String, SpecificRecord> {
  static final String PROCESSOR = "summarizer-arcs-loop";
  static final String STORE = "summarizer-arcs";
  static final String SUMMARIES_SINK = "write-" + Topics.ARCS_SUMMARIZED.name();
  static final String FAILED_SINK = "write-" + Topics.BOOKS_FAILED.name();

  private static final Logger LOG = LoggerFactory.getLogger(ArcSummarizer.class);

  private final ArcSummaryWriter writer;
  private final SummarizerMetrics metrics;
  private final Clock clock;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, ArcState> arcs;

  ArcSummarizer(
      ModelGateway models, SummarizerSettings settings, SummarizerMetrics metrics, Clock clock) {
    this.writer = new ArcSummaryWriter(models, settings);
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> processorContext) {
    this.context = processorContext;
    this.arcs = processorContext.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    switch (record.value()) {
      case AnalysisReady ready -> onAnalysisReady(ready, record.timestamp());
      case ChapterWritten chapter -> onChapterWritten(chapter, record.timestamp());
      case BookCompleted done -> arcs.delete(done.getBookId());
      case BookFailed failed -> arcs.delete(failed.getBookId());
      case null -> LOG.debug("Ignoring a record without a value, key {}", record.key());
      default -> LOG.warn("Ignoring a {} with key {}", record.value().getClass(), record.key());
    }
  }

  private void onAnalysisReady(AnalysisReady ready, long at) {
    ArcState arc = arcs.get(ready.getBookId());
    if (arc == null) {
      arcs.put(
          ready.getBookId(),
          newArc(ready.getBookId(), ready.getChapterCount(), ready.getArcLength()));
    } else if (arc.getArcLength() == 0) {
      arc.setArcLength(ready.getArcLength());
      settle(arc, at);
    }
  }

  private void onChapterWritten(ChapterWritten chapter, long at) {
    int n = chapter.getChapterNumber();
    ArcState arc = arcs.get(chapter.getBookId());
    if (arc == null) {
      arc = newArc(chapter.getBookId(), chapter.getChapterCount(), 0);
    }
    if (n <= arc.getSummarizedThrough()
        || arc.getChapters().stream().anyMatch(c -> c.getNumber() == n)) {
      return;
    }
    List<ArcChapter> chapters = new ArrayList<>(arc.getChapters());
    chapters.add(new ArcChapter(n, chapter.getTitle(), chapter.getText()));
    chapters.sort(Comparator.comparingInt(ArcChapter::getNumber));
    arc.setChapters(chapters);
    settle(arc, at);
  }

  /** Summarises the arc if its last chapter is in, drops a finished book, or keeps the state. */
  private void settle(ArcState arc, long at) {
    int latest = arc.getChapters().stream().mapToInt(ArcChapter::getNumber).max().orElse(0);
    if (arc.getArcLength() > 0
        && latest > arc.getSummarizedThrough()
        && ArcRule.summaryDueAfter(latest, arc.getArcLength(), arc.getChapterCount())) {
      summarize(arc, latest, at);
    } else if (arc.getArcLength() > 0 && latest >= arc.getChapterCount()) {
      // The last chapter is written and the last arc is not summarised: nothing more to do here.
      arcs.delete(arc.getBookId());
    } else {
      arcs.put(arc.getBookId(), arc);
    }
  }

  private void summarize(ArcState arc, int through, long at) {
    int from = Math.max(1, through - arc.getArcLength() + 1);
    List<ArcChapter> chapters =
        arc.getChapters().stream()
            .filter(c -> c.getNumber() >= from && c.getNumber() <= through)
            .toList();
    long started = System.nanoTime();
    switch (writer.write(from, through, chapters, arc.getPreviousSummary())) {
      case ArcSummaryWriter.Written written -> {
        publish(arc, from, through, written.summary(), written.model(), written.usage(), at);
        metrics.summaryWritten(Duration.ofNanos(System.nanoTime() - started));
      }
      case ArcSummaryWriter.Failed failed ->
          fail(arc, failed.reason(), failed.message(), through, at);
    }
  }

  private void publish(
      ArcState arc, int from, int through, String summary, String model, Usage spent, long at) {
    ArcSummarized event =
        new ArcSummarized(arc.getBookId(), from, through, summary, model, spent.toEvent(), 1, null);
    arc.setChapters(
        new ArrayList<>(arc.getChapters().stream().filter(c -> c.getNumber() > through).toList()));
    arc.setPreviousSummary(summary);
    arc.setSummarizedThrough(through);
    arcs.put(arc.getBookId(), arc);
    context.forward(new Record<>(arc.getBookId(), event, at), SUMMARIES_SINK);
  }

  private void fail(ArcState arc, FailureReason reason, String message, int chapter, long at) {
    LOG.warn("Book {} failed at its summary: {}", arc.getBookId(), message);
    arcs.delete(arc.getBookId());
    BookFailed failed =
        new BookFailed(
            arc.getBookId(),
            Stage.SUMMARIZE.name(),
            reason.name(),
            message,
            chapter,
            Instant.ofEpochMilli(clock.millis()),
            1);
    context.forward(new Record<>(arc.getBookId(), failed, at), FAILED_SINK);
    metrics.bookFailed(reason.name());
  }

  private static ArcState newArc(String bookId, int chapterCount, int arcLength) {
    return ArcState.newBuilder()
        .setBookId(bookId)
        .setChapterCount(chapterCount)
        .setArcLength(arcLength)
        .setChapters(new ArrayList<>())
        .build();
  }
}
