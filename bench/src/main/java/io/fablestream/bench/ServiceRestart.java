package io.fablestream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * One service of a line of separate processes killed under load and started again: {@code
 * fablestream broker} and one {@code fablestream service} of each kind, each a JVM of its own (as
 * the launcher runs them), on the load simulator; B books submitted at once; the chosen service
 * SIGKILLed K times, each {@code --kill-after-s} after its start, and started again on the same
 * data directory. For every restart it prints the time from the process's start to its "Ready."
 * line (every stream thread RUNNING) and to its resumption (its consumer group's committed offsets
 * past where they stood at the kill: it processed and committed again), and where the time went,
 * from its own log: the JVM and the service's parts until Kafka Streams starts, the group's
 * rebalance until the first task is assigned, the state restored from the changelogs (records and
 * time), and the rest until RUNNING. Run by hand; see docs/performance.md ("A service killed and
 * started again").
 */
public final class ServiceRestart {
  private ServiceRestart() {}

  static final String USAGE =
      """
      Usage: ServiceRestart [flags]
        --service NAME     the service killed: analyzer, indexer, chapter, summarizer [chapter]
        --books B          books submitted at once after the line is ready           [100]
        --chapters N       chapters per book (one arc)                               [3]
        --parallel P       simulator slots; model.parallelism of each service         [8]
        --kills K          SIGKILLs of the service                                    [2]
        --kill-after-s S   seconds from a start's Ready to its kill                   [20]
        --xmx SIZE         each JVM's -Xmx                                            [384m]
        --set key=value    any setting of every process (repeatable)
      """;

  /** The service's own log lines, timed, that say where a start's time went. */
  private static final String LOGBACK =
      """
      <configuration>
        <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
        </appender>
        <logger name="org.apache.kafka.streams.KafkaStreams" level="INFO"/>
        <logger name="org.apache.kafka.streams.processor.internals.StoreChangelogReader" level="INFO"/>
        <logger name="org.apache.kafka.streams.processor.internals.StreamThread" level="INFO"/>
        <root level="WARN"><appender-ref ref="OUT"/></root>
      </configuration>
      """;

  public static void main(String[] args) throws Exception {
    HandFlags flags = HandFlags.of(args, USAGE);
    String service = flags.text("--service", "chapter");
    KillLoad load = new KillLoad(100, 3, 8, 2, 20, "384m").read(flags);
    flags.done();
    RunDirs dirs = RunDirs.create("service-restart");
    Path dataDir = dirs.data();
    Path logs = dirs.logs();
    Path logback = dirs.logback(LOGBACK);
    List<Process> processes = new ArrayList<>();
    try (OllamaLoadSimulator ollama =
        OllamaLoadSimulator.start(
            load.parallel(),
            Latencies.DEFAULTS,
            BaselineRun.VISION_MODEL,
            BaselineRun.TEXT_MODEL)) {
      Map<String, String> common = new LinkedHashMap<>();
      int kafkaPort = ServeUnderLoad.freePort();
      String bootstrap = "localhost:" + kafkaPort;
      common.put("kafka.bootstrap.servers", bootstrap);
      common.putAll(
          ServeUnderLoad.simulatedLine(kafkaPort, ollama, load.parallel(), load.settings()));
      System.out.printf(
          Locale.ROOT,
          "line of separate processes (-Xmx%s each), %d books of %d chapters on %d slots; %s"
              + " killed %d time(s), %d s after each start; load %s%n",
          load.xmx(),
          load.books(),
          load.chapters(),
          load.parallel(),
          service,
          load.kills(),
          load.killAfter(),
          ServeUnderLoad.loadAverage());

      Started broker = start("broker", null, common, dataDir, load.xmx(), logback, logs, 0);
      processes.add(broker.process());
      broker.awaitReady(Duration.ofMinutes(5));
      Map<String, Started> line = new LinkedHashMap<>();
      for (String name : List.of("analyzer", "indexer", "chapter", "summarizer")) {
        Started s = start("service", name, common, dataDir, load.xmx(), logback, logs, 0);
        processes.add(s.process());
        line.put(name, s);
      }
      for (Map.Entry<String, Started> e : line.entrySet()) {
        double ready = e.getValue().awaitReady(Duration.ofMinutes(10));
        System.out.printf(Locale.ROOT, "clean start of %s: ready %.1f s%n", e.getKey(), ready);
      }
      ServeUnderLoad.submit(bootstrap, load.books(), load.chapters());
      Started current = line.get(service);
      for (int run = 1; run <= load.kills(); run++) {
        TimeUnit.SECONDS.sleep(load.killAfter());
        long before = committed(bootstrap, "fablestream-" + service);
        long ended = ServeUnderLoad.endedBooks(bootstrap);
        current.process().destroyForcibly().waitFor();
        current = start("service", service, common, dataDir, load.xmx(), logback, logs, run);
        processes.add(current.process());
        double ready = current.awaitReady(Duration.ofMinutes(10));
        double resumed = current.awaitResumed(bootstrap, "fablestream-" + service, before);
        System.out.printf(
            Locale.ROOT,
            "restart %d of %s (%d of %d books ended at the kill): ready %.1f s, resumed %.1f s"
                + " after the process started; load %s%n  %s%n",
            run,
            service,
            ended,
            load.books(),
            ready,
            resumed,
            ServeUnderLoad.loadAverage(),
            current.breakdown());
      }
    } finally {
      for (Process p : processes) {
        p.destroyForcibly().waitFor();
      }
      dirs.deleteData();
    }
    System.exit(0);
  }

  /** A process of the line, started at {@code startedAt} (time of day, as its log prints it). */
  private record Started(Process process, Path log, long startedNanos, LocalTime startedAt) {
    double awaitReady(Duration bound) throws Exception {
      long deadline = System.nanoTime() + bound.toNanos();
      while (System.nanoTime() < deadline) {
        if (lines().stream().anyMatch(l -> l.startsWith("Ready."))) {
          return (System.nanoTime() - startedNanos) / 1e9;
        }
        if (!process.isAlive()) {
          throw new IllegalStateException("exited before it was ready; see " + log);
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
      throw new IllegalStateException("not ready within " + bound + "; see " + log);
    }

    /** Waits until the group's committed offsets pass {@code before}; seconds from the start. */
    double awaitResumed(String bootstrap, String group, long before) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (System.nanoTime() < deadline) {
        if (committed(bootstrap, group) > before) {
          return (System.nanoTime() - startedNanos) / 1e9;
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      return Double.NaN;
    }

    /** Where the start's time went, from the log's timed lines. */
    String breakdown() throws IOException {
      double streamsStarted = Double.NaN;
      double firstAssigned = Double.NaN;
      double lastRestored = Double.NaN;
      double running = Double.NaN;
      long restoredRecords = 0;
      int restoredStores = 0;
      for (String line : lines()) {
        double at = StartPhases.secondsAfter(line, startedAt);
        if (Double.isNaN(at)) {
          continue;
        }
        if (Double.isNaN(streamsStarted) && line.contains("State transition from CREATED to")) {
          streamsStarted = at;
        } else if (Double.isNaN(firstAssigned)
            && line.contains("State transition from PARTITIONS_ASSIGNED")) {
          firstAssigned = at;
        } else if (line.contains("Finished restoring changelog")) {
          lastRestored = at;
          restoredStores++;
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("total number of (\\d+) records").matcher(line);
          if (m.find()) {
            restoredRecords += Long.parseLong(m.group(1));
          }
        } else if (line.contains("State transition from REBALANCING to RUNNING")) {
          running = at;
        }
      }
      return String.format(
          Locale.ROOT,
          "JVM and the service's parts until Kafka Streams started %.1f s; tasks assigned at %.1f"
              + " s; %d changelogs restored (%d records), the last at %.1f s; RUNNING at %.1f s",
          streamsStarted,
          firstAssigned,
          restoredStores,
          restoredRecords,
          lastRestored,
          running);
    }

    private List<String> lines() throws IOException {
      return Files.exists(log)
          ? Files.readString(log, StandardCharsets.ISO_8859_1).lines().toList()
          : List.of();
    }
  }

  private static Started start(
      String command,
      String service,
      Map<String, String> common,
      Path dataDir,
      String xmx,
      Path logback,
      Path logs,
      int run)
      throws IOException {
    String name = service == null ? command : service;
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    line.add("-Xmx" + xmx);
    line.add("--enable-native-access=ALL-UNNAMED");
    line.add("-Dlogback.configurationFile=" + logback.toAbsolutePath());
    line.add("-cp");
    line.add(System.getProperty("java.class.path"));
    line.add("io.fablestream.app.Main");
    line.add(command);
    if (service != null) {
      line.add(service);
    }
    Map<String, String> settings = new LinkedHashMap<>(common);
    settings.put("data.dir", dataDir.resolve(name).toString());
    settings.put("http.port", "0");
    settings.forEach((k, v) -> line.add("--set=" + k + "=" + v));
    Path log = logs.resolve(name + "-" + run + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("FABLESTREAM_") || k.startsWith("KAFKA_"));
    LocalTime at = LocalTime.now();
    long nanos = System.nanoTime();
    return new Started(builder.start(), log, nanos, at);
  }

  /** The sum of a consumer group's committed offsets. */
  static long committed(String bootstrap, String group) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      long sum = 0;
      for (OffsetAndMetadata o : offsets.values()) {
        if (o != null) {
          sum += o.offset();
        }
      }
      return sum;
    }
  }
}
