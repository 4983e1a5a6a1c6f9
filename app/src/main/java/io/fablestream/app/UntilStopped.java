package io.fablestream.app;

import io.fablestream.platform.config.Config;
import java.util.concurrent.CountDownLatch;

/** Runs the app until SIGTERM or Ctrl-C, then stops it cleanly before the JVM exits. */
final class UntilStopped {
  private UntilStopped() {}

  static int run(Config config, FablestreamApp.Options options, CliContext context)
      throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fablestream-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (FablestreamApp app = FablestreamApp.start(config, options, context.out())) {
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
      stop.await();
      context.out().println("Stopping...");
    } finally {
      stopped.countDown();
    }
    return ExitCodes.OK;
  }
}
