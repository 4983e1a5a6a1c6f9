package io.fablestream.app;

import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The read model's processor: folds each event into its book's view in {@link
 * BookViewService#STORE} and hands every changed view to the listener.
 */
final class BookViewFold implements Processor<String, SpecificRecord, Void, Void> {
  private final Consumer<BookView> onChange;
  private TimestampedKeyValueStore<String, BookView> views;

  BookViewFold(Consumer<BookView> onChange) {
    this.onChange = onChange;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.views = context.getStateStore(BookViewService.STORE);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    ValueAndTimestamp<BookView> stored = views.get(record.key());
    BookView view = stored == null ? BookView.empty(record.key()) : stored.value();
    BookView next = BookViewAggregator.apply(view, record.value(), record.timestamp());
    if (stored != null && next.equals(view)) {
      return;
    }
    views.put(record.key(), ValueAndTimestamp.make(next, record.timestamp()));
    onChange.accept(next);
  }
}
