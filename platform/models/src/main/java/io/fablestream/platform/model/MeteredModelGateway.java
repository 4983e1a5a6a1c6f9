package io.fablestream.platform.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;

/**
 * A gateway that times each call and counts its tokens, tagged with the calling service.
 *
 * @param gateway the gateway that answers the calls
 * @param registry where the meters go
 * @param service the calling service, the meters' {@code service} tag
 */
record MeteredModelGateway(ModelGateway gateway, MeterRegistry registry, String service)
    implements ModelGateway {

  @Override
  public ModelAnswer generate(ModelRequest request) {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "error";
    try {
      ModelAnswer answer = gateway.generate(request);
      outcome = "success";
      tokens(request.model(), "prompt", answer.usage().promptTokens());
      tokens(request.model(), "output", answer.usage().outputTokens());
      return answer;
    } catch (ModelException e) {
      outcome = e.kind().name().toLowerCase(Locale.ROOT);
      throw e;
    } finally {
      sample.stop(
          Timer.builder("fablestream.model.calls")
              .description("Model calls, retries included, by outcome")
              .tag("service", service)
              .tag("model", request.model())
              .tag("outcome", outcome)
              .publishPercentileHistogram()
              .register(registry));
    }
  }

  private void tokens(String model, String kind, long count) {
    Counter.builder("fablestream.model.tokens")
        .description("Tokens read (prompt) and written (output) by the model")
        .tag("service", service)
        .tag("model", model)
        .tag("kind", kind)
        .register(registry)
        .increment(count);
  }
}
