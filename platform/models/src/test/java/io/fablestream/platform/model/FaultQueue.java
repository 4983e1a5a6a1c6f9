package io.fablestream.platform.model;

import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The faults a test server keeps for its next requests, first queued first served; thread-safe, as
 * requests arrive on the server's threads.
 *
 * @param <F> the server's kinds of fault
 */
public final class FaultQueue<F> {
  private final ConcurrentLinkedDeque<F> queued = new ConcurrentLinkedDeque<>();

  /** The next n requests get this fault. */
  public void next(int n, F fault) {
    for (int i = 0; i < n; i++) {
      queued.add(fault);
    }
  }

  /** The fault for the request that just arrived, or null to answer it as scripted. */
  public F poll() {
    return queued.poll();
  }
}
