package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Streams one book's progress from the configured cluster. */
@Command(
    name = "follow",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a book's progress, from its first event, until it completes or fails.",
      "Reads the configured cluster (KAFKA_BOOTSTRAP_SERVERS, default localhost:9092, where",
      "`fablestream serve` runs its broker)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the book completed", "1:another error", "2:bad usage", "3:the book failed"})
final class FollowCommand extends CliCommand {
  private static final Duration HEARTBEAT = Duration.ofSeconds(30);

  @Parameters(index = "0", paramLabel = "BOOK_ID", description = "The id submit printed.")
  String bookId;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Also write the finished book here: EPUB for a name ending in .epub, else Markdown.")
  Path out;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT2H",
      description = "How long to follow, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin LogOption logs;

  FollowCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Config config = config();
    KafkaSettings kafka = KafkaSettings.from(config);
    logs.say(logs.open(config), context);
    EventWire.install(config);
    try (BookWatcher watcher = new BookWatcher(kafka)) {
      watcher.prepare(bookId, false);
      Optional<BookView> done = followToEnd(watcher, bookId, timeout, context);
      if (out == null && done.isPresent() && done.get().finished()) {
        return done.get().stage() == BookView.Stage.COMPLETED
            ? ExitCodes.OK
            : failed(done.get(), context);
      }
      boolean epub = out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".epub");
      return finish(done, bookId, out, epub, watcher.cover(), watcher.illustrations(), context);
    }
  }

  /** Prints each change and, when nothing changes for a while, what the book waits for. */
  static Optional<BookView> followToEnd(
      BookWatcher watcher, String bookId, Duration timeout, CliContext context) {
    ProgressPrinter printer = new ProgressPrinter(context.out());
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<BookView> view = Optional.empty();
    while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
      boolean[] changed = {false};
      Duration slice =
          Duration.ofNanos(Math.min(HEARTBEAT.toNanos(), deadline - System.nanoTime()));
      view =
          watcher.follow(
              bookId,
              slice,
              v -> {
                changed[0] = true;
                printer.print(v);
              });
      if (view.isPresent() && view.get().finished()) {
        return view;
      }
      if (!changed[0]) {
        printer.stillWaiting(view.orElse(null));
      }
    }
    return view;
  }

  /** Writes a finished book, or says why there is none, and picks the exit code. */
  static int finish(
      Optional<BookView> done,
      String bookId,
      Path out,
      boolean epub,
      BookCover cover,
      BookEpub.Illustrations illustrations,
      CliContext context)
      throws java.io.IOException {
    if (done.isEmpty() || !done.get().finished()) {
      context
          .err()
          .println(
              "Stopped waiting for book "
                  + bookId
                  + (done.isPresent() ? " (it waits for " + done.get().waitingFor() + ")" : "")
                  + ". It goes on while the line runs: fablestream follow "
                  + bookId);
      return ExitCodes.ERROR;
    }
    BookView view = done.get();
    if (view.stage() == BookView.Stage.FAILED) {
      return failed(view, context);
    }
    Path file = GenerateCommand.write(view, out, epub, cover, illustrations);
    context.out().println("Wrote \"" + view.request().title() + "\" to " + file.toAbsolutePath());
    return ExitCodes.OK;
  }

  private static int failed(BookView view, CliContext context) {
    BookView.Failure f = view.outcome().failure();
    context
        .err()
        .println(
            "The book failed at "
                + f.stage()
                + (f.chapterNumber() == null ? "" : " (chapter " + f.chapterNumber() + ")")
                + ": "
                + f.reason()
                + ": "
                + f.message());
    return "MODEL_UNAVAILABLE".equals(f.reason()) ? ExitCodes.OLLAMA : ExitCodes.BOOK_FAILED;
  }
}
