package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BookViewTest {
  private static BookView fold(BookView view, org.apache.avro.specific.SpecificRecord event) {
    return BookViewAggregator.apply(view, event, 0);
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
  void sameEventTwiceChangesNothing() {
    BookView once = fold(BookView.empty("b"), TestEvents.chapter("b", 1, 3));

    assertThat(fold(once, TestEvents.chapter("b", 1, 3))).isEqualTo(once);
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
