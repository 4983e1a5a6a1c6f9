package io.fablestream.chapter;

import io.fablestream.platform.model.image.DrawRequest;
import io.fablestream.platform.model.image.DrawnImage;
import io.fablestream.platform.model.image.ImageGateway;
import io.fablestream.platform.model.image.TestPictures;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * An image model double: draws a real PNG of the asked size (its colour from the seed, so one
 * book's pictures match), records every request, and answers with a failure or other bytes when the
 * test says so for a request.
 */
final class PaintedImages implements ImageGateway {
  static final String MODEL = "sd-test";

  private final List<DrawRequest> requests = new ArrayList<>();
  private Function<DrawRequest, RuntimeException> failure = request -> null;
  private Function<DrawRequest, byte[]> bytes = request -> null;

  /** Fails the requests for which {@code failure} gives an exception. */
  synchronized PaintedImages failing(Function<DrawRequest, RuntimeException> failure) {
    this.failure = failure;
    return this;
  }

  /** Answers with other bytes (no picture, say) the requests for which {@code bytes} gives some. */
  synchronized PaintedImages answering(Function<DrawRequest, byte[]> bytes) {
    this.bytes = bytes;
    return this;
  }

  @Override
  public synchronized DrawnImage draw(DrawRequest request) {
    requests.add(request);
    RuntimeException fault = failure.apply(request);
    if (fault != null) {
      throw fault;
    }
    byte[] other = bytes.apply(request);
    if (other != null) {
      return new DrawnImage(other, "image/png", request.width(), request.height(), MODEL, 5, 1);
    }
    return new DrawnImage(
        png(request.width(), request.height(), request.seed()),
        "image/png",
        request.width(),
        request.height(),
        MODEL,
        5,
        1);
  }

  /** Every request so far, in order. */
  synchronized List<DrawRequest> requests() {
    return List.copyOf(requests);
  }

  /** A PNG of that size, its colour from the seed. */
  static byte[] png(int width, int height, long seed) {
    return TestPictures.disc(width, height, new Color((int) (seed & 0xffffff)), Color.WHITE);
  }
}
