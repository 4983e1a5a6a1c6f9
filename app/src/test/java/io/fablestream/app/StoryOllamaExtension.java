package io.fablestream.app;

import io.fablestream.platform.model.ollama.OllamaTestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Ollama-API test server of an end-to-end test, registered with {@code @RegisterExtension}: the
 * test starts it (serving both story models, with {@link StoryOllama}'s answers unless it sets it
 * up otherwise), or the extension made by {@link #eachTest} starts it before each test, and the
 * line's settings point at it. After the test, the app processes the test ran through {@link
 * #serve} are killed if still alive, then the server is closed.
 */
final class StoryOllamaExtension implements BeforeEachCallback, AfterEachCallback {
  private final boolean eachTest;
  private final List<AppProcess> apps = new ArrayList<>();
  private OllamaTestServer server;

  /** The test starts the server. */
  StoryOllamaExtension() {
    this(false);
  }

  private StoryOllamaExtension(boolean eachTest) {
    this.eachTest = eachTest;
  }

  /** The server started before each test, answering as {@link StoryOllama} does. */
  static StoryOllamaExtension eachTest() {
    return new StoryOllamaExtension(true);
  }

  /** The server the test runs against. */
  OllamaTestServer server() {
    if (server == null) {
      throw new IllegalStateException("no Ollama test server started");
    }
    return server;
  }

  /** Starts the server answering as {@link StoryOllama} does. */
  OllamaTestServer start() {
    return start(new StoryOllama());
  }

  /** Starts the server answering as {@code answers} does. */
  OllamaTestServer start(StoryOllama answers) {
    return started(unstarted().respondWith(answers));
  }

  /**
   * A server serving both story models, for a test that sets it up itself before {@link #started}.
   */
  static OllamaTestServer unstarted() {
    return OllamaTestServer.start(StoryOllama.VISION, StoryOllama.TEXT);
  }

  /**
   * Takes a server the test set up, to be closed after the test (any earlier one is closed now).
   */
  OllamaTestServer started(OllamaTestServer set) {
    close();
    server = set;
    return set;
  }

  /**
   * The line's end-to-end settings ({@link LineTestConfig}), data under {@code data}, calling it.
   */
  Map<String, String> lineSettings(Path data) {
    Map<String, String> values = LineTestConfig.values(data);
    values.put("ollama.host", server().uri().toString());
    return values;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (eachTest) {
      start();
    }
  }

  /**
   * Runs the app as a process of its own on these settings ({@link AppProcess#serve}); it is killed
   * after the test if still alive, before the model server is closed.
   */
  AppProcess serve(Map<String, String> settings, Map<String, String> env, Path log) {
    AppProcess app = AppProcess.serve(settings, env, log);
    apps.add(app);
    return app;
  }

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    try {
      for (AppProcess app : apps) {
        app.close();
      }
    } finally {
      apps.clear();
      close();
    }
  }

  private void close() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
