package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Puts a picture (or an album's pictures, in order) on the configured cluster; prints the id. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submits a picture to the line running on the configured cluster and prints the bookId.",
      "Kafka: KAFKA_BOOTSTRAP_SERVERS (default localhost:9092, where `fablestream serve` runs",
      "its broker). Then: fablestream follow BOOK_ID"
    })
final class SubmitCommand extends CliCommand {
  @Mixin Pictures images;

  @Mixin BookOptions book;

  @Mixin LogOption logs;

  SubmitCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    Config config = config();
    Pictures.Asked asked = images.read(ApiSettings.from(config), book);
    List<ImageInput> pictures = asked.pictures();
    BookRequest request = asked.request();
    String bookId = BookSubmitter.newBookId();
    // Not said on success: stdout is the bookId alone, for id=$(fablestream submit ...).
    logs.open(config);
    EventWire.install(config);
    try (BookSubmitter submitter =
        new BookSubmitter(KafkaSettings.from(config), Clock.systemUTC())) {
      submitter.submit(bookId, pictures, request, "cli");
    }
    context.out().println(bookId);
    return ExitCodes.OK;
  }
}
