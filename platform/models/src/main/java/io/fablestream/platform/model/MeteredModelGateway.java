package io.fablestream.platform.model;

import io.fablestream.platform.service.ServiceMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A gateway that times each call and counts its tokens, tagged with the calling service like every
 * meter of that service ({@link ServiceMeters}).
 *
 * @param gateway the gateway that answers the calls
 * @param registry where the meters go
 * @param service the calling service, the meters' {@code service} tag
 */
public record MeteredModelGateway(ModelGateway gateway, MeterRegistry registry, String service)
    implements ModelGateway {

  @Override
  public ModelAnswer generate(ModelRequest request) {
    ServiceMeters meters = new ServiceMeters(registry, service);
    ModelAnswer answer =
        timed(
            meters,
            "fablestream.model.calls",
            "Model calls, retries included, by outcome",
            () -> gateway.generate(request),
            answered -> request.model());
    tokens(meters, request.model(), "prompt", answer.usage().promptTokens());
    tokens(meters, request.model(), "output", answer.usage().outputTokens());
    return answer;
  }

  /**
   * Runs one call to a model server, timed (with its percentile histogram) by the model it names
   * and its outcome: {@code success}, the kind of the {@link ModelException} it threw in lower case
   * ({@code unavailable}, {@code model_not_found}...), or {@code error}. The text model's calls and
   * the image model's are timed by this one rule, each under its own timer.
   *
   * @param meters the calling service's meters
   * @param timer the timer's name
   * @param description the timer's description
   * @param call the call
   * @param model the model to tag, given the call's answer, or null when it failed
   * @param <A> the answer
   */
  public static <A> A timed(
      ServiceMeters meters,
      String timer,
      String description,
      Supplier<A> call,
      Function<A, String> model) {
    Timer.Sample sample = Timer.start(meters.registry());
    String outcome = "error";
    A answer = null;
    try {
      answer = call.get();
      outcome = "success";
      return answer;
    } catch (ModelException e) {
      outcome = e.kind().name().toLowerCase(Locale.ROOT);
      throw e;
    } finally {
      sample.stop(
          meters.timer(timer, description, "model", model.apply(answer), "outcome", outcome));
    }
  }

  private static void tokens(ServiceMeters meters, String model, String kind, long count) {
    meters
        .counter(
            "fablestream.model.tokens",
            "Tokens read (prompt) and written (output) by the model",
            "model",
            model,
            "kind",
            kind)
        .increment(count);
  }
}
