package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BookViewTest {
  /** A record timestamp as the line stamps its records: a wall-clock time. */
  private static final long RECORD_TIME = TestEvents.SUBMITTED_AT.plusSeconds(95).toEpochMilli();

  private static BookView fold(BookView view, org.apache.avro.specific.SpecificRecord event) {
    return BookViewAggregator.apply(view, event, RECORD_TIME);
  }

  @Test
  void lastArcIsNotWaitedForBecauseNoChapterComesAfterIt() {
    BookView view = BookView.empty("b");
    view = fold(view, TestEvents.analyzed("b", 2, 2));
    view = fold(view, TestEvents.chapter("b", 1, 2));
    view = fold(view, TestEvents.indexed("b", 1));
    view = fold(view, TestEvents.chapter("b", 2, 2));
    view = fold(view, TestEvents.indexed("b", 2));

    assertThat(view.waitingFor()).isEqualTo("the finished book to be published");
  }

  @Test
  void sameEventTwiceGivesAnEqualViewStampedWithTheEventsTime() {
    BookView once = fold(BookView.empty("b"), TestEvents.chapter("b", 1, 3));

    assertThat(fold(once, TestEvents.chapter("b", 1, 3))).isEqualTo(once);
    assertThat(once.updatedAt()).isEqualTo(RECORD_TIME);
  }

  @Test
  void eventThatCarriesItsTimeStampsTheViewWithItNotWithItsRecordTime() {
    java.time.Instant failedAt = TestEvents.SUBMITTED_AT.plusSeconds(30);
    var failure = TestEvents.failed("b", "IMAGE_UNREADABLE");
    failure.setFailedAt(failedAt);
    BookView submitted = fold(BookView.empty("b"), TestEvents.submitted("b", 3, 3));

    BookView once = fold(submitted, failure);

    assertThat(submitted.updatedAt()).isEqualTo(TestEvents.SUBMITTED_AT.toEpochMilli());
    assertThat(once.updatedAt()).isEqualTo(failedAt.toEpochMilli());
    assertThat(fold(once, failure)).isEqualTo(once);
  }

  @Test
  void jsonOfAViewSaysWhatItWaitsForAndReadsBack() {
    BookView view = fold(BookView.empty("b"), TestEvents.submitted("b", 3, 3));

    String json = Json.write(view);

    assertThat(json)
        .contains("\"waitingFor\":\"the analyzer: the vision model reading the picture\"");
    assertThat(Json.read(json, BookView.class)).isEqualTo(view);
  }
}
