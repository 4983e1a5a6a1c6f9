package io.fablestream.platform.model.image;

import java.util.Objects;

/**
 * One picture to draw.
 *
 * @param prompt what to draw, the style included
 * @param width the width in pixels
 * @param height the height in pixels
 * @param seed the book's seed, non-negative and the same on every retry; sent where the API takes
 *     one
 * @param reference a picture to draw from (image-to-image or a reference image) where the API and
 *     the settings allow it, or null
 */
public record DrawRequest(String prompt, int width, int height, long seed, byte[] reference) {
  public DrawRequest {
    Objects.requireNonNull(prompt, "prompt");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
    }
    if (seed < 0) {
      throw new IllegalArgumentException("seed must be non-negative: " + seed);
    }
  }
}
