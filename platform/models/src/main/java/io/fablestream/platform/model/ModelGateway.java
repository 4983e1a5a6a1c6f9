package io.fablestream.platform.model;

/**
 * What the services ask of a model: text from a prompt, optionally with images, optionally
 * constrained to a JSON schema. Implementations retry transient failures themselves; what reaches
 * the caller as a {@link ModelException} is final for this call.
 */
public interface ModelGateway {
  /**
   * Runs one generation.
   *
   * @throws ModelException when the model cannot answer; its {@link ModelException#kind()} says
   *     whether the model is missing, unreachable, or answered with an error
   */
  ModelAnswer generate(ModelRequest request);
}
