package io.fablestream.app;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs a set of pictures through the line under one or more settings and compares the books'
 * quality figures (docs/quality.md): how a person picks a model, a temperature or a length.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a book from each picture under each setting and compares their quality.",
      "",
      "Each --setting is a list of key=value pairs, or a properties file: the book's shape",
      "(chapters, arc.length, words, language) and any configuration key (model.text,",
      "model.text.temperature, ...). The line restarts for each setting, on a fresh data",
      "directory. Prints one row per setting (books, completed, the mean and the worst book's",
      "length score, slop per 1000 words, repetition, one-sentence paragraphs and judge score,",
      "model calls, tokens, wall time) and writes eval.csv and eval.html with the charts."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every setting ran (books that failed are counted in the table)",
      "1:another error",
      "2:bad usage or input",
      "4:Ollama unreachable or a model not pulled"
    })
final class EvalCommand extends CliCommand {
  private static final List<String> IMAGE_EXTENSIONS =
      List.of(".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp");

  @Parameters(
      paramLabel = "PICTURE",
      arity = "0..*",
      description = "Pictures, or directories of them (default: docs/samples).")
  List<Path> pictures = new ArrayList<>();

  @Option(
      names = "--setting",
      paramLabel = "K=V,...|FILE",
      description =
          "A setting to compare, e.g. --setting model.text=llama3.1:8b,words=300; repeat it for"
              + " each (default: one setting, the configuration as it is).")
  List<String> settings = new ArrayList<>();

  @Mixin BookOptions book;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "eval",
      description = "Where to write eval.csv and eval.html (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT2H",
      description = "How long to wait for each book, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  EvalCommand(CliContext context) {
    super(context);
  }

  @Override
  public Integer call() throws Exception {
    Config base = checkedConfig();
    List<EvalSetting> compared =
        settings.isEmpty()
            ? List.of(new EvalSetting("as configured", java.util.Map.of()))
            : settings.stream().map(EvalSetting::parse).toList();
    List<Path> images = images(pictures.isEmpty() ? List.of(Path.of("docs", "samples")) : pictures);
    // Every setting is checked before the first book is written: a typo fails at once.
    for (EvalSetting setting : compared) {
      setting.request(book.request());
      FablestreamApp.checkSettings(setting.config(base));
    }
    List<EvalReport.Row> rows = new ArrayList<>();
    for (int i = 0; i < compared.size(); i++) {
      EvalSetting setting = compared.get(i);
      Config config = setting.config(base);
      Optional<String> models = ModelServerCheck.problem(config);
      if (models.isPresent()) {
        context.err().println("Setting '" + setting.label() + "': " + models.get());
        return ExitCodes.OLLAMA;
      }
      context
          .out()
          .printf(
              Locale.ROOT,
              "Setting %d of %d: %s (%d picture%s)%n",
              i + 1,
              compared.size(),
              setting.label(),
              images.size(),
              images.size() == 1 ? "" : "s");
      rows.add(run(setting, config, images, i + 1, compared.size()));
      context.out().println(EvalReport.tableRow(rows.get(rows.size() - 1)));
    }
    context.out().println();
    context.out().println(EvalReport.tableHeader());
    rows.forEach(r -> context.out().println(EvalReport.tableRow(r)));
    List<Path> files =
        EvalReport.write(
            out,
            rows,
            String.join(", ", images.stream().map(p -> p.getFileName().toString()).toList()));
    context.out().println("Wrote " + files.get(0) + " and " + files.get(1));
    return ExitCodes.OK;
  }

  /** One setting: the line started on a fresh data directory, each picture written in turn. */
  private EvalReport.Row run(
      EvalSetting setting, Config given, List<Path> images, int index, int count) throws Exception {
    BookRequest request = setting.request(book.request());
    Path data = Files.createTempDirectory("fablestream-eval-");
    Config config = given.with(KafkaSettings.DATA_DIR.name(), data.toString());
    long started = System.nanoTime();
    List<BookView> ended = new ArrayList<>();
    try (FablestreamApp app =
            FablestreamApp.start(config, FablestreamApp.Options.line(false), context.out());
        BookWatcher watcher = new BookWatcher(app.kafka());
        BookSubmitter submitter = new BookSubmitter(app.kafka(), Clock.systemUTC())) {
      for (int j = 0; j < images.size(); j++) {
        Path image = images.get(j);
        ImageInput picture = ImageInput.read(image, ApiSettings.from(config).maxUploadBytes());
        String bookId = BookSubmitter.newBookId();
        watcher.prepare(bookId, true);
        submitter.submit(bookId, picture, request, "eval");
        context
            .out()
            .printf(
                Locale.ROOT,
                "[setting %d/%d, picture %d/%d] %s: book %s%n",
                index,
                count,
                j + 1,
                images.size(),
                image.getFileName(),
                bookId);
        Optional<BookView> done = FollowCommand.followToEnd(watcher, bookId, timeout, context);
        ended.add(done.orElse(BookView.empty(bookId)));
        context.out().println("  " + outcome(done.orElse(null)));
      }
    } finally {
      deleteTree(data);
    }
    long wall = Duration.ofNanos(System.nanoTime() - started).toMillis();
    return EvalReport.Row.of(setting.label(), images.size(), ended, wall);
  }

  private static String outcome(BookView view) {
    if (view == null || !view.finished()) {
      return "not finished in time";
    }
    if (view.stage() == BookView.Stage.FAILED) {
      return "failed: "
          + (view.outcome().failure() == null ? "?" : view.outcome().failure().reason());
    }
    QualityView q = view.outcome().quality();
    if (q == null) {
      return "completed";
    }
    return "completed: length score "
        + EvalReport.number(q.lengthScore())
        + ", slop per 1000 "
        + EvalReport.number(q.slopPer1000())
        + ", judge "
        + (q.judgeScore() == null ? "-" : EvalReport.number(q.judgeScore()));
  }

  /** The picture files: each file given, and the picture files of each directory, by name. */
  static List<Path> images(List<Path> given) {
    List<Path> images = new ArrayList<>();
    for (Path path : given) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> files = Files.list(path)) {
          files
              .filter(Files::isRegularFile)
              .filter(
                  f ->
                      IMAGE_EXTENSIONS.stream()
                          .anyMatch(
                              e -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e)))
              .sorted()
              .forEach(images::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (Files.isRegularFile(path)) {
        images.add(path);
      } else {
        throw new ImageInput.BadInputException(
            "INVALID_REQUEST", "picture", "No picture at " + path + ".");
      }
    }
    if (images.isEmpty()) {
      throw new ImageInput.BadInputException(
          "INVALID_REQUEST", "picture", "No picture in " + given + " (PNG, JPEG, WebP, GIF, BMP).");
    }
    return images;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is not worth failing the evaluation for.
    }
  }
}
