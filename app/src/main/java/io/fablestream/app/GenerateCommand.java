package io.fablestream.app;

import io.fablestream.platform.config.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The main job: one picture in, one Markdown book out, on the whole line in this process. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a book from a picture (or from several, in order) and saves it as Markdown or EPUB.",
      "",
      "Checks Ollama and its models, starts the line (the embedded Kafka broker unless",
      "KAFKA_BOOTSTRAP_SERVERS is set, and the four services), submits the picture, shows",
      "the progress, and writes the book when it is done. Stopped midway (Ctrl-C), the book",
      "goes on where it was the next time the line runs."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the book is written",
      "1:another error",
      "2:bad usage or input",
      "3:the book failed",
      "4:Ollama unreachable or a model not pulled"
    })
final class GenerateCommand extends CliCommand {
  @Mixin Pictures images;

  @Mixin BookOptions book;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the book (default: <title>.md or .epub in this directory).")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "markdown",
      description = "markdown or epub (the picture as its cover) (default: ${DEFAULT-VALUE}).")
  String format;

  @Mixin WaitOption wait;

  @Mixin LogOption logs;

  GenerateCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Config config = checkedConfig();
    String kind = format.toLowerCase(Locale.ROOT);
    if (!List.of("markdown", "md", "epub").contains(kind)) {
      context.err().println("--format is '" + format + "'; it must be markdown or epub.");
      return ExitCodes.USAGE;
    }
    boolean epub = kind.equals("epub");
    Pictures.Asked asked = images.read(ApiSettings.from(config), book);
    List<ImageInput> pictures = asked.pictures();
    BookRequest request = asked.request();
    CliLog log = logs.open(config);
    Optional<String> ollama = ModelServerCheck.problem(config);
    if (ollama.isPresent()) {
      context.err().println(ollama.get());
      return ExitCodes.OLLAMA;
    }
    logs.say(log, context);
    context.out().println("Starting the line...");
    // Ctrl-C stops the wait; the line then stops cleanly, and the book resumes on the next run.
    java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              main.interrupt();
              try {
                closed.await(60, java.util.concurrent.TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fablestream-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (FablestreamApp app =
        FablestreamApp.start(config, FablestreamApp.Options.line(false), context.out())) {
      String bookId = BookSubmitter.newBookId();
      try (BookWatcher watcher = new BookWatcher(app.kafka());
          BookSubmitter submitter = new BookSubmitter(app.kafka(), java.time.Clock.systemUTC())) {
        watcher.prepare(bookId, true);
        submitter.submit(bookId, pictures, request, "cli");
        context
            .out()
            .println(
                "Book " + bookId + ": " + images.named() + ", " + request.chapters() + " chapters");
        Optional<BookView> done = FollowCommand.followToEnd(watcher, bookId, wait.timeout, context);
        ImageInput first = pictures.getFirst();
        BookCover cover = new BookCover(first.contentType(), first.data());
        return FollowCommand.finish(
            done, bookId, out, epub, cover, watcher.illustrations(), context);
      }
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already stopping: the hook has run.
      }
    }
  }

  /**
   * Writes a finished book as Markdown or as EPUB.
   *
   * @param out the file, or null for one named after the title in this directory
   * @param cover the picture for the EPUB's cover, or null
   */
  static Path write(BookView view, Path out, boolean epub, BookCover cover) throws IOException {
    return write(view, out, epub, cover, chapter -> null);
  }

  /**
   * As {@link #write(BookView, Path, boolean, BookCover)}, the EPUB with the chapters'
   * illustrations.
   */
  static Path write(
      BookView view, Path out, boolean epub, BookCover cover, BookEpub.Illustrations illustrations)
      throws IOException {
    Path file =
        out != null
            ? out
            : Path.of(
                FinishedBook.fileName(
                    view.request().title(), view.bookId(), epub ? ".epub" : ".md"));
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    if (epub) {
      Files.write(file, BookEpub.of(FinishedBook.of(view), cover, illustrations));
    } else {
      Files.writeString(file, BookMarkdown.render(view), StandardCharsets.UTF_8);
    }
    return file;
  }
}
