package io.fablestream.app.epub;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The picture a book was written from, in a form every EPUB reader shows: JPEG, PNG and GIF (core
 * media types of EPUB 3) as they are; any other picture ImageIO reads (BMP, TIFF, WebP, which older
 * readers lack) converted to PNG. The format is told by the bytes, never by the declared type,
 * because a picture fetched by URI often comes with none or a wrong one.
 *
 * @param mediaType {@code image/jpeg}, {@code image/png} or {@code image/gif}
 * @param extension the file name extension for the media type
 * @param data the image's bytes
 */
public record CoverImage(String mediaType, String extension, byte[] data) {
  /** Larger pictures are not decoded for conversion: the analyzer would have refused them too. */
  private static final long MAX_PIXELS = 50_000_000L;

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
  private static final byte[] GIF87 = "GIF87a".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GIF89 = "GIF89a".getBytes(StandardCharsets.US_ASCII);

  /**
   * The cover for a picture, or empty when the bytes are no picture this server can read: a book
   * without a cover is still a book, so a bad picture never costs the reader the EPUB.
   */
  public static Optional<CoverImage> of(byte[] data) {
    if (data == null || data.length == 0) {
      return Optional.empty();
    }
    if (startsWith(data, JPEG)) {
      return Optional.of(new CoverImage("image/jpeg", "jpg", data));
    }
    if (startsWith(data, PNG)) {
      return Optional.of(new CoverImage("image/png", "png", data));
    }
    if (startsWith(data, GIF87) || startsWith(data, GIF89)) {
      return Optional.of(new CoverImage("image/gif", "gif", data));
    }
    return asPng(data).map(png -> new CoverImage("image/png", "png", png));
  }

  private static Optional<byte[]> asPng(byte[] data) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        // The size from the header first, so a decompression bomb is refused before it is decoded.
        if ((long) reader.getWidth(0) * reader.getHeight(0) > MAX_PIXELS) {
          return Optional.empty();
        }
        BufferedImage image = reader.read(0);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        return ImageIO.write(image, "png", png) ? Optional.of(png.toByteArray()) : Optional.empty();
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // ImageIO readers report damaged input with all kinds of exceptions; each means "no cover".
      return Optional.empty();
    }
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    return data.length >= prefix.length
        && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
  }
}
