package io.fablestream.analyzer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The image formats the analyzer reads, told apart by their magic bytes; the declared content type
 * is never trusted.
 */
public enum ImageFormat {
  PNG("png"),
  JPEG("jpeg"),
  GIF("gif"),
  BMP("bmp"),
  WEBP("webp"),
  TIFF("tiff");

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final String imageIoName;

  ImageFormat(String imageIoName) {
    this.imageIoName = imageIoName;
  }

  /** The format name ImageIO's readers register under. */
  String imageIoName() {
    return imageIoName;
  }

  /** The readable format the bytes start with, if any. */
  static Optional<ImageFormat> sniff(byte[] data) {
    if (startsWith(data, 0, PNG_MAGIC)) {
      return Optional.of(PNG);
    }
    if (data.length >= 3
        && (data[0] & 0xff) == 0xff
        && (data[1] & 0xff) == 0xd8
        && (data[2] & 0xff) == 0xff) {
      return Optional.of(JPEG);
    }
    if (startsWith(data, 0, ascii("GIF87a")) || startsWith(data, 0, ascii("GIF89a"))) {
      return Optional.of(GIF);
    }
    // "BM" alone is two common letters: also ask for a sane header size (offset 14).
    if (startsWith(data, 0, ascii("BM")) && data.length >= 18) {
      int dibHeaderSize = (data[14] & 0xff) | (data[15] & 0xff) << 8;
      if (dibHeaderSize == 12 || dibHeaderSize >= 40 && dibHeaderSize <= 124) {
        return Optional.of(BMP);
      }
    }
    if (startsWith(data, 0, ascii("RIFF")) && startsWith(data, 8, ascii("WEBP"))) {
      return Optional.of(WEBP);
    }
    if (startsWith(data, 0, new byte[] {'I', 'I', 42, 0})
        || startsWith(data, 0, new byte[] {'M', 'M', 0, 42})) {
      return Optional.of(TIFF);
    }
    return Optional.empty();
  }

  /**
   * The name of an image format the bytes start with that the analyzer does not read (HEIC, AVIF,
   * JPEG 2000, JPEG XL, Photoshop, icons), if any.
   */
  static Optional<String> sniffUnsupported(byte[] data) {
    if (startsWith(data, 4, ascii("ftyp")) && data.length >= 12) {
      String brand = new String(data, 8, 4, StandardCharsets.US_ASCII);
      return switch (brand) {
        case "heic", "heix", "hevc", "hevx", "mif1", "msf1" -> Optional.of("HEIC/HEIF");
        case "avif", "avis" -> Optional.of("AVIF");
        default -> Optional.empty();
      };
    }
    if (startsWith(data, 0, new byte[] {0, 0, 0, 0x0c, 'j', 'P', ' ', ' '})
        || startsWith(data, 0, new byte[] {(byte) 0xff, 0x4f, (byte) 0xff, 0x51})) {
      return Optional.of("JPEG 2000");
    }
    if (startsWith(data, 0, new byte[] {(byte) 0xff, 0x0a})
        || startsWith(data, 0, new byte[] {0, 0, 0, 0x0c, 'J', 'X', 'L', ' '})) {
      return Optional.of("JPEG XL");
    }
    if (startsWith(data, 0, ascii("8BPS"))) {
      return Optional.of("Photoshop (PSD)");
    }
    if (startsWith(data, 0, new byte[] {0, 0, 1, 0}) && data.length >= 6 && data[4] != 0) {
      return Optional.of("Windows icon (ICO)");
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
    return data.length >= offset + prefix.length
        && Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
