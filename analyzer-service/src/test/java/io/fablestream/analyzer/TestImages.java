package io.fablestream.analyzer;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Images the tests make: good ones in odd formats, and bad ones. */
final class TestImages {
  private TestImages() {}

  /** A sample image from the test resources (see images/README.md). */
  static byte[] sample(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test image " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A white image with a red square in its top-left corner, the rest of the left edge white. */
  static BufferedImage marked(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 4, height / 4);
    g.dispose();
    return image;
  }

  /** A photo-like image: gradients and noise, so JPEG has work to do. */
  static BufferedImage noisy(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int r = clamp(x * 255 / width + random.nextInt(41) - 20);
        int g = clamp(y * 255 / height + random.nextInt(41) - 20);
        int b = clamp((x + y) * 255 / (width + height) + random.nextInt(41) - 20);
        image.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    return image;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer for " + image);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A JPEG with an APP1 Exif segment whose IFD0 has the given orientation tag. */
  static byte[] jpegWithOrientation(BufferedImage image, int orientation, boolean bigEndian) {
    ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
    tiff.order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
    tiff.put(bigEndian ? (byte) 'M' : (byte) 'I').put(bigEndian ? (byte) 'M' : (byte) 'I');
    tiff.putShort((short) 42).putInt(8);
    tiff.putShort((short) 1); // one entry
    tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1);
    tiff.putShort((short) orientation).putShort((short) 0);
    tiff.putInt(0); // no next IFD
    return jpegWithExif(image, tiff.array());
  }

  /** A JPEG with an APP1 Exif segment holding the given TIFF structure, damaged or not. */
  static byte[] jpegWithExif(BufferedImage image, byte[] tiff) {
    byte[] jpeg = encode(image, "jpeg");
    int length = 2 + 6 + tiff.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xff);
    out.write(0xe1);
    out.write(length >> 8);
    out.write(length & 0xff);
    out.writeBytes("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(tiff);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** A TIFF (little-endian, one IFD) whose IFD0 has the given orientation tag. */
  static byte[] tiffWithOrientation(BufferedImage image, int orientation) {
    ImageWriter writer = null;
    for (var it = ImageIO.getImageWritersByFormatName("tiff"); it.hasNext(); ) {
      ImageWriter candidate = it.next();
      // The JDK's writer takes its IFD from javax.imageio.plugins.tiff metadata, as below.
      if (candidate.getClass().getName().startsWith("com.sun.")) {
        writer = candidate;
      }
    }
    if (writer == null) {
      throw new IllegalStateException("no JDK TIFF writer");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      var type = javax.imageio.ImageTypeSpecifier.createFromRenderedImage(image);
      var param = writer.getDefaultWriteParam();
      var directory =
          javax.imageio.plugins.tiff.TIFFDirectory.createFromMetadata(
              writer.getDefaultImageMetadata(type, param));
      directory.addTIFFField(
          new javax.imageio.plugins.tiff.TIFFField(
              javax.imageio.plugins.tiff.BaselineTIFFTagSet.getInstance()
                  .getTag(javax.imageio.plugins.tiff.BaselineTIFFTagSet.TAG_ORIENTATION),
              orientation));
      writer.write(null, new IIOImage(image, null, directory.getAsMetadata()), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * A CMYK JPEG as Photoshop writes them: four components and an Adobe APP14 segment with transform
   * 0, values stored inverted. Every pixel is pure cyan.
   */
  static byte[] cmykJpegOfCyan(int width, int height) {
    WritableRaster raster =
        Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, new int[] {255 - 255, 255 - 0, 255 - 0, 255 - 0});
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(jpeg)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    byte[] body = jpeg.toByteArray();
    byte[] adobe = {
      (byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(body, 0, 2);
    out.writeBytes(adobe);
    out.write(body, 2, body.length - 2);
    return out.toByteArray();
  }

  /** A 16-bit-per-channel RGB PNG: a grey gradient from black to white, left to right. */
  static byte[] png16(int width, int height) {
    ComponentColorModel model =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int v = x * 65535 / (width - 1);
        raster.setPixel(x, y, new int[] {v, v, v});
      }
    }
    return encode(new BufferedImage(model, raster, false, null), "png");
  }

  /** A fully transparent ARGB PNG with one opaque blue pixel at (0, 0). */
  static byte[] transparentPng(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(0, 0, 0xff0000ff);
    return encode(image, "png");
  }

  /** A PNG whose header claims a size, with no pixel data at all: a decompression bomb's face. */
  static byte[] pngHeaderClaiming(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(13);
    ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0);
    ihdr.put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(name);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
