package io.fablestream.app.http;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address: each client may make {@code perMinute} requests in a burst,
 * and earns them back evenly over a minute. A client over its budget is told how long to wait.
 *
 * <p>Buckets of clients that have been quiet long enough to be full again are dropped when the map
 * grows large, so a scan over many addresses cannot grow it without bound.
 */
final class ClientRateLimiter {
  private static final long MINUTE_NANOS = 60_000_000_000L;
  private static final int SWEEP_ABOVE = 10_000;

  private final int perMinute;
  private final double nanosPerToken;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param perMinute the requests a client may make per minute, also its burst; 0 turns limiting
   *     off
   * @param nanoTime the clock, {@code System::nanoTime} outside tests
   */
  ClientRateLimiter(int perMinute, LongSupplier nanoTime) {
    this.perMinute = perMinute;
    this.nanosPerToken = perMinute == 0 ? 0 : (double) MINUTE_NANOS / perMinute;
    this.nanoTime = nanoTime;
  }

  /**
   * Takes one request from the client's budget.
   *
   * @return 0 when the request may go on, else the whole seconds to wait (at least 1), for a {@code
   *     Retry-After} header
   */
  long acquire(String client) {
    if (perMinute == 0) {
      return 0;
    }
    long now = nanoTime.getAsLong();
    if (buckets.size() > SWEEP_ABOVE) {
      sweep(now);
    }
    Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(perMinute, now));
    synchronized (bucket) {
      bucket.refill(now, perMinute, nanosPerToken);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      double missingNanos = (1 - bucket.tokens) * nanosPerToken;
      return Math.max(1, (long) Math.ceil(missingNanos / 1e9));
    }
  }

  private void sweep(long now) {
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      Bucket bucket = it.next();
      synchronized (bucket) {
        bucket.refill(now, perMinute, nanosPerToken);
        if (bucket.tokens >= perMinute) {
          it.remove();
        }
      }
    }
  }

  /** One client's tokens and when they were last counted. */
  private static final class Bucket {
    private double tokens;
    private long updated;

    Bucket(int tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }

    void refill(long now, int capacity, double nanosPerToken) {
      tokens = Math.min(capacity, tokens + (now - updated) / nanosPerToken);
      updated = now;
    }
  }
}
