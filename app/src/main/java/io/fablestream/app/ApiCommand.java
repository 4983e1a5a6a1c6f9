package io.fablestream.app;

import io.fablestream.platform.config.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The HTTP API and its read model alone, for a line whose services run elsewhere. */
@Command(
    name = "api",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the HTTP API and its read model (Kafka Streams app fablestream-api) on the",
      "cluster KAFKA_BOOTSTRAP_SERVERS names, until stopped; the services run elsewhere."
    })
final class ApiCommand implements Callable<Integer> {
  private final CliContext context;

  @Mixin ConfigOption configOption;

  ApiCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Config config = configOption.load(context.env());
    FablestreamApp.checkSettings(config);
    return UntilStopped.run(config, FablestreamApp.Options.apiOnly(), context);
  }
}
