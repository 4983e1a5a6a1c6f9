package io.fablestream.analyzer;

/**
 * Reads the EXIF orientation tag (0x0112) of a JPEG's APP1 Exif segment or of a TIFF file's first
 * directory. A small parser of its own: it touches only the bytes it needs, never decodes pixels,
 * and any damage reads as "no rotation" rather than an error.
 */
final class ExifOrientation {
  /** The picture is stored upright. */
  static final int NORMAL = 1;

  private static final int TAG_ORIENTATION = 0x0112;
  private static final int TYPE_SHORT = 3;

  private ExifOrientation() {}

  /** The orientation (1 to 8) the image's metadata gives, or {@link #NORMAL}. */
  static int of(ImageFormat format, byte[] data) {
    return switch (format) {
      case JPEG -> ofJpeg(data);
      case TIFF -> ofTiff(data, 0, data.length);
      default -> NORMAL;
    };
  }

  private static int ofJpeg(byte[] data) {
    int pos = 2;
    while (pos + 4 <= data.length) {
      if ((data[pos] & 0xff) != 0xff) {
        return NORMAL;
      }
      int marker = data[pos + 1] & 0xff;
      if (marker == 0xff) {
        pos++; // fill byte
        continue;
      }
      if (marker == 0xd9 || marker == 0xda) {
        return NORMAL; // end of image or start of scan: no metadata follows
      }
      if (marker == 0x01 || marker >= 0xd0 && marker <= 0xd7) {
        pos += 2; // markers without a length
        continue;
      }
      int length = u16(data, pos + 2, true);
      int body = pos + 4;
      int end = pos + 2 + length;
      if (length < 2 || end > data.length) {
        return NORMAL;
      }
      if (marker == 0xe1 && isExifHeader(data, body, end)) {
        return ofTiff(data, body + 6, end);
      }
      pos = end;
    }
    return NORMAL;
  }

  private static boolean isExifHeader(byte[] data, int at, int end) {
    return end - at >= 6
        && data[at] == 'E'
        && data[at + 1] == 'x'
        && data[at + 2] == 'i'
        && data[at + 3] == 'f'
        && data[at + 4] == 0
        && data[at + 5] == 0;
  }

  /** Reads IFD0 of the TIFF structure in data[start, end), offsets relative to start. */
  private static int ofTiff(byte[] data, int start, int end) {
    if (end - start < 8) {
      return NORMAL;
    }
    boolean bigEndian;
    if (data[start] == 'M' && data[start + 1] == 'M') {
      bigEndian = true;
    } else if (data[start] == 'I' && data[start + 1] == 'I') {
      bigEndian = false;
    } else {
      return NORMAL;
    }
    if (u16(data, start + 2, bigEndian) != 42) {
      return NORMAL;
    }
    long ifd = u32(data, start + 4, bigEndian);
    if (ifd < 8 || start + ifd + 2 > end) {
      return NORMAL;
    }
    int dir = (int) (start + ifd);
    int entries = u16(data, dir, bigEndian);
    for (int i = 0; i < entries; i++) {
      int entry = dir + 2 + i * 12;
      if (entry + 12 > end) {
        return NORMAL;
      }
      if (u16(data, entry, bigEndian) == TAG_ORIENTATION) {
        if (u16(data, entry + 2, bigEndian) != TYPE_SHORT) {
          return NORMAL;
        }
        int value = u16(data, entry + 8, bigEndian);
        return value >= 1 && value <= 8 ? value : NORMAL;
      }
    }
    return NORMAL;
  }

  private static int u16(byte[] data, int at, boolean bigEndian) {
    int a = data[at] & 0xff;
    int b = data[at + 1] & 0xff;
    return bigEndian ? a << 8 | b : b << 8 | a;
  }

  private static long u32(byte[] data, int at, boolean bigEndian) {
    long a = data[at] & 0xff;
    long b = data[at + 1] & 0xff;
    long c = data[at + 2] & 0xff;
    long d = data[at + 3] & 0xff;
    return bigEndian ? a << 24 | b << 16 | c << 8 | d : d << 24 | c << 16 | b << 8 | a;
  }
}
