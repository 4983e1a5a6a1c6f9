package io.fablestream.bench;

import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.ChildJvm;
import io.fablestream.schemas.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code fablestream serve} in a JVM of its own (as the launcher runs it, {@code -Xmx1g}) on the
 * load simulator: B books submitted at once, the process SIGKILLed K times while they are in flight
 * and started again on the same data directory. Prints, for every start, the time from the
 * process's start to its "Ready." line (every service RUNNING, the API up), and the process's peak
 * resident set ({@code VmHWM} of {@code /proc/PID/status}) until it was killed or the books ended.
 * Run by hand; see docs/performance.md ("Restarts and memory").
 */
public final class ServeUnderLoad {
  private ServeUnderLoad() {}

  static final String USAGE =
      """
      Usage: ServeUnderLoad [flags]
        --books B          books submitted at once after the first start          [300]
        --chapters N       chapters per book (one arc)                            [3]
        --parallel P       simulator slots and model.parallelism                  [8]
        --kills K          SIGKILLs, each --kill-after-s after a start            [1]
        --kill-after-s S   seconds from a start's Ready (and the submission) to its kill [30]
        --end-within-s S   after the last start, wait this long for every book to end (0: no wait) [0]
        --xmx SIZE         the serve JVM's -Xmx                                  [1g]
        --java-opt OPT     a further JVM option of serve (repeatable), e.g.
                           -XX:NativeMemoryTracking=summary to read it with jcmd PID VM.native_memory
        --set key=value    any setting of the line (repeatable)
      """;

  /**
   * The log lines, timed, that say where a start's time went: the broker's recovery and
   * registration, Kafka Streams' state transitions and restorations, the app's own steps.
   */
  static final String LOGBACK =
      """
      <configuration>
        <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
          <target>System.err</target>
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
        </appender>
        <logger name="io.fablestream" level="INFO"/>
        <logger name="kafka.log.LogManager" level="INFO"/>
        <logger name="kafka.server.BrokerServer" level="INFO"/>
        <logger name="org.apache.kafka.server.BrokerLifecycleManager" level="INFO"/>
        <logger name="kafka.coordinator.transaction.TransactionCoordinator" level="INFO"/>
        <logger name="org.apache.kafka.streams.KafkaStreams" level="INFO"/>
        <logger name="org.apache.kafka.streams.processor.internals.StoreChangelogReader" level="INFO"/>
        <logger name="state.change.logger" level="ERROR"/>
        <root level="WARN"><appender-ref ref="OUT"/></root>
      </configuration>
      """;

  public static void main(String[] args) throws Exception {
    HandFlags flags = HandFlags.of(args, USAGE);
    KillLoad load = new KillLoad(300, 3, 8, 1, 30, "1g").read(flags);
    int endWithin = flags.integer("--end-within-s", 0);
    List<String> javaOpts = flags.all("--java-opt");
    flags.done();
    RunDirs dirs = RunDirs.create("serve-under-load");
    Path dataDir = dirs.data();
    Path logs = dirs.logs();
    Path logback = dirs.logback(LOGBACK);
    javaOpts.add(0, "-Dlogback.configurationFile=" + logback.toAbsolutePath());
    try (OllamaLoadSimulator ollama =
        OllamaLoadSimulator.start(
            load.parallel(),
            Latencies.DEFAULTS,
            BaselineRun.VISION_MODEL,
            BaselineRun.TEXT_MODEL)) {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("data.dir", dataDir.toString());
      int kafkaPort = freePort();
      settings.put("http.port", Integer.toString(freePort()));
      settings.putAll(simulatedLine(kafkaPort, ollama, load.parallel(), load.settings()));
      String bootstrap = "localhost:" + kafkaPort;
      System.out.printf(
          Locale.ROOT,
          "serve -Xmx%s, %d books of %d chapters at once on %d slots, %d kill(s) %d s after a"
              + " start; load %s%n",
          load.xmx(),
          load.books(),
          load.chapters(),
          load.parallel(),
          load.kills(),
          load.killAfter(),
          loadAverage());
      for (int run = 0; run <= load.kills(); run++) {
        Path log = logs.resolve("run-" + run + ".log");
        long started = System.nanoTime();
        java.time.LocalTime startedAt = java.time.LocalTime.now();
        Process serve = start(settings, load.xmx(), javaOpts, log);
        System.out.printf("start %d: pid %d, output in %s%n", run, serve.pid(), log);
        long[] brokerUp = {0};
        long readyAfter = awaitReady(serve, log, Duration.ofMinutes(10), brokerUp) - started;
        if (run == 0) {
          submit(bootstrap, load.books(), load.chapters());
        }
        long peak;
        String fate;
        if (run < load.kills()) {
          TimeUnit.SECONDS.sleep(load.killAfter());
          peak = peakRss(serve.pid());
          serve.destroyForcibly().waitFor();
          fate = "SIGKILLed " + load.killAfter() + " s after ready";
        } else {
          long deadline =
              System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(endWithin, load.killAfter()));
          long ended = 0;
          while (System.nanoTime() < deadline) {
            ended = endedBooks(bootstrap);
            if (endWithin > 0 && ended >= load.books()) {
              break;
            }
            TimeUnit.SECONDS.sleep(5);
          }
          peak = peakRss(serve.pid());
          fate = ended + " of " + load.books() + " books ended, then SIGTERM";
          serve.destroy();
          serve.waitFor(2, TimeUnit.MINUTES);
        }
        System.out.printf(
            Locale.ROOT,
            "start %d: ready %.1f s after the process started (its broker up at %.1f s); peak RSS %d"
                + " MiB; %s; load %s%n",
            run,
            readyAfter / 1e9,
            brokerUp[0] == 0 ? Double.NaN : (brokerUp[0] - started) / 1e9,
            peak / (1024 * 1024),
            fate,
            loadAverage());
        System.out.printf("start %d: %s%n", run, StartPhases.read(log, startedAt));
      }
    } finally {
      dirs.deleteData();
    }
    System.exit(0);
  }

  private static Process start(
      Map<String, String> settings, String xmx, List<String> javaOpts, Path log)
      throws IOException {
    List<String> jvmOptions = new ArrayList<>();
    jvmOptions.add("-Xmx" + xmx);
    jvmOptions.addAll(javaOpts);
    ProcessBuilder builder =
        ChildJvm.of(jvmOptions, "io.fablestream.app.Main", ChildJvm.serve(settings), log);
    builder.environment().put("FABLESTREAM_LOG_LEVEL", "WARN");
    builder.environment().put("FABLESTREAM_BROKER_LOG_LEVEL", "WARN");
    return builder.start();
  }

  /**
   * Waits for the "Ready." line; returns System.nanoTime when it was seen, and puts in {@code
   * brokerUp[0]} when the line that the embedded broker answers was first seen.
   */
  private static long awaitReady(Process serve, Path log, Duration bound, long[] brokerUp)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      String out = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
      if (brokerUp[0] == 0 && out.lines().anyMatch(l -> l.startsWith("Kafka: embedded broker"))) {
        brokerUp[0] = System.nanoTime();
      }
      if (out.lines().anyMatch(l -> l.startsWith("Ready."))) {
        return System.nanoTime();
      }
      if (!serve.isAlive()) {
        throw new IllegalStateException("serve exited before it was ready; see " + log);
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException("serve was not ready within " + bound + "; see " + log);
  }

  static long peakRss(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0];
    } catch (IOException e) {
      return "?";
    }
  }

  static void submit(String bootstrap, int books, int chapters) {
    try (KafkaProducer<String, ImageSubmitted> producer = BenchClients.producer(bootstrap)) {
      for (int i = 0; i < books; i++) {
        producer.send(
            BenchClients.request(
                UUID.randomUUID().toString(), i + 1, null, new BookShape(chapters, chapters, 300)));
      }
      producer.flush();
    }
  }

  /** Distinct books on books.completed and books.failed, committed records only. */
  static long endedBooks(String bootstrap) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    java.util.Set<String> ended = new java.util.HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.BOOKS_COMPLETED.name(), Topics.BOOKS_FAILED.name())) {
        consumer
            .partitionsFor(topic)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> ended.add(r.key()));
      }
    }
    return ended.size();
  }

  /**
   * The settings of a line on the embedded broker at {@code kafkaPort} (its controller on a free
   * port) and the simulated Ollama with {@code parallel} slots, then the {@code --set} ones.
   */
  static Map<String, String> simulatedLine(
      int kafkaPort, OllamaLoadSimulator ollama, int parallel, Map<String, String> extra)
      throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("embedded.kafka.port", Integer.toString(kafkaPort));
    settings.put("embedded.kafka.controller.port", Integer.toString(freePort()));
    settings.put("ollama.host", ollama.uri().toString());
    settings.put("ollama.vision.model", BaselineRun.VISION_MODEL);
    settings.put("ollama.text.model", BaselineRun.TEXT_MODEL);
    settings.put("model.parallelism", Integer.toString(parallel));
    settings.put("start.timeout", "300s");
    settings.putAll(extra);
    return settings;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
