package io.fablestream.platform.model;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What a test server received: how many requests arrived (refused and faulted ones included) and
 * every request it could read, in order of arrival; thread-safe.
 *
 * @param <R> the server's reading of a request
 */
public final class RequestLog<R> {
  private final List<R> log = new CopyOnWriteArrayList<>();
  private final AtomicInteger arrived = new AtomicInteger();
  private final Function<R, String> pathOf;

  /**
   * @param pathOf the URL path of a request, for {@link #on}
   */
  public RequestLog(Function<R, String> pathOf) {
    this.pathOf = pathOf;
  }

  /** Counts a request as it arrives, before it is read. */
  public void arrived() {
    arrived.incrementAndGet();
  }

  /** Keeps a request it read. */
  public void add(R request) {
    log.add(request);
  }

  /** Every request read, in order of arrival. */
  public List<R> all() {
    return List.copyOf(log);
  }

  /** The requests read on one path. */
  public List<R> on(String path) {
    return log.stream().filter(r -> pathOf.apply(r).equals(path)).toList();
  }

  /** How many requests arrived. */
  public int arrivals() {
    return arrived.get();
  }
}
