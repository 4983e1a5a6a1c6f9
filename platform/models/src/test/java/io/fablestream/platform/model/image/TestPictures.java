package io.fablestream.platform.model.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Real pictures for the image servers' test doubles: a PNG of the asked size, drawn from the prompt
 * and the seed alone (a sky, a ground, a sun and a few shapes in colours they choose), so the same
 * request draws the same bytes and another prompt or seed another picture.
 */
public final class TestPictures {
  private TestPictures() {}

  /** The PNG bytes of the picture the prompt and seed draw. */
  public static byte[] png(String prompt, long seed, int width, int height) {
    Random random = new Random(prompt.hashCode() * 31L + seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(new Color(random.nextInt(0x1000000)));
      g.fillRect(0, 0, width, height);
      g.setColor(new Color(random.nextInt(0x1000000)));
      g.fillRect(0, height * 2 / 3, width, height - height * 2 / 3);
      g.setColor(new Color(255, 220, 120));
      int sun = Math.max(8, width / 8);
      g.fillOval(random.nextInt(Math.max(1, width - sun)), height / 10, sun, sun);
      for (int i = 0; i < 6; i++) {
        g.setColor(new Color(random.nextInt(0x1000000)));
        int w = 8 + random.nextInt(Math.max(1, width / 4));
        int h = 8 + random.nextInt(Math.max(1, height / 4));
        g.fillRoundRect(random.nextInt(width), height / 3 + random.nextInt(height / 2), w, h, 8, 8);
      }
    } finally {
      g.dispose();
    }
    return encoded(image);
  }

  /**
   * A plain picture: a ground of one colour with a disc of another in its middle, for the doubles
   * that only need real PNG bytes of a size (the app's illustrated books, chapter-service's
   * painter).
   */
  public static byte[] disc(int width, int height, Color ground, Color disc) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(ground);
      g.fillRect(0, 0, width, height);
      g.setColor(disc);
      g.fillOval(width / 4, height / 4, width / 2, height / 2);
    } finally {
      g.dispose();
    }
    return encoded(image);
  }

  /** The PNG bytes of an image. */
  public static byte[] encoded(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
