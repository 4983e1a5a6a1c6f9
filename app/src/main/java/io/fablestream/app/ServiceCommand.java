package io.fablestream.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** One service alone on the configured cluster: what a container of the scaled-out line runs. */
@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one service on the cluster KAFKA_BOOTSTRAP_SERVERS names, with /health and",
      "/metrics on the HTTP port, until stopped. NAME: analyzer, indexer, chapter or",
      "summarizer. Run the HTTP API apart with `fablestream api`."
    })
final class ServiceCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The service to run.")
  String name;

  ServiceCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    LineService service = LineServices.named(name);
    if (service == null) {
      context
          .err()
          .println(
              "No service " + name + ". The services: " + String.join(", ", LineServices.names()));
      return ExitCodes.USAGE;
    }
    return UntilStopped.run(checkedConfig(), FablestreamApp.Options.standalone(service), context);
  }
}
