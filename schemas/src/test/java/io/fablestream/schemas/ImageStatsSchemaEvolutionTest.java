package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookStats;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * BookStats' {@code imageCalls} and {@code imageTimeMs} evolve the contract both ways against
 * BookCompleted-v5: a consumer on v5 reads today's book (the drawings' figures ignored, the other
 * stats as written), and today's classes read a v5 book with no drawing counted.
 */
class ImageStatsSchemaEvolutionTest {
  private static final BookCompleted TODAY = withDrawings();

  private static BookCompleted withDrawings() {
    BookCompleted book =
        (BookCompleted)
            SingleObjectSerdeTest.everyEvent()
                .filter(e -> e instanceof BookCompleted)
                .findFirst()
                .orElseThrow();
    return BookCompleted.newBuilder(book)
        .setStats(
            BookStats.newBuilder(book.getStats()).setImageCalls(7).setImageTimeMs(84_000).build())
        .build();
  }

  @Test
  void aConsumerOnTheVersionBeforeReadsTodaysBookWithoutTheDrawingsFigures() throws IOException {
    GenericRecord stats =
        (GenericRecord) OlderVersions.oldConsumerView(TODAY, schema()).get("stats");

    assertThat(stats.getSchema().getFields())
        .extracting(Schema.Field::name)
        .containsExactly("promptTokens", "outputTokens", "modelTimeMs", "wallTimeMs", "modelCalls");
    assertThat(stats.get("modelCalls")).isEqualTo(TODAY.getStats().getModelCalls());
    assertThat(stats.get("modelTimeMs")).isEqualTo(TODAY.getStats().getModelTimeMs());
  }

  @Test
  void aBookOfTheVersionBeforeDecodesWithNoDrawingCounted() throws IOException {
    GenericRecord asOld = OlderVersions.oldConsumerView(TODAY, schema());

    BookCompleted decoded = OlderVersions.readToday(Topics.BOOKS_COMPLETED, asOld);

    assertThat(decoded.getStats().getImageCalls()).isZero();
    assertThat(decoded.getStats().getImageTimeMs()).isZero();
    assertThat(decoded)
        .isEqualTo(
            BookCompleted.newBuilder(TODAY)
                .setStats(
                    BookStats.newBuilder(TODAY.getStats())
                        .setImageCalls(0)
                        .setImageTimeMs(0)
                        .build())
                .build());
  }

  private static Schema schema() throws IOException {
    return OlderVersions.schema("BookCompleted-v5");
  }
}
