package io.fablestream.app;

import io.fablestream.platform.model.ollama.OllamaTestServer;
import java.time.Duration;

/**
 * The Ollama-API test server with {@link StoryOllama}'s answers, as a process: for trying the CLI
 * and the API by hand without Ollama, as docs/app.md's transcript does. Not run by the build.
 *
 * <pre>
 * java -cp ... io.fablestream.app.StoryOllamaServer [latencyMillis]
 * </pre>
 */
public final class StoryOllamaServer {
  private StoryOllamaServer() {}

  public static void main(String[] args) throws InterruptedException {
    long latency = args.length > 0 ? Long.parseLong(args[0]) : 200;
    OllamaTestServer server =
        OllamaTestServer.start(StoryOllama.VISION, StoryOllama.TEXT)
            .respondWith(new StoryOllama())
            .latency(request -> Duration.ofMillis(latency));
    System.out.println("OLLAMA_HOST=" + server.uri());
    Thread.currentThread().join();
  }
}
