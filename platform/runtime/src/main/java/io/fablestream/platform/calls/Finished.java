package io.fablestream.platform.calls;

/**
 * A call whose answer (or failure) is back, handed to its service on the stream thread of the task
 * that issued it, inside that task's transaction. It is no longer pending when the service sees it:
 * the ledger entry is gone in the same transaction as whatever the service does with it.
 *
 * <p>It is one of two things, and the service says what it does with each by a {@code switch}:
 * {@link Answered} carries the answer, {@link Failed} the reason there is none. Neither can be read
 * as the other.
 *
 * @param <Q> the request
 * @param <A> the answer
 */
public sealed interface Finished<Q, A> permits Finished.Answered, Finished.Failed {

  /** The kind of call. */
  CallKind<Q, A> kind();

  /** The record key it was issued under: the bookId. */
  String key();

  /** The call's id within its key. */
  String id();

  /** When it was first issued, epoch millis. */
  long issuedAt();

  /** The request, as it was issued. */
  Q request();

  /** Whether this is a call of that kind. */
  default boolean is(CallKind<?, ?> other) {
    return kind() == other;
  }

  /** This call as one of that kind, to read its typed request and answer. */
  @SuppressWarnings("unchecked")
  default <Q2, A2> Finished<Q2, A2> as(CallKind<Q2, A2> other) {
    if (kind() != other) {
      throw new IllegalArgumentException("a " + kind().name() + " call is not a " + other.name());
    }
    return (Finished<Q2, A2>) this;
  }

  /**
   * The call answered.
   *
   * @param answer what the call returned
   */
  record Answered<Q, A>(
      CallKind<Q, A> kind, String key, String id, long issuedAt, Q request, A answer)
      implements Finished<Q, A> {
    @Override
    public String toString() {
      return kind.name() + " " + key + "/" + id + " answered";
    }
  }

  /**
   * The call failed, and there is no answer.
   *
   * @param failure why: the exception the call threw, or what stopped it
   */
  record Failed<Q, A>(
      CallKind<Q, A> kind,
      String key,
      String id,
      long issuedAt,
      Q request,
      RuntimeException failure)
      implements Finished<Q, A> {
    @Override
    public String toString() {
      return kind.name() + " " + key + "/" + id + " failed: " + failure;
    }
  }
}
