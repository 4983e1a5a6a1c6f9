package io.fablestream.app.http;

import io.javalin.http.Context;

/**
 * At most {@code api.rate.limit} book calls a minute from one address; the address is the
 * connection's, so behind a proxy every client shares the proxy's budget.
 */
final class RateLimit {
  private final int perMinute;
  private final ClientRateLimiter limiter;

  RateLimit(int perMinute) {
    this.perMinute = perMinute;
    this.limiter = new ClientRateLimiter(perMinute, System::nanoTime);
  }

  /** A before-handler: answers 429 with Retry-After and stops the request when over budget. */
  void check(Context ctx) {
    long waitSeconds = limiter.acquire(ctx.ip());
    if (waitSeconds > 0) {
      ctx.header("Retry-After", Long.toString(waitSeconds));
      ApiErrors.send(
          ctx,
          429,
          "RATE_LIMITED",
          "Too many requests from "
              + ctx.ip()
              + " (api.rate.limit is "
              + perMinute
              + " a minute); try again in "
              + waitSeconds
              + " s.");
      ctx.skipRemainingHandlers();
    }
  }
}
