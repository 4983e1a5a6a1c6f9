package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.schemas.quality.QualityReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The JSON of a book's view, as {@code GET /books/{id}}, the server-sent events, the studio and the
 * CLI's follow read it: field names and values pinned by golden files, for views built from real
 * events by {@link BookViewAggregator}. How BookView is built inside may change; this may not.
 *
 * <p>On a mismatch the JSON written is left in {@code target/book-view/NAME.actual.json}.
 */
class BookViewJsonTest {
  private static final long RECORD_TIME = TestEvents.SUBMITTED_AT.plusSeconds(95).toEpochMilli();

  private final BookViewAggregator.InMemoryRevisions kept =
      new BookViewAggregator.InMemoryRevisions();

  private BookView fold(BookView view, SpecificRecord... events) {
    for (SpecificRecord event : events) {
      view = BookViewAggregator.apply(view, event, RECORD_TIME, kept);
    }
    return view;
  }

  private BookView fold(SpecificRecord... events) {
    return fold(BookView.empty("b"), events);
  }

  @Test
  void aBookBeingWrittenFromItsPlanReadsAsPinned() throws IOException {
    var submitted = TestEvents.submitted("b", 3, 2);
    submitted.setTitle("The Cat and the Fish");
    submitted.setLanguage("fr");
    submitted.setRequestedBy("ada");
    var analyzed = TestEvents.analyzed("b", 3, 2);
    analyzed.setTitle("The Cat and the Fish");
    analyzed.setLanguage("fr");
    analyzed.setRequestedBy("ada");
    var first = TestEvents.chapter("b", 1, 3);
    first.setAttempts(2);
    first.setValidation(TestEvents.belowTheMood());

    BookView view =
        fold(
            submitted,
            analyzed,
            TestEvents.planned("b"),
            first,
            TestEvents.indexed("b", 1),
            TestEvents.chapter("b", 2, 3),
            TestEvents.indexed("b", 2),
            TestEvents.arc("b", 1, 2));

    assertPinned(view, "writing");
  }

  @Test
  void aBookCompletedThenRevisedWithItsQualityReportReadsAsPinned() throws IOException {
    var done = TestEvents.completed("b", 4, 2, 2, 3);
    done.setSynopsis("A cat, a kitchen, a fish.");
    done.setLanguage("en");
    done.setBible(TestEvents.bible());
    // The revision redrew the illustrations of its two chapters, and failed one more attempt.
    done.getStats().setImageCalls(4);
    done.getStats().setImageTimeMs(51_000);
    done.setQuality(
        QualityReport.of(
            List.of(
                new QualityReport.Chapter(1, "Text of chapter 1. Not this, but that.", 8, 0.9, 1),
                new QualityReport.Chapter(2, "Text of chapter 2.", 4, null, null)),
            6,
            "en"));

    BookView view =
        fold(
            TestEvents.submitted("b", 4, 2),
            TestEvents.analyzed("b", 4, 2),
            TestEvents.planned("b"),
            TestEvents.chapter("b", 1, 4),
            TestEvents.chapter("b", 2, 4),
            TestEvents.chapter("b", 3, 4),
            TestEvents.chapter("b", 4, 4),
            TestEvents.completed("b", 4, 2, 1, 1),
            TestEvents.revision("b", 2, 3, "make the stranger a friend"),
            TestEvents.chapter("b", 3, 4, 2),
            TestEvents.chapter("b", 4, 4, 2),
            done);

    assertPinned(view, "revised");
  }

  @Test
  void aBookWhoseRevisionFailedMidwayAfterARefusalReadsAsPinned() throws IOException {
    BookView view =
        fold(
            TestEvents.submitted("b", 4, 2),
            TestEvents.analyzed("b", 4, 2),
            TestEvents.completed("b", 4, 2, 1, 1),
            TestEvents.revision("b", 2, 2, "a storm"),
            TestEvents.chapter("b", 2, 4, 2),
            TestEvents.failed("b", 2, "WRITE", "MODEL_UNAVAILABLE", "The model stayed away."),
            TestEvents.failed(
                "b", 3, "REVISE", "INVALID_REVISION", "From chapter 2 at the latest."));

    assertPinned(view, "revision-failed");
  }

  @Test
  void aFirstWritingThatFailedReadsAsPinned() throws IOException {
    var failed = TestEvents.failed("b", 1, "WRITE", "MODEL_UNAVAILABLE", "No model answered.");
    failed.setChapterNumber(1);

    BookView view = fold(TestEvents.submitted("b", 3, 3), TestEvents.analyzed("b", 3, 3), failed);

    assertPinned(view, "failed");
  }

  /** The view's JSON equals the golden file's (field order aside), and reads back equal. */
  private static void assertPinned(BookView view, String name) throws IOException {
    String written = Json.write(view);
    JsonNode actual = Json.mapper().readTree(written);
    JsonNode golden;
    try (InputStream in =
        BookViewJsonTest.class.getResourceAsStream("book-view/" + name + ".json")) {
      golden = in == null ? null : Json.mapper().readTree(in);
    }
    if (!actual.equals(golden)) {
      Path out = Path.of("target", "book-view", name + ".actual.json");
      Files.createDirectories(out.getParent());
      Files.writeString(
          out,
          Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(actual),
          StandardCharsets.UTF_8);
    }
    assertThat(actual).as("the JSON of the %s view", name).isEqualTo(golden);
    assertThat(Json.read(written, BookView.class)).isEqualTo(view);
  }
}
