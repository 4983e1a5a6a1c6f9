package io.fablestream.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the line and the HTTP API until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the line and the HTTP API until stopped (Ctrl-C or SIGTERM).",
      "",
      "The embedded Kafka broker listens at localhost:9092 (embedded.kafka.port) unless",
      "KAFKA_BOOTSTRAP_SERVERS names a cluster; the API at http://127.0.0.1:8000 (http.port):",
      "  curl -F image=@cat.jpg http://localhost:8000/generate"
    })
final class ServeCommand implements Callable<Integer> {
  private final CliContext context;

  @Mixin ConfigOption configOption;

  ServeCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    io.fablestream.platform.config.Config config = configOption.load(context.env());
    FablestreamApp.checkSettings(config);
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
    try (FablestreamApp app =
        FablestreamApp.start(config, FablestreamApp.Options.line(true), context.out())) {
      context
          .out()
          .println(
              "Ready. Try: curl -F image=@docs/samples/chelsea.png"
                  + " http://localhost:"
                  + app.apiPort()
                  + "/generate");
      stop.await();
      context.out().println("Stopping...");
    } finally {
      stopped.countDown();
    }
    return ExitCodes.OK;
  }
}
