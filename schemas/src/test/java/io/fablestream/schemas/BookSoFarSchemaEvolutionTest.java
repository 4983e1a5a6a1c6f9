package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ArcSummarized;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * ArcSummarized's {@code bookSoFar} evolves the contract both ways against ArcSummarized-v2: a
 * consumer on v2 reads today's record (the book so far ignored, the rest as written), and today's
 * classes read a v2 record with no book so far (null: chapter-service then folds the older
 * summaries itself).
 */
class BookSoFarSchemaEvolutionTest {
  private static final ArcSummarized TODAY =
      ArcSummarized.newBuilder(
              (ArcSummarized)
                  SingleObjectSerdeTest.everyEvent()
                      .filter(e -> e instanceof ArcSummarized)
                      .findFirst()
                      .orElseThrow())
          .setBookSoFar(
              "Mira kept the lamp lit through the storm; the keeper's secret is still out.")
          .build();

  @Test
  void aConsumerOnTheVersionBeforeReadsTodaysSummaryWithoutTheBookSoFar() throws IOException {
    Schema old = schema();

    GenericRecord read = OlderVersions.oldConsumerView(TODAY, old);

    assertThat(read.getSchema()).isEqualTo(old);
    assertThat(read.getSchema().getField("bookSoFar")).isNull();
    assertThat(read.get("summary").toString()).isEqualTo(TODAY.getSummary());
    assertThat(read.get("throughChapter")).isEqualTo(TODAY.getThroughChapter());
  }

  @Test
  void aSummaryOfTheVersionBeforeDecodesWithNoBookSoFar() throws IOException {
    GenericRecord asOld = OlderVersions.oldConsumerView(TODAY, schema());

    ArcSummarized decoded = OlderVersions.readToday(Topics.ARCS_SUMMARIZED, asOld);

    assertThat(decoded.getBookSoFar()).isNull();
    assertThat(decoded).isEqualTo(ArcSummarized.newBuilder(TODAY).setBookSoFar(null).build());
  }

  private static Schema schema() throws IOException {
    return OlderVersions.schema("ArcSummarized-v2");
  }
}
