package io.fablestream.analyzer;

import io.fablestream.events.ImageSubmitted;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.apache.avro.SchemaNormalization;

/**
 * ImageSubmitted values written byte by byte, as an outside producer might get them wrong: Avro
 * single-object encoding (C3 01, the fingerprint little-endian, the body), where every string and
 * bytes field is a zig-zag varint length and then the raw bytes, so anything can be put in a
 * string.
 */
final class HandWrittenAvro {
  static final long IMAGE_SUBMITTED_FINGERPRINT =
      SchemaNormalization.parsingFingerprint64(ImageSubmitted.getClassSchema());

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Starts a value with the single-object header of the given schema fingerprint. */
  static HandWrittenAvro value(long fingerprint) {
    HandWrittenAvro avro = new HandWrittenAvro();
    avro.out.write(0xC3);
    avro.out.write(0x01);
    avro.out.writeBytes(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array());
    return avro;
  }

  /**
   * A whole ImageSubmitted whose bookId and title are the given raw bytes (which need not be UTF-8)
   * and whose image is inline, with the usual parameters.
   */
  static byte[] imageSubmitted(byte[] bookId, byte[] title, byte[] image) {
    return value(IMAGE_SUBMITTED_FINGERPRINT)
        .string(bookId)
        .varLong(0) // submittedAt
        .string("image/png".getBytes(StandardCharsets.US_ASCII))
        .varLong(1) // image.data: the bytes branch
        .string(image)
        .varLong(0) // image.uri: null
        .varLong(1) // title: the string branch
        .string(title)
        .varLong(7) // chapterCount
        .varLong(3) // arcLength
        .varLong(400) // wordsPerChapter
        .varLong(0) // requestedBy: null
        .varLong(0) // reviewPlan: false, one byte 0 as a boolean is
        .string("en".getBytes(StandardCharsets.US_ASCII)) // language
        .varLong(0) // album: an empty array, its one block of 0 items
        .bytes();
  }

  /** A string or bytes field: its length, then the bytes as they are. */
  HandWrittenAvro string(byte[] raw) {
    varLong(raw.length);
    out.writeBytes(raw);
    return this;
  }

  /** An int, long or union index: zig-zag, then 7 bits a byte, low bits first. */
  HandWrittenAvro varLong(long value) {
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      out.write((int) ((n & 0x7F) | 0x80));
      n >>>= 7;
    }
    out.write((int) n);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }
}
