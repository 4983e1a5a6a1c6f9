package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.MutableClock;
import io.fablestream.schemas.Topics;
import java.time.Duration;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The read model's stores are bounded: books past api.view.retention are dropped. */
class BookViewRetentionTest {
  private static final Duration RETENTION = Duration.ofDays(30);
  private static final byte[] PICTURE = FinishedBooks.picture("png");

  private final MutableClock clock = new MutableClock(TestEvents.SUBMITTED_AT.plusSeconds(7200));

  @RegisterExtension final ReadModelDriver readModel = ReadModelDriver.retaining(RETENTION, clock);

  private int entries(String store) {
    KeyValueStore<String, Object> kv = readModel.driver().getKeyValueStore(store);
    int n = 0;
    try (KeyValueIterator<String, Object> all = kv.all()) {
      while (all.hasNext()) {
        all.next();
        n++;
      }
    }
    return n;
  }

  /** Book id of four chapters, completed; revised once from chapter 3 when asked. */
  private void book(String id, boolean revised) {
    var submitted = TestEvents.submitted(id, 4, 2);
    submitted.getImage().setData(java.nio.ByteBuffer.wrap(PICTURE));
    readModel.publish(Topics.IMAGES_SUBMITTED, id, submitted);
    readModel.publish(Topics.ANALYSIS_READY, id, TestEvents.analyzed(id, 4, 2));
    for (int n = 1; n <= 4; n++) {
      readModel.publish(Topics.CHAPTERS_WRITTEN, id, TestEvents.chapter(id, n, 4));
      readModel.publish(Topics.CHAPTERS_INDEXED, id, TestEvents.indexed(id, n));
    }
    readModel.publish(Topics.BOOKS_COMPLETED, id, TestEvents.completed(id, 4, 2, 1, 1));
    if (revised) {
      readModel.publish(Topics.BOOKS_REVISIONS, id, TestEvents.revision(id, 2, 3, "a friend"));
      readModel.publish(Topics.CHAPTERS_WRITTEN, id, TestEvents.chapter(id, 3, 4, 2));
      readModel.publish(Topics.BOOKS_COMPLETED, id, TestEvents.completed(id, 4, 2, 2, 3));
    }
  }

  /** One sweep: the punctuator runs on the driver's wall clock. */
  private void sweep() {
    readModel.driver().advanceWallClockTime(BookViewFold.SWEEP_INTERVAL);
  }

  @Test
  void booksPastTheRetentionAreDroppedWithTheirRevisionsAndLateEventsCreateNothing() {
    for (int i = 0; i < 30; i++) {
      book("book-" + i, i % 3 == 0);
    }
    assertThat(entries(BookViewService.STORE)).isEqualTo(30);
    // Every book's revision 1 is kept, and the revised ones' revision 2 too.
    assertThat(entries(BookViewService.REVISIONS_STORE)).isEqualTo(40);
    assertThat(entries(BookViewService.COVERS_STORE)).isEqualTo(30);

    // Not yet past the retention: nothing goes.
    clock.advance(RETENTION.minusHours(3));
    sweep();
    assertThat(entries(BookViewService.STORE)).isEqualTo(30);
    var recent = TestEvents.submitted("recent", 4, 2);
    recent.setSubmittedAt(clock.instant());
    readModel.publish(Topics.IMAGES_SUBMITTED, "recent", recent);

    // Past it for every book but the recent one (the last events were at most 10 minutes apart).
    clock.advance(Duration.ofHours(4));
    sweep();

    // Only the book with a recent event is left: the floor.
    assertThat(entries(BookViewService.STORE)).isEqualTo(1);
    assertThat(entries(BookViewService.REVISIONS_STORE)).isZero();
    assertThat(entries(BookViewService.COVERS_STORE)).isZero();
    assertThat(readModel.view("recent")).isNotNull();

    readModel.publish(Topics.CHAPTERS_INDEXED, "book-1", TestEvents.indexed("book-1", 4));
    readModel.publish(
        Topics.BOOKS_REVISIONS, "book-1", TestEvents.revision("book-1", 2, 1, "again"));
    readModel.publish(
        Topics.BOOKS_FAILED,
        "book-1",
        TestEvents.failed("book-1", 2, "REVISE", "INVALID_REVISION", "There is no book book-1."));

    assertThat(entries(BookViewService.STORE)).isEqualTo(1);
  }

  @Test
  void retentionIsAKeyOfItsOwnWithADefaultOfThirtyDays() {
    assertThat(ViewSettings.from(io.fablestream.platform.config.Config.of(java.util.Map.of())))
        .isEqualTo(new ViewSettings(Duration.ofDays(30)));
  }
}
