package io.fablestream.app;

import io.fablestream.app.epub.BoundedPicture;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;

/**
 * The picture a book was written from, made small enough to keep for its EPUB's cover: a JPEG at
 * most {@value #MAX_SIDE} px on its long side. The read model keeps this, not the upload (up to 20
 * MB), for every book in its retention.
 */
final class CoverThumbnail {
  /** The long side of a cover, in pixels. */
  static final int MAX_SIDE = 800;

  private CoverThumbnail() {}

  /** The cover's JPEG bytes, or empty when the bytes are no picture ImageIO reads. */
  static Optional<byte[]> of(byte[] picture) {
    // A book without a cover is still a book.
    return BoundedPicture.read(
        picture,
        (reader, width, height) -> {
          // Read every n-th pixel only, so a large picture is never decoded whole.
          ImageReadParam param = reader.getDefaultReadParam();
          int step = (int) Math.max(1, Math.max(width, height) / (2L * MAX_SIDE));
          param.setSourceSubsampling(step, step, 0, 0);
          return jpeg(scaled(reader.read(0, param)));
        });
  }

  private static BufferedImage scaled(BufferedImage image) {
    double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(image.getWidth(), image.getHeight()));
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    // JPEG has no alpha: draw on RGB.
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, java.awt.Color.WHITE, null);
    g.dispose();
    return out;
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "jpeg", out)) {
      throw new IOException("no JPEG writer");
    }
    return out.toByteArray();
  }
}
