package io.fablestream.platform.model.image;

/**
 * What the line asks of an image model server: one picture drawn from a prompt. Implementations
 * speak one API each (the OpenAI images API, Automatic1111's) and retry transient failures
 * themselves; what reaches the caller as a {@link io.fablestream.platform.model.ModelException} is
 * final for this call. A call must be safe to repeat: the same request draws with the same seed.
 */
public interface ImageGateway {
  /**
   * Draws one picture.
   *
   * @throws io.fablestream.platform.model.ModelException when the server cannot draw it; its kind
   *     says whether the model is missing, the server unreachable, or the request refused
   */
  DrawnImage draw(DrawRequest request);
}
