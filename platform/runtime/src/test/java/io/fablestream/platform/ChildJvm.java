package io.fablestream.platform;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Java main in a JVM of its own, on this JVM's classpath, for a test or a benchmark that kills
 * and restarts it: its stdout and stderr go to a log file, and its environment keeps none of the
 * build's {@code FABLESTREAM_*}, {@code KAFKA_*} or {@code OLLAMA_HOST}, so only the settings given
 * count.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** {@code java jvmOptions -cp <this classpath> mainClass args}, not started yet. */
  public static ProcessBuilder of(
      List<String> jvmOptions, String mainClass, List<String> args, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(
            k -> k.startsWith("FABLESTREAM_") || k.startsWith("KAFKA_") || k.equals("OLLAMA_HOST"));
    return builder;
  }

  /** The arguments of {@code fablestream serve} with these settings. */
  public static List<String> serve(Map<String, String> settings) {
    List<String> args = new ArrayList<>();
    args.add("serve");
    settings.forEach((k, v) -> args.add("--set=" + k + "=" + v));
    return args;
  }
}
