package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

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
  @Parameters(
      index = "0",
      arity = "1..*",
      paramLabel = "IMAGE",
      description =
          "The picture: PNG, JPEG, ...; or several, the pictures of one story in order (an"
              + " album: the book runs through them, each seeding its own chapters).")
  List<Path> images;

  @Mixin BookOptions book;

  @Mixin LogOption logs;

  SubmitCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() {
    Config config = config();
    ApiSettings limits = ApiSettings.from(config);
    List<ImageInput> pictures =
        images.stream().map(i -> ImageInput.read(i, limits.maxUploadBytes())).toList();
    BookRequest request = book.request();
    Album.check(pictures, request.chapters(), limits.maxPictures(), limits.maxUploadBytes());
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
