package io.fablestream.analyzer;

import io.fablestream.events.ImageRef;
import io.fablestream.schemas.FailureReason;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;

/**
 * From a submitted image reference to the image the vision model sees, or a reason why not. Inline
 * bytes or a URI ({@link ImageFetcher} keeps URIs inside their rules); the format from the magic
 * bytes, never from the declared content type; then {@link ImageNormalizer}. Every outcome is a
 * value: no exception about the image leaves this class.
 */
public final class ImageIntake {
  private final ByteLimit limit;
  private final ImageFetcher fetcher;
  private final ImageNormalizer normalizer;

  public ImageIntake(AnalyzerSettings settings) {
    this(settings, new ImageFetcher(settings));
  }

  /** An intake whose URIs are read by the given fetcher (tests give one a resolver of theirs). */
  ImageIntake(AnalyzerSettings settings, ImageFetcher fetcher) {
    this.limit = new ByteLimit(settings.maxImageBytes());
    this.fetcher = fetcher;
    this.normalizer = new ImageNormalizer(settings.maxPixels(), settings.maxSide());
  }

  /** Reads, checks and prepares the referenced image. */
  public IntakeResult intake(ImageRef ref) {
    boolean hasData = ref.getData() != null;
    boolean hasUri = ref.getUri() != null;
    if (hasData == hasUri) {
      return new IntakeResult.Refused(
          FailureReason.INVALID_REQUEST,
          "The image must have exactly one of data and uri; it has "
              + (hasData ? "both" : "neither")
              + ".");
    }
    try {
      byte[] bytes = hasData ? inline(ref.getData()) : fetcher.fetch(ref.getUri());
      return new IntakeResult.Ready(prepare(bytes));
    } catch (IntakeException e) {
      return e.toResult();
    }
  }

  /** Checks and prepares image bytes already in hand. */
  public IntakeResult intake(byte[] bytes) {
    try {
      if (bytes.length > limit.max()) {
        throw limit.exceeded("The image");
      }
      return new IntakeResult.Ready(prepare(bytes));
    } catch (IntakeException e) {
      return e.toResult();
    }
  }

  private byte[] inline(ByteBuffer data) throws IntakeException {
    if (data.remaining() > limit.max()) {
      throw limit.exceeded("The image");
    }
    byte[] bytes = new byte[data.remaining()];
    data.duplicate().get(bytes);
    return bytes;
  }

  private ModelImage prepare(byte[] bytes) throws IntakeException {
    if (bytes.length == 0) {
      throw new IntakeException(
          FailureReason.IMAGE_UNREADABLE,
          "The image is empty (0 bytes). Check the upload and submit the image again.");
    }
    Optional<ImageFormat> format = ImageFormat.sniff(bytes);
    if (format.isEmpty()) {
      Optional<String> known = ImageFormat.sniffUnsupported(bytes);
      if (known.isPresent()) {
        throw new IntakeException(
            FailureReason.IMAGE_UNSUPPORTED,
            "The image is "
                + known.get()
                + ", which this server does not read. Convert it to PNG or JPEG and submit it"
                + " again.");
      }
      throw new IntakeException(
          FailureReason.IMAGE_UNREADABLE,
          "The data is not an image this server knows: it starts with "
              + firstBytes(bytes)
              + ", which is none of PNG, JPEG, GIF, BMP, WebP or TIFF (whatever the declared"
              + " content type says). Submit the picture itself as PNG or JPEG.");
    }
    if (format.get() == ImageFormat.PNG) {
      Optional<String> damaged = PngChecksums.firstDamagedChunk(bytes);
      if (damaged.isPresent()) {
        throw new IntakeException(
            FailureReason.IMAGE_UNREADABLE,
            "The PNG image is damaged: its "
                + damaged.get()
                + " chunk fails its CRC check. Check that the file opens in an image viewer, and"
                + " submit it again.");
      }
    }
    return normalizer.normalize(bytes, format.get());
  }

  private static String firstBytes(byte[] bytes) {
    int n = Math.min(bytes.length, 8);
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes, 0, n);
  }
}
