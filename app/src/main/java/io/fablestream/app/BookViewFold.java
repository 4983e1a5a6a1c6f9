package io.fablestream.app;

import io.fablestream.events.ChapterIllustrated;
import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The read model's processor: folds each event into its book's view in {@link
 * BookViewService#STORE}, keeps each finished revision's view in {@link
 * BookViewService#REVISIONS_STORE}, and hands every changed view to the listener.
 *
 * <p>A book's view is begun only by its request (ImageSubmitted, or the AnalysisReady that carries
 * it): any other event of a book the store does not hold (dropped after the retention, or never
 * seen) creates nothing. Its request's inline picture is kept small in {@link
 * BookViewService#COVERS_STORE} for its EPUB, and its chapters' illustrations in {@link
 * BookViewService#ILLUSTRATIONS_STORE} ({@link StoredIllustrations}).
 *
 * <p>Bounded: every {@link #SWEEP_INTERVAL} of wall-clock time, a book whose last event is older
 * than {@code api.view.retention} is dropped with every revision's view kept for it, its cover and
 * its illustrations. A book still open that long has long been failed by chapter-service's stall
 * watch, or its line is gone.
 */
final class BookViewFold implements Processor<String, SpecificRecord, Void, Void> {
  /** How often the books past their retention are dropped (wall-clock time). */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);

  private final ViewSettings settings;
  private final Clock clock;
  private final Consumer<BookView> onChange;
  private TimestampedKeyValueStore<String, BookView> views;
  private StoredRevisions revisions;
  private KeyValueStore<String, byte[]> covers;
  private StoredIllustrations illustrations;

  BookViewFold(ViewSettings settings, Clock clock, Consumer<BookView> onChange) {
    this.settings = settings;
    this.clock = clock;
    this.onChange = onChange;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.views = context.getStateStore(BookViewService.STORE);
    this.revisions = new StoredRevisions(context.getStateStore(BookViewService.REVISIONS_STORE));
    this.covers = context.getStateStore(BookViewService.COVERS_STORE);
    this.illustrations =
        new StoredIllustrations(context.getStateStore(BookViewService.ILLUSTRATIONS_STORE));
    context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> sweep());
  }

  /** Drops the books whose last event is older than the retention, with what is kept for them. */
  private void sweep() {
    long before = clock.millis() - settings.retention().toMillis();
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, ValueAndTimestamp<BookView>> all = views.all()) {
      all.forEachRemaining(
          kv -> {
            if (kv.value.value().updatedAt() < before) {
              expired.add(kv.key);
            }
          });
    }
    for (String bookId : expired) {
      revisions.deleteBook(bookId);
      covers.delete(bookId);
      illustrations.deleteBook(bookId);
      views.delete(bookId);
    }
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    ValueAndTimestamp<BookView> stored = views.get(record.key());
    if (stored == null && !BookViewService.beginsABook(record.value())) {
      return;
    }
    if (record.value() instanceof ImageSubmitted submitted && covers.get(record.key()) == null) {
      keepCover(record.key(), submitted.getImage());
    }
    BookView view = stored == null ? BookView.empty(record.key()) : stored.value();
    if (record.value() instanceof ChapterIllustrated drawn && !illustrations.keep(view, drawn)) {
      return; // not kept, so not shown either
    }
    BookView next = BookViewAggregator.apply(view, record.value(), record.timestamp(), revisions);
    if (stored != null && next.equals(view)) {
      return;
    }
    views.put(record.key(), ValueAndTimestamp.make(next, record.timestamp()));
    onChange.accept(next);
  }

  /** A small copy of an inline picture, for the EPUB; a picture given by URI has none here. */
  private void keepCover(String bookId, ImageRef image) {
    if (image != null && image.getData() != null) {
      ByteBuffer data = image.getData().duplicate();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      CoverThumbnail.of(bytes).ifPresent(jpeg -> covers.put(bookId, jpeg));
    }
  }

  /**
   * The finished revisions' views in their store, keyed {@link #key}; at most {@value
   * #KEPT_PER_BOOK} a book, the oldest dropped first, but never the last completed one.
   */
  static final class StoredRevisions implements BookViewAggregator.Revisions {
    /** The most finished revisions kept for one book. */
    static final int KEPT_PER_BOOK = 20;

    private final KeyValueStore<String, BookView> store;

    StoredRevisions(KeyValueStore<String, BookView> store) {
      this.store = store;
    }

    /** A revision's key: the bookId, then the number in ten digits, so they sort in order. */
    static String key(String bookId, int revision) {
      return bookId + "#" + String.format("%010d", revision);
    }

    @Override
    public BookView finished(String bookId, int revision) {
      return store.get(key(bookId, revision));
    }

    @Override
    public void keep(BookView finished) {
      store.put(key(finished.bookId(), finished.revision()), finished);
      List<String> keys = keys(finished.bookId());
      String protect = key(finished.bookId(), finished.completedRevision());
      for (int i = 0; keys.size() - i > KEPT_PER_BOOK; i++) {
        if (!keys.get(i).equals(protect)) {
          store.delete(keys.get(i));
        }
      }
    }

    /** Drops every kept revision of the book. */
    void deleteBook(String bookId) {
      keys(bookId).forEach(store::delete);
    }

    /** The keys of the book's kept revisions, oldest first. */
    private List<String> keys(String bookId) {
      String prefix = bookId + "#";
      List<String> keys = new ArrayList<>();
      try (KeyValueIterator<String, BookView> all =
          store.prefixScan(prefix, new StringSerializer())) {
        while (all.hasNext()) {
          String key = all.next().key;
          // Another book's id may start with this one and '#': its keys are longer.
          if (key.length() == prefix.length() + 10) {
            keys.add(key);
          }
        }
      }
      return keys;
    }
  }
}
