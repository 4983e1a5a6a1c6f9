package io.fablestream.app;

import io.fablestream.platform.config.Config;
import java.util.concurrent.CountDownLatch;

/**
 * Holds a command until SIGTERM or Ctrl-C, then lets it stop cleanly before the JVM exits: the
 * shutdown hook waits until {@link #close()} says the command has stopped.
 */
final class UntilStopped implements AutoCloseable {
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);

  private UntilStopped() {}

  /** Registers the shutdown hook, on a thread of this name. */
  static UntilStopped onShutdown(String threadName) {
    UntilStopped signal = new UntilStopped();
    Runtime.getRuntime().addShutdownHook(new Thread(signal::holdTheJvm, threadName));
    return signal;
  }

  /** Runs the app until SIGTERM or Ctrl-C, then stops it cleanly before the JVM exits. */
  static int run(Config config, FablestreamApp.Options options, CliContext context)
      throws InterruptedException {
    try (UntilStopped signal = onShutdown("fablestream-stop");
        FablestreamApp app = FablestreamApp.start(config, options, context.out())) {
      if (app.apiPort() > 0) {
        context
            .out()
            .println(
                "Ready. Try: curl -F image=@docs/samples/chelsea.png http://localhost:"
                    + app.apiPort()
                    + "/generate");
      } else {
        context.out().println("Ready.");
      }
      signal.await(context);
    }
    return ExitCodes.OK;
  }

  /** Waits for SIGTERM or Ctrl-C, then says the command stops. */
  void await(CliContext context) throws InterruptedException {
    stop.await();
    context.out().println("Stopping...");
  }

  /** The command has stopped: the JVM may exit. */
  @Override
  public void close() {
    stopped.countDown();
  }

  private void holdTheJvm() {
    stop.countDown();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
