package io.fablestream.chapter;

import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.image.DrawRequest;
import io.fablestream.platform.model.image.DrawnImage;
import io.fablestream.platform.model.image.ImageGateway;
import java.util.concurrent.CancellationException;

/**
 * What one drawing cost a book (BookStats.imageCalls and imageTimeMs): the requests the image
 * server was sent for it and the time the call took whole. The gateways retry inside one call and
 * time only their last attempt, so the call is timed here, around the gateway, retries and the
 * pauses between them included: an answer carries that time in {@link DrawnImage#durationMillis}, a
 * failure is passed on as a {@link TimedFailure} that carries it with the gateway's exception.
 *
 * @param calls the requests the image server was sent: every attempt of an answer ({@link
 *     DrawnImage#attempts}) or of a failure that a {@link ModelException} counts, 1 for any other
 *     failure
 * @param timeMs the call's time, in milliseconds
 */
record DrawingCost(int calls, long timeMs) {

  /**
   * The gateway with every drawing timed whole; it runs on the image lane, never a stream thread.
   */
  static ImageGateway timed(ImageGateway gateway) {
    return request -> {
      long start = System.nanoTime();
      try {
        DrawnImage drawn = gateway.draw(request);
        return new DrawnImage(
            drawn.data(),
            drawn.contentType(),
            drawn.width(),
            drawn.height(),
            drawn.model(),
            millisSince(start),
            drawn.attempts());
      } catch (CancellationException stopped) {
        // The ledger keeps a call stopped with the process's slots for the next start.
        throw stopped;
      } catch (RuntimeException failure) {
        throw new TimedFailure(failure, millisSince(start));
      }
    };
  }

  /** What a settled drawing cost. */
  static DrawingCost of(Finished<DrawRequest, DrawnImage> call) {
    return switch (call) {
      case Finished.Answered<DrawRequest, DrawnImage> answered ->
          new DrawingCost(
              answered.answer().attempts(), Math.max(0, answered.answer().durationMillis()));
      case Finished.Failed<DrawRequest, DrawnImage> failed -> {
        RuntimeException failure = failureOf(failed);
        int calls = failure instanceof ModelException model ? Math.max(0, model.attempts()) : 1;
        long took = failed.failure() instanceof TimedFailure timed ? timed.tookMs : 0;
        yield new DrawingCost(calls, took);
      }
    };
  }

  /** Why a drawing failed: the gateway's own exception. */
  static RuntimeException failureOf(Finished.Failed<DrawRequest, DrawnImage> failed) {
    return failed.failure() instanceof TimedFailure timed ? timed.failure() : failed.failure();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** A drawing that failed, with how long it took until it did. */
  static final class TimedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long tookMs;

    TimedFailure(RuntimeException failure, long tookMs) {
      super(failure.getMessage(), failure, false, false);
      this.tookMs = tookMs;
    }

    RuntimeException failure() {
      return (RuntimeException) getCause();
    }
  }
}
