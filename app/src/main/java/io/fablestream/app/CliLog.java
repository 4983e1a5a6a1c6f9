package io.fablestream.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import io.fablestream.platform.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Where the logs of {@code generate}, {@code submit}, {@code follow} and {@code revise} go: a file
 * under the data directory, so the terminal shows the book's progress and the command's own
 * messages, as cargo or ollama do, and the broker's and the clients' logs wait in the file until
 * someone asks. With {@code --verbose} they go to stderr as well. The servers ({@code serve},
 * {@code service}, {@code api}) never open one: they log to stderr, logback.xml's default.
 *
 * <p>The file rolls over at {@value #MAX_FILE_SIZE} and keeps {@value #KEPT_FILES} older files, so
 * it never holds more than that. Logging is one per JVM: one CLI log is open at a time, and {@link
 * #close()} puts the console back, so a JVM that runs several commands (the tests) logs as before
 * after each.
 */
final class CliLog implements AutoCloseable {
  static final String FILE_NAME = "fablestream.log";
  static final String MAX_FILE_SIZE = "10MB";
  static final int KEPT_FILES = 3;

  private static CliLog current;

  private final Path file;
  private final Logger root;
  private final RollingFileAppender<ILoggingEvent> appender;
  private final List<Appender<ILoggingEvent>> detached;

  private CliLog(
      Path file,
      Logger root,
      RollingFileAppender<ILoggingEvent> appender,
      List<Appender<ILoggingEvent>> detached) {
    this.file = file;
    this.root = root;
    this.appender = appender;
    this.detached = detached;
  }

  /**
   * Sends the logs to {@code <dataDir>/logs/fablestream.log}, and to stderr as well if {@code
   * verbose}.
   *
   * @throws ConfigException when the directory cannot be made, naming data.dir
   */
  static synchronized CliLog open(Path dataDir, boolean verbose) {
    if (current != null) {
      current.close();
    }
    Path dir = dataDir.resolve("logs").toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigException(
          "Cannot write the logs to "
              + dir
              + " ("
              + e
              + "): set data.dir (FABLESTREAM_DATA_DIR) to a directory you can write to.",
          e);
    }
    Path file = dir.resolve(FILE_NAME);
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      // Another SLF4J backend (a test's): it logs where it was told; the command runs the same.
      current = new CliLog(file, null, null, List.of());
      return current;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    RollingFileAppender<ILoggingEvent> appender = fileAppender(context, file);
    List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    if (!verbose) {
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        detached.add(it.next());
      }
      detached.forEach(root::detachAppender);
    }
    root.addAppender(appender);
    current = new CliLog(file, root, appender, detached);
    return current;
  }

  private static RollingFileAppender<ILoggingEvent> fileAppender(LoggerContext context, Path file) {
    RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
    appender.setContext(context);
    appender.setName("CLI_FILE");
    appender.setFile(file.toString());
    appender.setAppend(true);

    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(appender);
    rolling.setFileNamePattern(
        file.resolveSibling(FILE_NAME.replace(".log", ".%i.log")).toString());
    rolling.setMinIndex(1);
    rolling.setMaxIndex(KEPT_FILES);
    rolling.start();

    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(FileSize.valueOf(MAX_FILE_SIZE));
    trigger.start();

    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
    encoder.start();

    appender.setRollingPolicy(rolling);
    appender.setTriggeringPolicy(trigger);
    appender.setEncoder(encoder);
    appender.start();
    return appender;
  }

  /** The CLI log this JVM writes now, if a command opened one. */
  static synchronized Optional<CliLog> current() {
    return Optional.ofNullable(current);
  }

  /** The log file. */
  Path file() {
    return file;
  }

  /** Closes the file and puts the console appenders back; safe to call twice. */
  @Override
  public void close() {
    synchronized (CliLog.class) {
      if (current != this) {
        return;
      }
      current = null;
      if (root != null) {
        root.detachAppender(appender);
        appender.stop();
        detached.forEach(root::addAppender);
      }
    }
  }
}
