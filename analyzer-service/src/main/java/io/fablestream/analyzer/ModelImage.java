package io.fablestream.analyzer;

/**
 * An image ready for the vision model: upright, 8-bit sRGB, scaled to fit, encoded once.
 *
 * @param encoded the JPEG bytes sent to the model
 * @param width the encoded image's width
 * @param height the encoded image's height
 * @param source the submitted image's format, from its magic bytes
 * @param sourceBytes how many bytes were submitted
 * @param sourceWidth the submitted image's width, from its header
 * @param sourceHeight the submitted image's height, from its header
 */
public record ModelImage(
    byte[] encoded,
    int width,
    int height,
    ImageFormat source,
    long sourceBytes,
    int sourceWidth,
    int sourceHeight) {

  /** The encoded image's media type. */
  public String mediaType() {
    return "image/jpeg";
  }

  /** The submitted image's pixel count. */
  public long sourcePixels() {
    return (long) sourceWidth * sourceHeight;
  }
}
