package io.fablestream.platform.model;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wraps a model gateway with a service's meters. The gateway the configuration asks for is made by
 * {@code io.fablestream.platform.model.configured.ModelProviders}, beside the providers it chooses.
 */
public final class ModelGateways {
  private ModelGateways() {}

  /**
   * The gateway with one service's meters: Timer {@code fablestream.model.calls} (tags service,
   * model, outcome = success, model_not_found, unavailable, rejected, error) and Counter {@code
   * fablestream.model.tokens} (tags service, model, kind = prompt, output). Services wrap the
   * shared gateway with their name.
   */
  public static ModelGateway metered(ModelGateway gateway, MeterRegistry registry, String service) {
    return new MeteredModelGateway(gateway, registry, service);
  }
}
