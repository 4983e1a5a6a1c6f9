package io.fablestream.app.epub;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import javax.imageio.ImageIO;

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
    return BoundedPicture.read(
        data,
        (reader, width, height) -> {
          ByteArrayOutputStream png = new ByteArrayOutputStream();
          return ImageIO.write(reader.read(0), "png", png) ? png.toByteArray() : null;
        });
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    return data.length >= prefix.length
        && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
  }
}
