package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Puts a picture on the configured cluster and prints the book's id. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submits a picture to the line running on the configured cluster and prints the bookId.",
      "Kafka: KAFKA_BOOTSTRAP_SERVERS (default localhost:9092, where `fablestream serve` runs",
      "its broker). Then: fablestream follow BOOK_ID"
    })
final class SubmitCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "IMAGE", description = "The picture: PNG, JPEG, ...")
  Path image;

  @Mixin BookOptions book;

  @Mixin LogOption logs;

  SubmitCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    Config config = config();
    ImageInput picture = ImageInput.read(image, ApiSettings.from(config).maxUploadBytes());
    BookRequest request = book.request();
    String bookId = BookSubmitter.newBookId();
    // Not said on success: stdout is the bookId alone, for id=$(fablestream submit ...).
    logs.open(config);
    EventWire.install(config);
    try (BookSubmitter submitter =
        new BookSubmitter(KafkaSettings.from(config), Clock.systemUTC())) {
      submitter.submit(bookId, picture, request, "cli");
    }
    context.out().println(bookId);
    return ExitCodes.OK;
  }
}
