package io.fablestream.app;

import io.fablestream.app.ImageInput.BadInputException;
import io.fablestream.platform.config.ConfigException;
import java.lang.reflect.Constructor;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fablestream} command: a picture in, a book out. See {@code fablestream --help} and
 * docs/app.md.
 */
@Command(
    name = "fablestream",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Turns a picture into a book on a Kafka Streams line: a vision model reads the picture,",
      "a text model writes the chapters one by one, remembering every earlier chapter.",
      "",
      "The main job:  fablestream generate picture.jpg",
      "",
      "Needs Ollama (OLLAMA_HOST, default http://localhost:11434) with the models pulled:",
      "  ollama pull llava:7b",
      "  ollama pull llama3.1:8b",
      "Kafka: an embedded broker starts at localhost:9092 unless KAFKA_BOOTSTRAP_SERVERS names a"
          + " cluster."
    },
    subcommands = {
      GenerateCommand.class,
      ServeCommand.class,
      SubmitCommand.class,
      FollowCommand.class,
      ReviseCommand.class,
      EvalCommand.class,
      ServiceCommand.class,
      ApiCommand.class,
      BrokerCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:another error (Kafka unreachable, a port in use, a timeout, a schema the registry"
          + " refuses)",
      "2:bad usage or input (an unknown option, a missing file, a bad setting)",
      "3:the book failed (the reason is printed)",
      "4:Ollama unreachable or a model not pulled (the fix is printed)"
    })
public final class Main implements Callable<Integer> {
  /**
   * Lucene says through java.util.logging, on every start, that the incubating vector API is not
   * enabled; the index works without it, and the CLI's output should not start with a warning. Held
   * here because java.util.logging keeps its loggers only weakly.
   */
  private static final java.util.logging.Logger LUCENE_VECTORS =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  private final CliContext context;

  Main(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    System.exit(run(args, new CliContext(System.getenv(), System.out, System.err)));
  }

  /** Runs the CLI and returns its exit code. */
  public static int run(String[] args, CliContext context) {
    LUCENE_VECTORS.setLevel(java.util.logging.Level.SEVERE);
    CommandLine cli = new CommandLine(new Main(context), new Factory(context));
    cli.setOut(new java.io.PrintWriter(context.out(), true));
    cli.setErr(new java.io.PrintWriter(context.err(), true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof BadInputException || e instanceof ConfigException) {
            context.err().println(e.getMessage());
            return ExitCodes.USAGE;
          }
          if (e instanceof EmbeddedKafka.EmbeddedKafkaException
              || e instanceof io.fablestream.platform.service.BrokerUnreachableException
              || e instanceof io.fablestream.schemas.SchemaRegistryException
              || e instanceof BookSubmitter.SubmitException) {
            context.err().println(e.getMessage());
            return ExitCodes.ERROR;
          }
          context.err().println("Failed: " + e);
          // The stack trace is for whoever reads the logs: the CLI's log file, or a server's
          // stderr.
          LoggerFactory.getLogger(Main.class).error("Failed", e);
          return ExitCodes.ERROR;
        });
    try {
      int code = cli.execute(args);
      if (code != ExitCodes.OK) {
        // Whatever went wrong, the logs may say more: where they are, once more, with the error.
        CliLog.current().ifPresent(log -> context.err().println("Logs: " + log.file()));
      }
      return code;
    } finally {
      CliLog.current().ifPresent(CliLog::close);
    }
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(context.out());
    return ExitCodes.USAGE;
  }

  /** Makes commands with the CLI's context when they take one. */
  private record Factory(CliContext context) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      try {
        Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
        constructor.setAccessible(true);
        return constructor.newInstance(context);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"fablestream " + (v == null ? "(development build)" : v)};
    }
  }
}
