package io.fablestream.app;

import picocli.CommandLine.Command;

/** Runs the line and the HTTP API until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole line and the HTTP API until stopped (Ctrl-C or SIGTERM).",
      "",
      "The embedded Kafka broker listens at localhost:9092 (embedded.kafka.port) unless",
      "KAFKA_BOOTSTRAP_SERVERS names a cluster; the API at http://127.0.0.1:8000 (http.port):",
      "  curl -F image=@docs/samples/chelsea.png http://localhost:8000/generate"
    })
final class ServeCommand extends CliCommand {
  ServeCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    return UntilStopped.run(checkedConfig(), FablestreamApp.Options.line(true), context);
  }
}
