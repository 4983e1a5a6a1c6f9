package io.fablestream.chapter;

import java.util.Optional;

/** The media type of a picture's bytes, read from their first bytes (their magic number). */
final class ImageBytes {
  private ImageBytes() {}

  /** image/png, image/jpeg or image/webp, or empty when the bytes are none of them. */
  static Optional<String> contentType(byte[] data) {
    if (starts(data, 0, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
      return Optional.of("image/png");
    }
    if (starts(data, 0, 0xff, 0xd8, 0xff)) {
      return Optional.of("image/jpeg");
    }
    if (starts(data, 0, 'R', 'I', 'F', 'F') && starts(data, 8, 'W', 'E', 'B', 'P')) {
      return Optional.of("image/webp");
    }
    return Optional.empty();
  }

  private static boolean starts(byte[] data, int offset, int... magic) {
    if (data.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((data[offset + i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
