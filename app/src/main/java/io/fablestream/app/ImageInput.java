package io.fablestream.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A picture as submitted: its bytes and the media type its first bytes show. The checks here are
 * the cheap ones a person should hear about at once (no file, empty, too large, not an image at
 * all); whether the image decodes is the analyzer's call, which answers with a BookFailed.
 *
 * @param data the bytes
 * @param contentType the type the magic bytes name, for example {@code image/png}
 */
public record ImageInput(byte[] data, String contentType) {

  /**
   * Checks bytes from anywhere (a file, an upload).
   *
   * @throws BadInputException naming what is wrong
   */
  public static ImageInput of(byte[] data, long maxBytes, String what) {
    if (data == null || data.length == 0) {
      throw new BadInputException("EMPTY_IMAGE", what + " is empty: send the bytes of a picture.");
    }
    if (data.length > maxBytes) {
      throw new BadInputException(
          "IMAGE_TOO_LARGE",
          what + " is " + data.length + " bytes; the limit is " + maxBytes + " bytes.");
    }
    String type = sniff(data);
    if (type == null) {
      throw new BadInputException(
          "NOT_AN_IMAGE",
          what + " is not an image Fablestream reads (PNG, JPEG, GIF, WebP, BMP or TIFF).");
    }
    return new ImageInput(data, type);
  }

  /** Reads and checks a file. */
  public static ImageInput read(Path file, long maxBytes) {
    try {
      if (Files.isDirectory(file)) {
        throw new BadInputException("NOT_A_FILE", file + " is a directory, not an image file.");
      }
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new BadInputException(
            "IMAGE_TOO_LARGE", file + " is " + size + " bytes; the limit is " + maxBytes + ".");
      }
      return of(Files.readAllBytes(file), maxBytes, file.toString());
    } catch (NoSuchFileException e) {
      throw new BadInputException("NO_SUCH_FILE", "No such file: " + file);
    } catch (IOException e) {
      throw new BadInputException("UNREADABLE_FILE", "Cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The media type the first bytes name, or null when they name none Fablestream knows. */
  static String sniff(byte[] b) {
    if (startsWith(b, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return "image/png";
    }
    if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
      return "image/jpeg";
    }
    if (startsWith(b, 'G', 'I', 'F', '8')) {
      return "image/gif";
    }
    if (startsWith(b, 'R', 'I', 'F', 'F')
        && b.length >= 12
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P') {
      return "image/webp";
    }
    if (startsWith(b, 'B', 'M')) {
      return "image/bmp";
    }
    if (startsWith(b, 'I', 'I', 0x2A, 0x00) || startsWith(b, 'M', 'M', 0x00, 0x2A)) {
      return "image/tiff";
    }
    return null;
  }

  private static boolean startsWith(byte[] data, int... magic) {
    if (data.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((data[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** Input a person must fix: a stable code and a message that says how. */
  public static final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String field;

    public BadInputException(String code, String message) {
      this(code, null, message);
    }

    /** Input whose one field, named as the request names it, is at fault. */
    public BadInputException(String code, String field, String message) {
      super(message);
      this.code = code;
      this.field = field;
    }

    /** The field at fault, for example {@code chapters}, or null. */
    public String field() {
      return field;
    }

    /** The stable code, for example {@code NOT_AN_IMAGE}. */
    public String code() {
      return code;
    }
  }
}
