package io.fablestream.platform.model.image;

import java.util.Objects;

/**
 * A picture the server drew.
 *
 * @param data the image bytes
 * @param contentType their media type, read from the bytes (image/png, image/jpeg, image/webp)
 * @param width the width in pixels, read from the bytes
 * @param height the height in pixels, read from the bytes
 * @param model the model that drew it, as the server named it, or null
 * @param durationMillis how long the answering attempt took, as a gateway times it (the attempts
 *     before it not included; a caller that wants the whole call times it around the gateway, as
 *     chapter-service's book stats do)
 * @param attempts the attempts the gateway made for it, the answering one included: 1, or more when
 *     it retried a failure that may pass (at least 1: a count of 0, from a caller that does not
 *     know it, reads as 1)
 */
public record DrawnImage(
    byte[] data,
    String contentType,
    int width,
    int height,
    String model,
    long durationMillis,
    int attempts) {
  public DrawnImage {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(contentType, "contentType");
    attempts = Math.max(1, attempts);
  }
}
