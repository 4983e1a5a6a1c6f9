package io.fablestream.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** A small PNG picture (a sea, a sky and a lighthouse) that the analyzer reads as any picture. */
final class BenchImage {
  private BenchImage() {}

  /** The PNG bytes of a 320 x 240 picture; the shade differs by number so books differ. */
  static byte[] png(int number) {
    BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(new Color(90, 120, 170 + Math.floorMod(number, 80)));
      g.fillRect(0, 0, 320, 140);
      g.setColor(new Color(30, 60, 90));
      g.fillRect(0, 140, 320, 100);
      g.setColor(Color.WHITE);
      g.fillRect(230, 60, 24, 90);
      g.setColor(Color.YELLOW);
      g.fillOval(232, 48, 20, 20);
    } finally {
      g.dispose();
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
