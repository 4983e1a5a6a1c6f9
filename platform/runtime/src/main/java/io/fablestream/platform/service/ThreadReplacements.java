package io.fablestream.platform.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's answer to a stream thread that died: replace it, at most {@code
 * streams.thread.replacements} times within {@code streams.thread.replacement.window}; past that,
 * stop this instance ({@code SHUTDOWN_CLIENT}), which leaves Kafka Streams in ERROR and the
 * service's {@code /health/ready} at 503. A failure that kills every new thread on the same record
 * then ends with one log line naming the service and the error, not a loop for ever.
 */
final class ThreadReplacements implements StreamsUncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacements.class);

  private final String service;
  private final int allowed;
  private final Duration window;
  private final Clock clock;
  private final Deque<Instant> replaced = new ArrayDeque<>();
  private volatile Throwable stoppedBy;

  ThreadReplacements(String service, int allowed, Duration window, Clock clock) {
    this.service = service;
    this.allowed = allowed;
    this.window = window;
    this.clock = clock;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    Instant now = clock.instant();
    while (!replaced.isEmpty() && !replaced.peekFirst().isAfter(now.minus(window))) {
      replaced.removeFirst();
    }
    if (replaced.size() < allowed) {
      replaced.addLast(now);
      LOG.error(
          "{}: a stream thread died; replacing it ({} of {} within {})",
          service,
          replaced.size(),
          allowed,
          window,
          exception);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    stoppedBy = exception;
    LOG.error(
        "{}: STOPPING: a stream thread died again after {} replacements within {}"
            + " (streams.thread.replacements, streams.thread.replacement.window); the service stops"
            + " and /health/ready answers 503. The error: {}",
        service,
        allowed,
        window,
        exception.toString(),
        exception);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** The error that made the service stop, or null while it runs. */
  Throwable stoppedBy() {
    return stoppedBy;
  }
}
