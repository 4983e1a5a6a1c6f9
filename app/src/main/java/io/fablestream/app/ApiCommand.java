package io.fablestream.app;

import picocli.CommandLine.Command;

/** The HTTP API and its read model alone, for a line whose services run elsewhere. */
@Command(
    name = "api",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the HTTP API and its read model (Kafka Streams app fablestream-api) on the",
      "cluster KAFKA_BOOTSTRAP_SERVERS names, until stopped; the services run elsewhere."
    })
final class ApiCommand extends CliCommand {
  ApiCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    return UntilStopped.run(checkedConfig(), FablestreamApp.Options.apiOnly(), context);
  }
}
