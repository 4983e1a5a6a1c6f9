package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.IllustrationRef;
import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.events.PlannedBeat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The album, illustration and revision-beat fields evolve the contract both ways against the
 * versions just before them: a consumer on those versions reads today's records (the new fields
 * ignored, the rest as written), and today's classes read theirs with the new fields at their
 * defaults (an empty album, picture 1, no illustration, no new beats).
 */
class AlbumSchemaEvolutionTest {

  static Stream<Arguments> eventsWithTheNewFields() {
    return SingleObjectSerdeTest.everyEvent()
        .map(AlbumSchemaEvolutionTest::withNewFields)
        .filter(a -> a != null);
  }

  @ParameterizedTest
  @MethodSource("eventsWithTheNewFields")
  void aConsumerOnTheVersionBeforeReadsTodaysRecord(
      SpecificRecord event, String before, List<String> added) throws IOException {
    Schema old = OlderVersions.schema(before);

    GenericRecord read = OlderVersions.oldConsumerView(event, old);

    assertThat(read.getSchema()).isEqualTo(old);
    for (String field : added) {
      assertThat(read.getSchema().getField(field)).as(field).isNull();
    }
    assertThat(read.get("bookId").toString()).isEqualTo(event.get(0).toString());
  }

  @ParameterizedTest
  @MethodSource("eventsWithTheNewFields")
  void aRecordOfTheVersionBeforeDecodesWithTheNewFieldsAtTheirDefaults(
      SpecificRecord event, String before, List<String> added) throws IOException {
    GenericRecord asOld = OlderVersions.oldConsumerView(event, OlderVersions.schema(before));

    SpecificRecord decoded = OlderVersions.readToday(SingleObjectSerdeTest.topicOf(event), asOld);

    switch (decoded) {
      case ImageSubmitted e -> assertThat(e.getAlbum()).isEmpty();
      case AnalysisReady e -> assertThat(e.getPictures()).isEmpty();
      case BookPlanned e ->
          assertThat(e.getBeats()).extracting(PlannedBeat::getPicture).allMatch(p -> p == 1);
      case BookRevisionRequested e -> assertThat(e.getBeats()).isEmpty();
      case BookCompleted e ->
          assertThat(e.getChapters())
              .allSatisfy(
                  c -> {
                    assertThat(c.getPicture()).isEqualTo(1);
                    assertThat(c.getIllustration()).isNull();
                    assertThat(c.getIllustrationFailure()).isNull();
                  });
      default -> throw new AssertionError(decoded);
    }
    assertThat(decoded.get(0).toString()).isEqualTo(event.get(0).toString());
  }

  private static Arguments withNewFields(SpecificRecord event) {
    ImageRef second =
        ImageRef.newBuilder()
            .setContentType("image/jpeg")
            .setData(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}))
            .build();
    return switch (event) {
      case ImageSubmitted e ->
          Arguments.of(
              ImageSubmitted.newBuilder(e)
                  .setAlbum(List.of(second, ImageRef.newBuilder(second).build()))
                  .build(),
              "ImageSubmitted-v3",
              List.of("album"));
      case AnalysisReady e ->
          Arguments.of(
              AnalysisReady.newBuilder(e)
                  .setPictures(List.of(e.getAnalysis(), e.getAnalysis()))
                  .build(),
              "AnalysisReady-v3",
              List.of("pictures"));
      case BookPlanned e ->
          Arguments.of(
              BookPlanned.newBuilder(e)
                  .setBeats(
                      e.getBeats().stream()
                          .map(b -> PlannedBeat.newBuilder(b).setPicture(b.getChapter()).build())
                          .toList())
                  .build(),
              "BookPlanned-v1",
              List.of());
      case BookRevisionRequested e ->
          Arguments.of(
              BookRevisionRequested.newBuilder(e)
                  .setBeats(List.of(new PlannedBeat(2, "She finds a ladder.", "It breaks.", 1)))
                  .build(),
              "BookRevisionRequested-v1",
              List.of("beats"));
      case BookCompleted e ->
          Arguments.of(
              BookCompleted.newBuilder(e)
                  .setChapters(
                      e.getChapters().stream()
                          .map(
                              c ->
                                  BookChapter.newBuilder(c)
                                      .setPicture(2)
                                      .setIllustration(
                                          new IllustrationRef(
                                              "/books/book-1/chapters/1/illustration",
                                              "image/png",
                                              1234,
                                              512,
                                              512,
                                              "a cat below a shelf"))
                                      .build())
                          .toList())
                  .build(),
              "BookCompleted-v4",
              List.of());
      default -> null;
    };
  }
}
