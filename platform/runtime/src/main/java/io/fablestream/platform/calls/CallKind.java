package io.fablestream.platform.calls;

import java.util.Objects;
import java.util.function.Function;

/**
 * One kind of call a service makes off its stream threads: its name in the ledger, how its request
 * is kept, the lane whose slots run it, and the call itself. The call runs on a slot's thread, so
 * it may block (a model call, a vector store write); it must be safe to run again, since a call in
 * flight when its task moves or its process dies is issued again by the task's next owner.
 *
 * @param <Q> the request, kept in the ledger until the answer is applied
 * @param <A> the answer
 */
public final class CallKind<Q, A> {
  private final String name;
  private final CallCodec<Q> codec;
  private final CallSlots slots;
  private final Function<Q, A> call;

  private CallKind(String name, CallCodec<Q> codec, CallSlots slots, Function<Q, A> call) {
    this.name = Objects.requireNonNull(name);
    this.codec = Objects.requireNonNull(codec);
    this.slots = Objects.requireNonNull(slots);
    this.call = Objects.requireNonNull(call);
  }

  /**
   * A kind of call.
   *
   * @param name its name in the ledger, for example {@code model}; unique within a service
   * @param codec how its request is kept
   * @param slots the lane that runs it
   * @param call the call, run on a slot's thread
   */
  public static <Q, A> CallKind<Q, A> of(
      String name, CallCodec<Q> codec, CallSlots slots, Function<Q, A> call) {
    return new CallKind<>(name, codec, slots, call);
  }

  /** Its name in the ledger. */
  public String name() {
    return name;
  }

  CallCodec<Q> codec() {
    return codec;
  }

  CallSlots slots() {
    return slots;
  }

  A call(Q request) {
    return call.apply(request);
  }

  @Override
  public String toString() {
    return "CallKind[" + name + " on " + slots.lane() + "]";
  }
}
