package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ArcSummarized;
import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
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

    GenericRecord read = SchemaEvolutionTest.oldConsumerView(TODAY, old);

    assertThat(read.getSchema()).isEqualTo(old);
    assertThat(read.getSchema().getField("bookSoFar")).isNull();
    assertThat(read.get("summary").toString()).isEqualTo(TODAY.getSummary());
    assertThat(read.get("throughChapter")).isEqualTo(TODAY.getThroughChapter());
  }

  @Test
  void aSummaryOfTheVersionBeforeDecodesWithNoBookSoFar() throws IOException {
    Schema old = schema();
    GenericRecord asOld = SchemaEvolutionTest.oldConsumerView(TODAY, old);
    byte[] oldBytes =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(asOld).array();
    Topic<SpecificRecord> topic = SingleObjectSerdeTest.topicOf(TODAY);

    ArcSummarized decoded =
        (ArcSummarized) topic.valueSerde().deserializer().deserialize(topic.name(), oldBytes);

    assertThat(decoded.getBookSoFar()).isNull();
    assertThat(decoded).isEqualTo(ArcSummarized.newBuilder(TODAY).setBookSoFar(null).build());
  }

  private static Schema schema() throws IOException {
    try (InputStream in =
        BookSoFarSchemaEvolutionTest.class
            .getClassLoader()
            .getResourceAsStream("io/fablestream/events/history/ArcSummarized-v2.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }
}
