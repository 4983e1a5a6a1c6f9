package io.fablestream.app;

import io.fablestream.app.ImageInput.BadInputException;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.platform.registry.EventWire;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Asks for a completed book to be revised, shows the revision's progress, writes the new book. */
@Command(
    name = "revise",
    mixinStandardHelpOptions = true,
    description = {
      "Revises a completed book from one chapter: chapters before it are kept, that chapter",
      "becomes your text (--text FILE) or is rewritten with your note (--instruction), and",
      "the chapters after it are written anew. Shows the progress and writes the new book.",
      "Runs against the configured cluster (KAFKA_BOOTSTRAP_SERVERS, default localhost:9092,",
      "where `fablestream serve` runs its broker). See docs/revisions.md."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the revision is written",
      "1:another error",
      "2:bad usage or input (no such book, a book still being written, a chapter it lacks)",
      "3:the revision failed or was refused (the reason is printed)"
    })
final class ReviseCommand extends CliCommand {
  private static final Duration HEARTBEAT = Duration.ofSeconds(30);

  /** How long reading the book's history may take: its events are on one partition a topic. */
  private static final Duration HISTORY_WAIT = Duration.ofSeconds(10);

  @Parameters(index = "0", paramLabel = "BOOK_ID", description = "The completed book's id.")
  String bookId;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "N",
      description = "The first chapter that changes, 1 to the book's chapter count.")
  int from;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Change change;

  /** Exactly one: the person's text, or a note for the model. */
  static final class Change {
    @Option(
        names = "--instruction",
        paramLabel = "NOTE",
        description = "A note for the model to rewrite chapter N with.")
    String instruction;

    @Option(
        names = "--text",
        paramLabel = "FILE",
        description = "A UTF-8 file with your own text for chapter N, taken as written.")
    Path text;
  }

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Where to write the revised book: EPUB for a name ending in .epub, else Markdown"
              + " (default: <title>-revision-<R>.md here).")
  Path out;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT2H",
      description = "How long to wait for the revision, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin LogOption logs;

  ReviseCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Config config = config();
    KafkaSettings kafka = KafkaSettings.from(config);
    RevisionRequest request =
        new RevisionRequest(
            from, change.text == null ? null : read(change.text), change.instruction, "cli");
    logs.say(logs.open(config), context);
    EventWire.install(config);
    try (BookWatcher watcher = new BookWatcher(kafka);
        RevisionSubmitter submitter = new RevisionSubmitter(kafka, Clock.systemUTC())) {
      watcher.prepare(bookId, false);
      Optional<BookView> now = watcher.follow(bookId, HISTORY_WAIT, v -> {});
      if (now.isEmpty()) {
        throw new BadInputException(
            "BOOK_NOT_FOUND", "No book " + bookId + " is on " + kafka.bootstrapServers() + ".");
      }
      int revision = request.checkAgainst(now.get());
      submitter.submit(bookId, revision, request);
      context
          .out()
          .println(
              "Book "
                  + bookId
                  + ": revision "
                  + revision
                  + " asked for, from chapter "
                  + from
                  + " of "
                  + now.get().request().chapterCount());
      Optional<BookView> done = followRevision(watcher, revision);
      return finish(done, revision, watcher.cover(), watcher.illustrations());
    }
  }

  /** Prints each change of the book until the revision has its outcome or the wait is over. */
  private Optional<BookView> followRevision(BookWatcher watcher, int revision) {
    ProgressPrinter printer = new ProgressPrinter(context.out());
    long deadline = System.nanoTime() + timeout.toNanos();
    long quietSince = System.nanoTime();
    Optional<BookView> view = Optional.empty();
    while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
      boolean[] changed = {false};
      // The book is finished at its last revision until the request is seen, so a follow may
      // return at once: each call still waits on its poll, never spins.
      view =
          watcher.follow(
              bookId,
              Duration.ofNanos(Math.min(HEARTBEAT.toNanos(), deadline - System.nanoTime())),
              v -> {
                changed[0] = true;
                printer.print(v);
              });
      if (view.isPresent() && outcome(view.get(), revision)) {
        return view;
      }
      if (changed[0]) {
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > HEARTBEAT.toNanos()) {
        printer.stillWaiting(view.orElse(null));
        quietSince = System.nanoTime();
      }
    }
    return view;
  }

  /** Whether the revision has completed, failed midway, or been refused. */
  static boolean outcome(BookView view, int revision) {
    if (view.revision() == revision && view.finished()) {
      return true;
    }
    return view.revisionEntry(revision).map(r -> r.stage() == BookView.Stage.FAILED).orElse(false);
  }

  private int finish(
      Optional<BookView> done, int revision, BookCover cover, BookEpub.Illustrations illustrations)
      throws IOException {
    if (done.isEmpty() || !outcome(done.get(), revision)) {
      context
          .err()
          .println(
              "Stopped waiting for revision "
                  + revision
                  + " of book "
                  + bookId
                  + ". It goes on while the line runs: fablestream follow "
                  + bookId);
      return ExitCodes.ERROR;
    }
    BookView view = done.get();
    BookView.Revision entry = view.revisionEntry(revision).orElse(null);
    if (entry != null && entry.stage() == BookView.Stage.FAILED) {
      BookView.Failure why = entry.failure();
      context
          .err()
          .println(
              "Revision "
                  + revision
                  + " of book "
                  + bookId
                  + (entry.refused() ? " was refused" : " failed")
                  + (why == null ? "" : ": " + why.reason() + ": " + why.message())
                  + "; the book stays at revision "
                  + view.completedRevision()
                  + ".");
      return ExitCodes.BOOK_FAILED;
    }
    Path file = out != null ? out : defaultFile(view, revision);
    boolean epub = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".epub");
    GenerateCommand.write(view, file, epub, cover, illustrations);
    context
        .out()
        .println(
            "Wrote \""
                + view.request().title()
                + "\" (revision "
                + revision
                + ") to "
                + file.toAbsolutePath());
    return ExitCodes.OK;
  }

  /** generate's file name with the revision, so the earlier revision's file stays. */
  static Path defaultFile(BookView view, int revision) {
    String name = FinishedBook.fileName(view.request().title(), view.bookId(), ".md");
    return Path.of(name.substring(0, name.length() - 3) + "-revision-" + revision + ".md");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new BadInputException("NO_SUCH_FILE", "text", "No such file: " + file);
    } catch (MalformedInputException e) {
      throw new BadInputException("INVALID_REQUEST", "text", file + " is not UTF-8 text.");
    } catch (IOException e) {
      throw new BadInputException(
          "UNREADABLE_FILE", "text", "Cannot read " + file + ": " + e.getMessage());
    }
  }
}
