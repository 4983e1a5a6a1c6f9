package io.fablestream.platform.model;

import io.fablestream.events.ModelUsage;

/**
 * What model calls cost: tokens and model time, summable.
 *
 * @param promptTokens tokens read (Ollama's {@code prompt_eval_count})
 * @param outputTokens tokens generated (Ollama's {@code eval_count})
 * @param durationMs model time (Ollama's {@code total_duration}, in milliseconds)
 * @param calls how many model calls this sums
 */
public record Usage(long promptTokens, long outputTokens, long durationMs, int calls) {
  /** Nothing spent yet. */
  public static final Usage NONE = new Usage(0, 0, 0, 0);

  /** The sum of two usages. */
  public Usage plus(Usage other) {
    return new Usage(
        promptTokens + other.promptTokens,
        outputTokens + other.outputTokens,
        durationMs + other.durationMs,
        calls + other.calls);
  }

  /** As the contract's ModelUsage record. */
  public ModelUsage toEvent() {
    return ModelUsage.newBuilder()
        .setPromptTokens(promptTokens)
        .setOutputTokens(outputTokens)
        .setDurationMs(durationMs)
        .setCalls(calls)
        .build();
  }

  /** From the contract's ModelUsage record. */
  public static Usage fromEvent(ModelUsage usage) {
    return new Usage(
        usage.getPromptTokens(), usage.getOutputTokens(), usage.getDurationMs(), usage.getCalls());
  }
}
