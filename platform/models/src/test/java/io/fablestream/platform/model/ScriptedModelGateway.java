package io.fablestream.platform.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A model gateway double for topology tests: each request is answered by a script (a function of
 * the request, which may throw {@link ModelException}), and every request is recorded so a test can
 * assert what the service asked.
 */
public final class ScriptedModelGateway implements ModelGateway {
  private final Function<ModelRequest, ModelAnswer> script;
  private final List<ModelRequest> requests = new ArrayList<>();

  public ScriptedModelGateway(Function<ModelRequest, ModelAnswer> script) {
    this.script = script;
  }

  /** Answers every request with the same text and a fixed usage. */
  public static ScriptedModelGateway always(String text) {
    return new ScriptedModelGateway(request -> answer(request, text));
  }

  /** An answer to a request with the given text: 10 prompt tokens, 20 output, 100 ms. */
  public static ModelAnswer answer(ModelRequest request, String text) {
    return new ModelAnswer(request.model(), text, new Usage(10, 20, 100, 1));
  }

  @Override
  public synchronized ModelAnswer generate(ModelRequest request) {
    requests.add(request);
    return script.apply(request);
  }

  /** Every request received, in order. */
  public synchronized List<ModelRequest> requests() {
    return List.copyOf(requests);
  }

  /** The requests whose model is the given one. */
  public synchronized List<ModelRequest> requestsTo(String model) {
    return requests.stream().filter(r -> r.model().equals(model)).toList();
  }
}
