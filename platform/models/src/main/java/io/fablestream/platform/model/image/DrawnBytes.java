package io.fablestream.platform.model.image;

import io.fablestream.platform.model.http.TransientFailure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * What an image server's answer holds, read from the bytes themselves: PNG, JPEG or WebP by their
 * magic bytes, and the width and height from the header (the PNG's IHDR, the WebP's VP8/VP8L/VP8X
 * chunk, the JPEG's frame through ImageIO), without decoding the pixels. A server's own word on the
 * type is never trusted: a proxy's HTML page or a truncated file is told apart here.
 *
 * @param contentType image/png, image/jpeg or image/webp
 * @param width the width in pixels
 * @param height the height in pixels
 */
public record DrawnBytes(String contentType, int width, int height) {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /**
   * Reads the bytes' format and size.
   *
   * @return empty when the bytes are not a PNG, JPEG or WebP whose header can be read
   */
  public static Optional<DrawnBytes> read(byte[] data) {
    if (starts(data, 0, PNG) && data.length >= 24 && starts(data, 12, ascii("IHDR"))) {
      return sized("image/png", bigEndian(data, 16), bigEndian(data, 20));
    }
    if (data.length >= 3
        && (data[0] & 0xff) == 0xff
        && (data[1] & 0xff) == 0xd8
        && (data[2] & 0xff) == 0xff) {
      return jpeg(data);
    }
    if (starts(data, 0, ascii("RIFF")) && starts(data, 8, ascii("WEBP")) && data.length >= 30) {
      return webp(data);
    }
    return Optional.empty();
  }

  /**
   * The picture an answer carried, checked: its bytes must be a PNG, JPEG or WebP whose size can be
   * read, else the answer is a failure worth another attempt (a server that answered a proxy's
   * page, a cut-off file).
   *
   * @param server the server as messages name it
   * @param model the model that drew it, as the server named it, or null
   * @param startNanos when the answering attempt began ({@link System#nanoTime})
   * @param attempt the answering attempt's number, from 1
   */
  public static DrawnImage checked(
      byte[] data, String server, String model, long startNanos, int attempt)
      throws TransientFailure {
    DrawnBytes read =
        read(data)
            .orElseThrow(
                () ->
                    new TransientFailure(
                        TransientFailure.Reason.MALFORMED,
                        server + " answered with no PNG, JPEG or WebP picture: " + describe(data),
                        null));
    return new DrawnImage(
        data,
        read.contentType(),
        read.width(),
        read.height(),
        model,
        (System.nanoTime() - startNanos) / 1_000_000,
        attempt);
  }

  /**
   * The bytes of a base64 picture as servers send them: plain, or as a {@code data:} URL (some
   * A1111 forks), line breaks tolerated.
   */
  public static byte[] base64(String encoded, String server) throws TransientFailure {
    String text = encoded.strip();
    if (text.startsWith("data:")) {
      text = text.substring(text.indexOf(',') + 1);
    }
    try {
      return Base64.getMimeDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new TransientFailure(
          TransientFailure.Reason.MALFORMED,
          server + " answered with a picture that is not base64: " + e.getMessage(),
          e);
    }
  }

  /** A short description of bytes that are no picture, for a message: their start, printable. */
  public static String describe(byte[] data) {
    if (data.length == 0) {
      return "no bytes at all";
    }
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < Math.min(data.length, 16); i++) {
      int b = data[i] & 0xff;
      shown.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
    }
    return data.length + " bytes starting " + shown;
  }

  private static Optional<DrawnBytes> jpeg(byte[] data) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
      if (in == null || !readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return sized("image/jpeg", reader.getWidth(0), reader.getHeight(0));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<DrawnBytes> webp(byte[] data) {
    if (starts(data, 12, ascii("VP8X"))) {
      return sized("image/webp", littleEndian24(data, 24) + 1, littleEndian24(data, 27) + 1);
    }
    if (starts(data, 12, ascii("VP8 "))
        && (data[23] & 0xff) == 0x9d
        && (data[24] & 0xff) == 0x01
        && (data[25] & 0xff) == 0x2a) {
      int width = ((data[26] & 0xff) | (data[27] & 0xff) << 8) & 0x3fff;
      int height = ((data[28] & 0xff) | (data[29] & 0xff) << 8) & 0x3fff;
      return sized("image/webp", width, height);
    }
    if (starts(data, 12, ascii("VP8L")) && (data[20] & 0xff) == 0x2f) {
      int bits =
          (data[21] & 0xff)
              | (data[22] & 0xff) << 8
              | (data[23] & 0xff) << 16
              | (data[24] & 0xff) << 24;
      return sized("image/webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
    }
    return Optional.empty();
  }

  private static Optional<DrawnBytes> sized(String type, int width, int height) {
    return width > 0 && height > 0
        ? Optional.of(new DrawnBytes(type, width, height))
        : Optional.empty();
  }

  private static int bigEndian(byte[] data, int at) {
    return (data[at] & 0xff) << 24
        | (data[at + 1] & 0xff) << 16
        | (data[at + 2] & 0xff) << 8
        | (data[at + 3] & 0xff);
  }

  private static int littleEndian24(byte[] data, int at) {
    return (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16;
  }

  private static boolean starts(byte[] data, int offset, byte[] prefix) {
    return data.length >= offset + prefix.length
        && Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
