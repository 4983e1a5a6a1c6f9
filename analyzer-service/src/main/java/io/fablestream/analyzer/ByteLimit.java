package io.fablestream.analyzer;

import io.fablestream.schemas.FailureReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The most bytes an image may have ({@code analyzer.max.image.bytes}), enforced while reading: a
 * stream is cut off as soon as it holds more, whatever it declared.
 *
 * @param max the limit in bytes
 */
record ByteLimit(long max) {
  private static final int CHUNK = 64 * 1024;

  /** Reads at most {@link #max} bytes, failing as soon as the stream holds more. */
  byte[] read(InputStream in, String what) throws IOException, IntakeException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
    byte[] buffer = new byte[CHUNK];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) != -1) {
      total += n;
      if (total > max) {
        throw exceeded(what);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** The failure of an image over the limit; {@code what} names it ("The image at ..."). */
  IntakeException exceeded(String what) {
    return new IntakeException(
        FailureReason.IMAGE_TOO_LARGE,
        what
            + " is larger than the limit of "
            + max
            + " bytes (analyzer.max.image.bytes). Send a smaller image (a JPEG of a few"
            + " megabytes is plenty).");
  }
}
