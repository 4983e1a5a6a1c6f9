package io.fablestream.app;

import io.fablestream.platform.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code fablestream serve} in a JVM of its own, on the test classpath, so a test can kill it
 * without warning (SIGKILL: {@link Process#destroyForcibly()} on Linux) and start it again on the
 * same data directory. Its stdout and stderr go to a log file per start.
 */
final class AppProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private AppProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code serve} with these settings and environment variables (such as {@code
   * FABLESTREAM_LOG_LEVEL}), its output in {@code log}.
   */
  static AppProcess serve(Map<String, String> settings, Map<String, String> env, Path log) {
    ProcessBuilder builder =
        ChildJvm.of(
            List.of("-Xmx768m", "-XX:+UseSerialGC"),
            Main.class.getName(),
            ChildJvm.serve(settings),
            log);
    builder.environment().putAll(env);
    try {
      return new AppProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + builder.command().get(0), e);
    }
  }

  /**
   * Waits until the app prints that it is ready.
   *
   * @throws AssertionError when it exits first or the time runs out, with the end of its log
   */
  void awaitReady(Duration timeout) throws InterruptedException {
    try {
      org.awaitility.Awaitility.await("the app ready")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (output().lines().anyMatch(line -> line.startsWith("Ready."))) {
                  return true;
                }
                if (!process.isAlive()) {
                  throw new AssertionError(
                      "the app exited with "
                          + process.exitValue()
                          + " before it was ready:\n"
                          + tail());
                }
                return false;
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("the app was not ready within " + timeout + ":\n" + tail(), e);
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the app did not die within 30 s of SIGKILL");
    }
  }

  /**
   * SIGTERM, as a container runtime or Ctrl-C stops the app: its shutdown hook stops the line.
   *
   * @return how long it took to exit
   */
  Duration stop() throws InterruptedException {
    long start = System.nanoTime();
    process.destroy();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      throw new AssertionError("the app did not stop within 2 minutes of SIGTERM:\n" + tail());
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of the app's output, for a failure message. */
  String tail() {
    List<String> lines = output().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private String output() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      // Cut mid-character while the app writes: the next look reads it whole.
      return "";
    }
  }

  /** Kills the app if it still runs. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
