package io.fablestream.bench;

/**
 * One model call the simulator served, with its times in nanoseconds of {@link System#nanoTime}.
 *
 * @param purpose what the call was for
 * @param story the simulator's number of the story (book) the call belongs to; 0 when unknown
 * @param chapter the chapter the call is about (the last chapter of a summary); 0 for vision
 * @param arrived when the request arrived
 * @param started when it got a slot (after waiting in the queue)
 * @param ended when its answer was ready and the slot was freed
 */
public record SimulatedCall(
    CallPurpose purpose, int story, int chapter, long arrived, long started, long ended) {

  /** How long the call held its slot. */
  public long busyNanos() {
    return ended - started;
  }

  /** How long it waited for a slot. */
  public long queuedNanos() {
    return started - arrived;
  }
}
