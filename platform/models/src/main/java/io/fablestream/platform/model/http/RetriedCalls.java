package io.fablestream.platform.model.http;

import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.retry.Backoff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model server's calls on the platform {@link Backoff}: a {@link TransientFailure} is retried
 * (after the pause the server asked for, when it asked for a longer one), each retry logged and
 * counted as {@code fablestream.model.retries}; a {@link ModelException} from an attempt is final
 * and passes through at once; an interrupt (a shutdown) ends the call at once with the flag kept.
 *
 * <p>Shared by the Ollama and the OpenAI-API gateways; not for use outside them. Thread-safe.
 */
public final class RetriedCalls {
  private static final Logger LOG = LoggerFactory.getLogger(RetriedCalls.class);

  /** One try; the argument is the attempt's number, from 1. */
  @FunctionalInterface
  public interface Call<T> {
    T run(int attempt) throws TransientFailure, InterruptedException;
  }

  /** How the retries ended: the attempts made and the last failure. */
  public record Exhausted(int attempts, TransientFailure last) {
    /**
     * The final exception: {@code UNAVAILABLE}, the server did not answer the model.
     *
     * @param server the server as the message names it
     * @param lastError the last failure's message as it may be shown (credentials scrubbed)
     */
    public ModelException unavailable(String server, String model, String lastError) {
      return new ModelException(
          ModelException.Kind.UNAVAILABLE,
          server
              + " did not answer model "
              + model
              + " after "
              + attempts
              + (attempts == 1 ? " attempt" : " attempts")
              + "; last error: "
              + lastError,
          attempts,
          last);
    }
  }

  private final String server;
  private final Backoff backoff;
  private final MeterRegistry registry;

  /**
   * @param server the server as messages show it (no credentials)
   * @param registry where the retry counter goes; null for none
   */
  public RetriedCalls(String server, Backoff backoff, MeterRegistry registry) {
    this.server = server;
    this.backoff = backoff;
    this.registry = registry;
  }

  /**
   * Runs the call.
   *
   * @param model the model asked, for the log and the counter ({@code (list)} for a model list)
   * @param giveUp makes the final exception from the last failure and the attempts made
   */
  public <T> T run(String model, Call<T> call, Function<Exhausted, ModelException> giveUp) {
    int[] made = {0};
    try {
      return backoff.run(
          attempt -> {
            made[0] = attempt;
            try {
              return call.run(attempt);
            } catch (InterruptedException e) {
              throw interrupted(attempt, e);
            }
          },
          TransientFailure.class,
          new Backoff.Listener<TransientFailure>() {
            @Override
            public void retrying(int failedAttempt, TransientFailure failure, Duration pause) {
              retryLater(model, failedAttempt, failure, pause);
            }

            @Override
            public Duration asked(TransientFailure failure) {
              return failure.retryAfter();
            }
          },
          Backoff.THREAD_SLEEP);
    } catch (TransientFailure last) {
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted(made[0], last);
      }
      throw giveUp.apply(new Exhausted(made[0], last));
    }
  }

  private static ModelException interrupted(int attempts, Exception cause) {
    // The thread is being stopped (a shutdown): keep the flag so the caller's loop sees it.
    Thread.currentThread().interrupt();
    return new ModelException(
        ModelException.Kind.UNAVAILABLE, "model call interrupted (shutting down)", attempts, cause);
  }

  private void retryLater(String model, int attempt, TransientFailure failure, Duration pause) {
    LOG.warn(
        "{} failed for model {} (attempt {} of {}): {}; retrying in {} ms",
        server,
        model,
        attempt,
        backoff.attempts(),
        failure.getMessage(),
        pause.toMillis());
    if (registry != null) {
      Counter.builder("fablestream.model.retries")
          .description("Model calls retried after a transient failure")
          // One gateway serves every service of a process, so it cannot say which one called;
          // like story memory's service=memory, it names itself, and every meter has the tag.
          .tag("service", "models")
          .tag("model", model)
          .tag("reason", failure.reason().tag())
          .register(registry)
          .increment();
    }
  }
}
