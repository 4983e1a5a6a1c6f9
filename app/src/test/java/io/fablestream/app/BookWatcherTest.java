package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class BookWatcherTest {
  @Test
  void historyWithOneTimestampIsReplayedInTheOrderTheLineMadeIt() {
    List<SpecificRecord> made =
        List.of(
            TestEvents.submitted("b", 4, 2),
            TestEvents.analyzed("b", 4, 2),
            TestEvents.chapter("b", 1, 4),
            TestEvents.indexed("b", 1),
            TestEvents.chapter("b", 2, 4),
            TestEvents.indexed("b", 2),
            TestEvents.arc("b", 1, 2),
            TestEvents.chapter("b", 3, 4),
            TestEvents.completed("b", 4, 2));
    List<SpecificRecord> asFetched = new ArrayList<>(made.reversed());

    asFetched.sort(BookWatcher.CAUSAL_ORDER);

    assertThat(asFetched).containsExactlyElementsOf(made);
  }

  @Test
  void revisionIsReplayedAfterTheRevisionBeforeItWhateverItsChapters() {
    List<SpecificRecord> made =
        List.of(
            TestEvents.submitted("b", 2, 2),
            TestEvents.analyzed("b", 2, 2),
            TestEvents.chapter("b", 1, 2),
            TestEvents.chapter("b", 2, 2),
            TestEvents.completed("b", 2, 2, 1, 1),
            TestEvents.revision("b", 2, 1, "a friend"),
            TestEvents.chapter("b", 1, 2, 2),
            TestEvents.indexed("b", 1, 2),
            TestEvents.completed("b", 2, 2, 2, 1));
    List<SpecificRecord> asFetched = new ArrayList<>(made.reversed());

    asFetched.sort(BookWatcher.CAUSAL_ORDER);

    assertThat(asFetched).containsExactlyElementsOf(made);
  }
}
