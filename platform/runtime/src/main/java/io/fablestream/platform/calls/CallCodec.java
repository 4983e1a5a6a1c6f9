package io.fablestream.platform.calls;

/**
 * How the request of a kind of call is kept in a ledger store: written when the call is issued,
 * read when its answer is applied or when a task's new owner issues it again. A codec reads what
 * older versions of itself wrote, since a ledger outlives a deploy.
 *
 * @param <Q> the request
 */
public interface CallCodec<Q> {
  /** The request as bytes. */
  byte[] write(Q request);

  /** The request back from what {@link #write} gave. */
  Q read(byte[] bytes);
}
