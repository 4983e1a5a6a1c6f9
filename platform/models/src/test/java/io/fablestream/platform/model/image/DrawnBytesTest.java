package io.fablestream.platform.model.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DrawnBytesTest {
  @Test
  void aPngsTypeAndSizeComeFromItsHeader() {
    assertThat(DrawnBytes.read(TestPictures.png("a fox", 1, 300, 200)))
        .contains(new DrawnBytes("image/png", 300, 200));
  }

  @Test
  void aJpegsSizeIsReadWithoutDecodingIt() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(120, 90, BufferedImage.TYPE_INT_RGB), "jpeg", out);

    assertThat(DrawnBytes.read(out.toByteArray())).contains(new DrawnBytes("image/jpeg", 120, 90));
  }

  @Test
  void aWebpsSizeComesFromItsVp8xOrVp8lChunk() {
    byte[] vp8x = webp("VP8X", 18);
    // Canvas width - 1 and height - 1, 24 bits little-endian at offsets 24 and 27.
    vp8x[24] = (byte) 0xff;
    vp8x[25] = 0x01;
    vp8x[27] = (byte) 0x7f;
    vp8x[28] = 0x01;
    byte[] vp8l = webp("VP8L", 10);
    vp8l[20] = 0x2f;
    int bits = (640 - 1) | (480 - 1) << 14;
    vp8l[21] = (byte) bits;
    vp8l[22] = (byte) (bits >> 8);
    vp8l[23] = (byte) (bits >> 16);
    vp8l[24] = (byte) (bits >> 24);

    assertThat(DrawnBytes.read(vp8x)).contains(new DrawnBytes("image/webp", 512, 384));
    assertThat(DrawnBytes.read(vp8l)).contains(new DrawnBytes("image/webp", 640, 480));
  }

  @Test
  void bytesThatAreNoPictureOrACutOffOneAreRefused() {
    byte[] html = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
    byte[] png = TestPictures.png("a fox", 1, 300, 200);

    assertThat(DrawnBytes.read(html)).isEmpty();
    assertThat(DrawnBytes.read(Arrays.copyOf(png, 12))).isEmpty();
    assertThat(DrawnBytes.read(new byte[0])).isEmpty();
    assertThat(DrawnBytes.describe(html)).isEqualTo("41 bytes starting <html><body>502 ");
  }

  private static byte[] webp(String chunk, int payload) {
    byte[] data = new byte[20 + payload + 16];
    System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, data, 0, 4);
    System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, data, 8, 4);
    System.arraycopy(chunk.getBytes(StandardCharsets.US_ASCII), 0, data, 12, 4);
    return data;
  }
}
