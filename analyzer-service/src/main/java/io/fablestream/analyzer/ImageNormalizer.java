package io.fablestream.analyzer;

import io.fablestream.schemas.FailureReason;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns the bytes of a known image format into the image the model sees: the size is read from the
 * header and checked against the pixel limit before any pixel is decoded; large images are
 * subsampled while decoding; the result is 8-bit sRGB (CMYK, 16-bit, grey, indexed and alpha images
 * converted, alpha composited on white), scaled so its longest side fits, turned upright by its
 * EXIF orientation, and encoded once as JPEG.
 */
final class ImageNormalizer {
  private static final float JPEG_QUALITY = 0.9f;

  private final long maxPixels;
  private final int maxSide;

  ImageNormalizer(long maxPixels, int maxSide) {
    this.maxPixels = maxPixels;
    this.maxSide = maxSide;
  }

  ModelImage normalize(byte[] data, ImageFormat format) throws IntakeException {
    ImageReader reader = readerFor(format);
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(in, true, true);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      checkPixels(width, height, format);
      ImageReadParam param = reader.getDefaultReadParam();
      int step = subsampling(width, height);
      if (step > 1) {
        param.setSourceSubsampling(step, step, 0, 0);
      }
      TruncationWatch watch = new TruncationWatch();
      reader.addIIOReadWarningListener(watch);
      BufferedImage decoded = reader.read(0, param);
      if (watch.truncated) {
        throw unreadable(format, "the data ends before the image does (a cut-off upload?)", null);
      }
      BufferedImage upright = orient(scale(toRgb(decoded)), ExifOrientation.of(format, data));
      return new ModelImage(
          encode(upright),
          upright.getWidth(),
          upright.getHeight(),
          format,
          data.length,
          width,
          height);
    } catch (IOException | RuntimeException e) {
      // ImageIO readers signal damaged input with IIOException, but also with EOFException,
      // IndexOutOfBounds, IllegalArgument and friends: all of them mean "cannot read this image".
      if (e.getMessage() != null
          && e.getMessage().toLowerCase(Locale.ROOT).contains("unsupported")) {
        throw new IntakeException(
            FailureReason.IMAGE_UNSUPPORTED,
            "This "
                + format
                + " image uses a variant this server cannot read ("
                + decoderSaid(e.getMessage())
                + "). Convert it to a plain PNG or JPEG and submit it again.",
            e);
      }
      throw unreadable(format, String.valueOf(e.getMessage()), e);
    } finally {
      reader.dispose();
    }
  }

  private static ImageReader readerFor(ImageFormat format) throws IntakeException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
    if (!readers.hasNext()) {
      throw new IntakeException(
          FailureReason.IMAGE_UNSUPPORTED,
          "This server has no reader for "
              + format
              + " images. Convert the image to PNG or JPEG and submit it again.");
    }
    return readers.next();
  }

  private void checkPixels(int width, int height, ImageFormat format) throws IntakeException {
    if (width <= 0 || height <= 0) {
      throw unreadable(format, "its header gives a size of " + width + " x " + height, null);
    }
    long pixels = (long) width * height;
    if (pixels > maxPixels) {
      throw new IntakeException(
          FailureReason.IMAGE_TOO_LARGE,
          "The image is "
              + width
              + " x "
              + height
              + " pixels ("
              + pixels
              + "), more than the limit of "
              + maxPixels
              + " (analyzer.max.pixels). Scale it down (the model sees at most "
              + maxSide
              + " pixels a side) and submit it again.");
    }
  }

  /**
   * Every n-th pixel of rows and columns, so the decoded image is between one and two times the
   * target size: memory and time grow with the target, not with the source.
   */
  private int subsampling(int width, int height) {
    return Math.max(1, Math.max(width, height) / maxSide);
  }

  /** 8-bit sRGB without alpha; alpha is composited on white, as a viewer would show it. */
  static BufferedImage toRgb(BufferedImage image) {
    ColorSpace space = image.getColorModel().getColorSpace();
    boolean srgb = space.isCS_sRGB();
    int type = image.getType();
    if (srgb
        && (type == BufferedImage.TYPE_INT_RGB
            || type == BufferedImage.TYPE_3BYTE_BGR
            || type == BufferedImage.TYPE_INT_BGR)) {
      return image;
    }
    BufferedImage out =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    if (!srgb && space.getType() != ColorSpace.TYPE_GRAY && !image.getColorModel().hasAlpha()) {
      // CMYK, YCCK or an ICC RGB profile: convert colours properly, not by the generic blit.
      new ColorConvertOp(null).filter(image, out);
      return out;
    }
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), out.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Scaled so the longest side is at most maxSide, halving first for a sharp, unaliased result. */
  BufferedImage scale(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int longest = Math.max(width, height);
    if (longest <= maxSide) {
      return image;
    }
    double factor = (double) maxSide / longest;
    int targetWidth = (int) Math.max(1, Math.round(width * factor));
    int targetHeight = (int) Math.max(1, Math.round(height * factor));
    BufferedImage current = image;
    int w = width;
    int h = height;
    do {
      w = w > 2 * targetWidth ? w / 2 : targetWidth;
      h = h > 2 * targetHeight ? h / 2 : targetHeight;
      BufferedImage next = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = next.createGraphics();
      try {
        g.setRenderingHint(
            RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(current, 0, 0, w, h, null);
      } finally {
        g.dispose();
      }
      current = next;
    } while (w != targetWidth || h != targetHeight);
    return current;
  }

  /** The image turned as its EXIF orientation (1 to 8) says, so the model sees it upright. */
  static BufferedImage orient(BufferedImage image, int orientation) {
    if (orientation <= ExifOrientation.NORMAL || orientation > 8) {
      return image;
    }
    BufferedImage src = asIntRgb(image);
    int w = src.getWidth();
    int h = src.getHeight();
    // Each of the eight orientations is a composition of three moves: a transpose (5 to 8), then a
    // mirror of the columns, of the rows, or both, in the turned image.
    boolean swap = orientation >= 5;
    boolean mirrorColumns =
        orientation == 2 || orientation == 3 || orientation == 6 || orientation == 7;
    boolean mirrorRows =
        orientation == 3 || orientation == 4 || orientation == 7 || orientation == 8;
    BufferedImage dst = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
    int[] in = ((DataBufferInt) src.getRaster().getDataBuffer()).getData();
    int[] out = ((DataBufferInt) dst.getRaster().getDataBuffer()).getData();
    int dstWidth = dst.getWidth();
    int dstHeight = dst.getHeight();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int tx = swap ? y : x;
        int ty = swap ? x : y;
        int dx = mirrorColumns ? dstWidth - 1 - tx : tx;
        int dy = mirrorRows ? dstHeight - 1 - ty : ty;
        out[dy * dstWidth + dx] = in[y * w + x];
      }
    }
    return dst;
  }

  private static BufferedImage asIntRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB
        && image.getRaster().getDataBuffer() instanceof DataBufferInt
        && image.getRaster().getMinX() == 0
        && image.getRaster().getSampleModelTranslateX() == 0) {
      return image;
    }
    BufferedImage copy =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = copy.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return copy;
  }

  private static byte[] encode(BufferedImage image) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static IntakeException unreadable(ImageFormat format, String detail, Throwable cause) {
    return new IntakeException(
        FailureReason.IMAGE_UNREADABLE,
        "The "
            + format
            + " image cannot be read: "
            + decoderSaid(detail)
            + ". Check that the file opens in an image viewer, and submit it again.",
        cause);
  }

  /**
   * A decoder's own words in a message: bounded, and without a closing stop (the sentence goes on).
   */
  private static String decoderSaid(String detail) {
    String said = detail.length() <= 200 ? detail : detail.substring(0, 200) + "...";
    return said.replaceAll("[.!]+$", "");
  }

  /** Notices a reader's warning that the data ended early; readers then return a partial image. */
  private static final class TruncationWatch implements javax.imageio.event.IIOReadWarningListener {
    private boolean truncated;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      String w = warning.toLowerCase(Locale.ROOT);
      if (w.contains("premature end") || w.contains("truncat") || w.contains("end of file")) {
        truncated = true;
      }
    }
  }
}
