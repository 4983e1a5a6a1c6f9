package io.fablestream.platform.calls;

import java.util.Objects;

/**
 * A call whose answer (or failure) is back, handed to its service on the stream thread of the task
 * that issued it, inside that task's transaction. It is no longer pending when the service sees it:
 * the ledger entry is gone in the same transaction as whatever the service does with it.
 *
 * @param <Q> the request
 * @param <A> the answer
 */
public final class Finished<Q, A> {
  private final CallKind<Q, A> kind;
  private final String key;
  private final String id;
  private final long issuedAt;
  private final Q request;
  private final A answer;
  private final RuntimeException failure;

  Finished(
      CallKind<Q, A> kind,
      String key,
      String id,
      long issuedAt,
      Q request,
      A answer,
      RuntimeException failure) {
    this.kind = kind;
    this.key = key;
    this.id = id;
    this.issuedAt = issuedAt;
    this.request = request;
    this.answer = answer;
    this.failure = failure;
  }

  /** Whether this is a call of that kind. */
  public boolean is(CallKind<?, ?> other) {
    return kind == other;
  }

  /** This call as one of that kind, to read its typed request and answer. */
  @SuppressWarnings("unchecked")
  public <Q2, A2> Finished<Q2, A2> as(CallKind<Q2, A2> other) {
    if (kind != other) {
      throw new IllegalArgumentException("a " + kind.name() + " call is not a " + other.name());
    }
    return (Finished<Q2, A2>) this;
  }

  /** The kind of call. */
  public CallKind<Q, A> kind() {
    return kind;
  }

  /** The record key it was issued under: the bookId. */
  public String key() {
    return key;
  }

  /** The call's id within its key. */
  public String id() {
    return id;
  }

  /** When it was first issued, epoch millis. */
  public long issuedAt() {
    return issuedAt;
  }

  /** The request, as it was issued. */
  public Q request() {
    return request;
  }

  /** Whether the call answered; when false, {@link #failure()} says why not. */
  public boolean answered() {
    return failure == null;
  }

  /** The answer. */
  public A answer() {
    if (failure != null) {
      throw new IllegalStateException("the " + kind.name() + " call " + id + " failed", failure);
    }
    return answer;
  }

  /** Why the call failed, or null when it answered. */
  public RuntimeException failure() {
    return failure;
  }

  @Override
  public String toString() {
    return kind.name()
        + " "
        + Objects.toString(key)
        + "/"
        + id
        + (answered() ? " answered" : " failed: " + failure);
  }
}
