package io.fablestream.app;

import io.fablestream.events.ChapterIllustrated;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A chapter's illustration as the read model keeps it: what {@code GET
 * /books/{id}/chapters/{n}/illustration} serves, and what the EPUB places at its chapter.
 *
 * @param revision the revision that drew it
 * @param contentType the image's media type, for example {@code image/png}
 * @param data the image's bytes
 * @param width its width in pixels, 0 when unknown
 * @param height its height in pixels, 0 when unknown
 */
public record BookIllustration(
    int revision, String contentType, byte[] data, int width, int height) {
  public BookIllustration {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(data, "data");
  }

  /** The illustration an event carries, or null for none. */
  static BookIllustration of(ChapterIllustrated drawn) {
    if (drawn == null) {
      return null;
    }
    ByteBuffer bytes = drawn.getData().duplicate();
    byte[] data = new byte[bytes.remaining()];
    bytes.get(data);
    return new BookIllustration(
        drawn.getRevision(), drawn.getContentType(), data, drawn.getWidth(), drawn.getHeight());
  }

  @Override
  public String toString() {
    return "BookIllustration[revision="
        + revision
        + ", contentType="
        + contentType
        + ", "
        + data.length
        + " bytes]";
  }
}
