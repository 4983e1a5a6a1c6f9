package io.fablestream.app;

import java.util.Objects;

/**
 * The picture a book was written from, to put on its EPUB's cover.
 *
 * @param mediaType the type the picture came with (for example {@code image/jpeg}); only a hint,
 *     since {@link BookEpub} tells the format from the bytes
 * @param data the picture's bytes
 */
public record BookCover(String mediaType, byte[] data) {
  public BookCover {
    Objects.requireNonNull(data, "data");
  }

  @Override
  public String toString() {
    return "BookCover[mediaType=" + mediaType + ", " + data.length + " bytes]";
  }
}
