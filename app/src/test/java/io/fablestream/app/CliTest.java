package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.PlannedBeat;
import io.fablestream.platform.model.image.Automatic1111TestServer;
import io.fablestream.platform.model.ollama.OllamaTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return Main.run(
        args,
        new CliContext(
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)));
  }

  /** The command with its data (broker, logs, memory) in the test's directory. */
  private int runOnData(String... args) {
    return run(Map.of("FABLESTREAM_DATA_DIR", dir.toString()), args);
  }

  /** {@code fablestream revise some-book} with these arguments. */
  private int revise(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "revise";
    all[1] = "some-book";
    System.arraycopy(args, 0, all, 2, args.length);
    return run(Map.of(), all);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void generateOfAMissingFileExitsTwoAndSaysWhichFile() {
    int code = run(Map.of(), "generate", dir.resolve("nope.jpg").toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("No such file: " + dir.resolve("nope.jpg"));
  }

  @Test
  void generateOfSomethingThatIsNotAPictureExitsTwo() throws Exception {
    Path text = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "hello");

    assertThat(run(Map.of(), "generate", text.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("is not an image Fablestream reads");
  }

  @Test
  void generateWithOllamaDownExitsFourWithTheFix() {
    String nowhere = "http://127.0.0.1:" + FreePorts.next();

    int code =
        run(
            Map.of(
                "OLLAMA_HOST",
                nowhere,
                "FABLESTREAM_OLLAMA_RETRIES",
                "0",
                "FABLESTREAM_DATA_DIR",
                dir.toString()),
            "generate",
            "../docs/samples/chelsea.png");

    assertThat(code).isEqualTo(ExitCodes.OLLAMA);
    // One message with its fix, then where the logs are; nothing else on either stream.
    Path log = dir.resolve("logs").resolve("fablestream.log").toAbsolutePath();
    assertThat(err())
        .startsWith("Ollama is not reachable at " + nowhere)
        .contains("\nStart it with:\n  ollama serve\n")
        .contains("  ollama pull llava:7b\n  ollama pull llama3.1:8b\n")
        .endsWith("\nLogs: " + log + "\n");
    assertThat(err().lines().filter(line -> line.startsWith("Logs: "))).hasSize(1);
    assertThat(out()).isEmpty();
    assertThat(log).exists();
    assertThat(dir.resolve("kafka")).doesNotExist();
  }

  @Test
  void generateWithIllustrationsOnAndACheckpointTheImageServerLacksExitsFourWithTheFix() {
    try (OllamaTestServer ollama = OllamaTestServer.start("llava:7b", "llama3.1:8b");
        Automatic1111TestServer images = Automatic1111TestServer.start("dreamshaper_8")) {
      int code =
          run(
              Map.of(
                  "OLLAMA_HOST", ollama.uri().toString(),
                  "FABLESTREAM_ILLUSTRATIONS_ENABLED", "true",
                  "FABLESTREAM_ILLUSTRATIONS_URL", images.baseUrl().toString(),
                  "FABLESTREAM_ILLUSTRATIONS_MODEL", "sdxl_base",
                  "FABLESTREAM_DATA_DIR", dir.toString()),
              "generate",
              "../docs/samples/chelsea.png");

      assertThat(code).isEqualTo(ExitCodes.OLLAMA);
      // The webui would have drawn every chapter with dreamshaper_8 without a word.
      assertThat(err())
          .startsWith(
              "image model sdxl_base (illustrations.model, environment"
                  + " FABLESTREAM_ILLUSTRATIONS_MODEL) is not served at "
                  + images.baseUrl()
                  + ", which would draw with its loaded checkpoint instead; it serves:"
                  + " dreamshaper_8.")
          .contains(
              "\nAs set now:\n"
                  + "  FABLESTREAM_ILLUSTRATIONS_MODEL=sdxl_base\n"
                  + "Or write the book without pictures: FABLESTREAM_ILLUSTRATIONS_ENABLED=false\n");
      assertThat(out()).isEmpty();
      assertThat(images.drawings()).isEmpty();
      assertThat(dir.resolve("kafka")).doesNotExist();
    }
  }

  @Test
  void theCliLogTakesTheLogsOffTheConsoleUntilClosedAndVerboseKeepsThemThere() throws Exception {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    org.slf4j.Logger kafka = org.slf4j.LoggerFactory.getLogger("org.apache.kafka.clients.Test");

    try (CliLog log = CliLog.open(dir, false)) {
      kafka.warn("Connection to node -1 could not be established.");

      assertThat(root.getAppender("STDERR")).isNull();
      assertThat(log.file()).isEqualTo(dir.resolve("logs/fablestream.log").toAbsolutePath());
      assertThat(java.nio.file.Files.readString(log.file()))
          .contains("WARN ", "org.apache.kafka.clients.Test - Connection to node -1");
    }
    assertThat(root.getAppender("STDERR")).isNotNull();
    assertThat(root.getAppender("CLI_FILE")).isNull();
    assertThat(CliLog.current()).isEmpty();

    try (CliLog verbose = CliLog.open(dir, true)) {
      assertThat(root.getAppender("STDERR")).isNotNull();
      assertThat(root.getAppender("CLI_FILE")).isNotNull();
    }
  }

  @Test
  void anAlbumOverItsLimitsExitsTwoNamingTheLimitBeforeAnythingIsSent() {
    String chelsea = "../docs/samples/chelsea.png";

    assertThat(run(Map.of(), "submit", "--chapters", "2", chelsea, chelsea, chelsea))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("3 pictures were given for a book of 2 chapters");
    assertThat(
            run(Map.of("FABLESTREAM_ALBUM_MAX_PICTURES", "2"), "submit", chelsea, chelsea, chelsea))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("a book grows from at most 2 (album.max.pictures)");
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    assertThat(run(Map.of(), "generate", "--chapters", "0", "../docs/samples/chelsea.png"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("chapters is 0; it must be from 1 to 100.");
    assertThat(run(Map.of(), "submit", "--language", "zz", "../docs/samples/chelsea.png"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("language 'zz' names no known language");
    assertThat(run(Map.of(), "generate", "--no-such-option", "x.png")).isEqualTo(ExitCodes.USAGE);
    assertThat(
            run(
                Map.of("FABLESTREAM_EMBEDDED_KAFKA_PORT", "many"),
                "generate",
                "../docs/samples/chelsea.png"))
        .isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void reviseNeedsExactlyOneOfTextAndInstructionAndAReadableTextFile() {
    assertThat(revise("--from", "2")).isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("--instruction", "--text");
    assertThat(revise("--from", "2", "--instruction", "Rain.", "--text", "x.txt"))
        .isEqualTo(ExitCodes.USAGE);
    err.reset();
    Path missing = dir.resolve("chapter.txt");

    assertThat(revise("--from", "2", "--text", missing.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("No such file: " + missing);
    err.reset();
    assertThat(revise("--from", "0", "--instruction", "Rain.")).isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("fromChapter is 0; chapters count from 1.");
  }

  @Test
  void reviseTakesNewBeatsByChapterWithTheirEndingsAndRefusesOneBeforeItsFirstChapter() {
    ReviseCommand revise = new ReviseCommand(new CliContext(Map.of(), System.out, System.err));
    new picocli.CommandLine(revise)
        .parseArgs(
            "some-book",
            "--from",
            "3",
            "--instruction",
            "Darker.",
            "--beat",
            "4=Mira lights the lamp = at last",
            "--beat",
            "3=The glass breaks",
            "--ending",
            "3=Tobin sees it");

    assertThat(ReviseCommand.beats(revise.beats, revise.endings))
        .containsExactly(
            new PlannedBeat(4, "Mira lights the lamp = at last", "", 1),
            new PlannedBeat(3, "The glass breaks", "Tobin sees it", 1));

    for (String[] bad :
        new String[][] {
          {"--beat", "2=Too early", "beats[0].chapter is 2; a revision from chapter 3 takes beats"},
          {"--ending", "3=alone", "--ending 3=... has no --beat 3=..."}
        }) {
      err.reset();
      assertThat(revise("--from", "3", "--instruction", "Dark.", bad[0], bad[1]))
          .isEqualTo(ExitCodes.USAGE);
      assertThat(err()).contains(bad[2]);
    }
  }

  @Test
  void everyCommandExplainsItselfWithHelp() {
    for (String command :
        new String[] {
          "generate", "serve", "submit", "follow", "revise", "service", "api", "broker"
        }) {
      out.reset();
      assertThat(run(Map.of(), command, "--help")).isEqualTo(ExitCodes.OK);
      assertThat(out()).startsWith("Usage: fablestream " + command);
    }
    out.reset();
    assertThat(run(Map.of(), "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out()).contains("generate", "serve", "submit", "follow", "ollama pull llava:7b");
  }

  @Test
  void aWrongIllustrationSettingExitsTwoNamingTheKeyBeforeAnythingStarts() {
    int code =
        runOnData("generate", "../docs/samples/chelsea.png", "--set=illustrations.size=huge");

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err()).contains("illustrations.size must be WIDTHxHEIGHT");
  }

  @Test
  void aChapterServiceOrIndexerAloneRefusesAStoryMemoryKeptInItsOwnProcess() {
    for (String service : new String[] {"chapter", "indexer"}) {
      err.reset();
      int code = runOnData("service", service, "--set=memory.store=lucene");

      assertThat(code).as(service).isEqualTo(ExitCodes.USAGE);
      assertThat(err())
          .contains("Story memory is not shared: memory.store=lucene")
          .contains("memory.store=qdrant");
      assertThat(dir.resolve("memory")).as("no index was opened").doesNotExist();
    }
  }

  @Test
  void aServiceAloneWhoseBrokerCannotBeReachedExitsOneSayingWhereItLooked() {
    // Port 9 (discard) on loopback: nothing listens there; keep the wait short.
    int code =
        runOnData(
            "service",
            "summarizer",
            "--set=kafka.bootstrap.servers=127.0.0.1:9",
            "--set=start.timeout=3s",
            "--set=http.port=0");

    assertThat(code).isEqualTo(ExitCodes.ERROR);
    assertThat(err())
        .contains("Cannot reach Kafka at 127.0.0.1:9")
        .contains("KAFKA_BOOTSTRAP_SERVERS");
  }
}
