package io.fablestream.schemas;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import java.io.IOException;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A request written with ImageSubmitted's oldest schema (v0, from before the book's shape had
 * fields of its own), and the record today's reader makes of it: both wire formats' tests decode
 * it.
 */
final class OldImageRequest {
  static final Instant AT = Instant.parse("2026-11-23T10:15:30Z");

  private OldImageRequest() {}

  /** The v0 schema, from the test resources. */
  static Schema schema() throws IOException {
    return OlderVersions.schema("ImageSubmitted-v0");
  }

  /** A 7-chapter request for a picture by URI, as a v0 producer wrote it. */
  static GenericRecord record(Schema old) {
    GenericRecord image = new GenericData.Record(old.getField("image").schema());
    image.put("contentType", "image/png");
    image.put("uri", "file:///images/cat.png");
    GenericRecord request = new GenericData.Record(old);
    request.put("bookId", "old-book");
    request.put("submittedAt", AT.toEpochMilli());
    request.put("image", image);
    request.put("chapterCount", 7);
    return request;
  }

  /** What today's schema reads the request as: the fields v0 lacks take their defaults. */
  static ImageSubmitted readToday() {
    return ImageSubmitted.newBuilder()
        .setBookId("old-book")
        .setSubmittedAt(AT)
        .setImage(
            ImageRef.newBuilder()
                .setContentType("image/png")
                .setUri("file:///images/cat.png")
                .build())
        .setChapterCount(7)
        .setArcLength(5)
        .setWordsPerChapter(300)
        .setRequestedBy(null)
        .setTitle(null)
        .build();
  }
}
