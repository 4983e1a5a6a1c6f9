package io.fablestream.analyzer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The CRC check of a PNG's critical chunks, which the JDK's PNG reader skips: a damaged IHDR, PLTE
 * or IDAT can still inflate into pixels, and the model would then describe noise. As libpng does by
 * default, a wrong CRC on a critical chunk (uppercase first letter) makes the file unreadable and
 * one on an ancillary chunk (text, colour profile, ...) is ignored. A cut-off file is left for the
 * decoder to report.
 */
final class PngChecksums {
  private static final int SIGNATURE = 8;

  private PngChecksums() {}

  /** The type of the first critical chunk whose CRC is wrong, if any. */
  static Optional<String> firstDamagedChunk(byte[] png) {
    ByteBuffer data = ByteBuffer.wrap(png);
    int at = SIGNATURE;
    CRC32 crc = new CRC32();
    while (at + 12 <= png.length) {
      long length = Integer.toUnsignedLong(data.getInt(at));
      if (at + 12 + length > png.length) {
        return Optional.empty();
      }
      int dataLength = (int) length;
      String type = new String(png, at + 4, 4, StandardCharsets.ISO_8859_1);
      if (!type.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
        return Optional.empty(); // not a chunk type at all: the decoder says what is wrong
      }
      boolean critical = (png[at + 4] & 0x20) == 0;
      if (critical) {
        crc.reset();
        crc.update(png, at + 4, 4 + dataLength);
        if ((int) crc.getValue() != data.getInt(at + 8 + dataLength)) {
          return Optional.of(type);
        }
      }
      if (type.equals("IEND")) {
        return Optional.empty();
      }
      at += 12 + dataLength;
    }
    return Optional.empty();
  }
}
