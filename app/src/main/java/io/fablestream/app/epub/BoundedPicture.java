package io.fablestream.app.epub;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A picture opened with ImageIO, its size read from the header first, so that a decompression bomb
 * is refused before it is decoded. Any failure means "no picture": ImageIO readers report damaged
 * input with all kinds of exceptions.
 */
public final class BoundedPicture {
  /** Larger pictures are not decoded: the analyzer refuses them too. */
  public static final long MAX_PIXELS = 50_000_000L;

  private BoundedPicture() {}

  /** What to make of a picture within the bound, from its reader and its size. */
  @FunctionalInterface
  public interface Decoding<T> {
    T decode(ImageReader reader, long width, long height) throws IOException;
  }

  /**
   * What {@code decoding} makes of the picture, or empty when the bytes are no picture ImageIO
   * reads, the picture has more than {@link #MAX_PIXELS} pixels, or decoding fails.
   */
  public static <T> Optional<T> read(byte[] data, Decoding<T> decoding) {
    if (data == null || data.length == 0) {
      return Optional.empty();
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        return Optional.empty();
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width * height > MAX_PIXELS) {
          return Optional.empty();
        }
        return Optional.ofNullable(decoding.decode(reader, width, height));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
