package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BookWatcherTest {
  /** Histories whose events share one timestamp, each in the order the line made them. */
  static Stream<Arguments> histories() {
    return Stream.of(
        Arguments.of(
            "a book with an arc, its chapters indexed as they come",
            List.of(
                TestEvents.submitted("b", 4, 2),
                TestEvents.analyzed("b", 4, 2),
                TestEvents.chapter("b", 1, 4),
                TestEvents.indexed("b", 1),
                TestEvents.chapter("b", 2, 4),
                TestEvents.indexed("b", 2),
                TestEvents.arc("b", 1, 2),
                TestEvents.chapter("b", 3, 4),
                TestEvents.completed("b", 4, 2))),
        Arguments.of(
            "a revision, after the revision before it whatever its chapters",
            Stream.concat(
                    TestEvents.firstWriting("b", 2, 2).stream(),
                    Stream.of(
                        TestEvents.revision("b", 2, 1, "a friend"),
                        TestEvents.chapter("b", 1, 2, 2),
                        TestEvents.indexed("b", 1, 2),
                        TestEvents.completed("b", 2, 2, 2, 1)))
                .toList()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void historyWithOneTimestampIsReplayedInTheOrderTheLineMadeIt(
      String history, List<SpecificRecord> made) {
    List<SpecificRecord> asFetched = new ArrayList<>(made.reversed());

    asFetched.sort(BookWatcher.CAUSAL_ORDER);

    assertThat(asFetched).containsExactlyElementsOf(made);
  }
}
