package io.fablestream.bench;

import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.config.KafkaSettings;
import io.fablestream.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Where a chapter's overhead goes: reads {@code chapters.written} and {@code chapters.indexed}
 * (committed records only) and notes when each chapter's records became readable, so the gap from
 * the judge's verdict on chapter n to the writer call of chapter n+1 splits in three: the verdict
 * to ChapterWritten committed (chapter-service's punctuator and commit), ChapterWritten to
 * ChapterIndexed committed (the indexer: chunk, embed, write, commit), and ChapterIndexed to the
 * next writer call (chapter-service: recall, prompt). Each time includes this reader's own fetch
 * (it polls every 5 ms, {@code fetch.max.wait.ms} 5).
 */
final class ChapterTrace implements AutoCloseable {
  private final Map<String, Long> written = new ConcurrentHashMap<>();
  private final Map<String, Long> indexed = new ConcurrentHashMap<>();
  private final Map<String, Integer> stories = new ConcurrentHashMap<>();
  private final TopicReader reader;

  private ChapterTrace(KafkaConsumer<String, byte[]> consumer) {
    this.reader =
        TopicReader.start(
            Thread.ofPlatform().daemon().name("bench-trace"),
            consumer,
            Duration.ofMillis(5),
            this::read);
  }

  static ChapterTrace start(KafkaSettings kafka) {
    KafkaConsumer<String, byte[]> consumer =
        BenchClients.consumer(
            kafka.bootstrapServers(),
            "bench-trace-",
            "latest",
            List.of(Topics.CHAPTERS_WRITTEN.name(), Topics.CHAPTERS_INDEXED.name()),
            Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5));
    return new ChapterTrace(consumer);
  }

  private void read(ConsumerRecord<String, byte[]> record, long now) {
    if (record.topic().equals(Topics.CHAPTERS_WRITTEN.name())) {
      ChapterWritten chapter = BenchClients.value(Topics.CHAPTERS_WRITTEN, record);
      stories.putIfAbsent(record.key(), SimulatedAnswers.story(chapter.getText()));
      written.putIfAbsent(record.key() + "/" + chapter.getChapterNumber(), now);
    } else {
      ChapterIndexed chapter = BenchClients.value(Topics.CHAPTERS_INDEXED, record);
      indexed.putIfAbsent(record.key() + "/" + chapter.getChapterNumber(), now);
    }
  }

  /** The three parts of each chapter's gap after the first, as p50 and p95 lines. */
  String describe(List<SimulatedCall> calls) {
    Map<Integer, String> books = new HashMap<>();
    stories.forEach((book, story) -> books.put(story, book));
    List<Double> toWritten = new ArrayList<>();
    List<Double> toIndexed = new ArrayList<>();
    List<Double> toNextCall = new ArrayList<>();
    Map<String, Long> verdicts = new HashMap<>();
    Map<String, Long> nextCalls = new HashMap<>();
    for (SimulatedCall call : calls) {
      String book = books.get(call.story());
      if (book == null) {
        continue;
      }
      if (call.purpose() == CallPurpose.JUDGE) {
        verdicts.merge(book + "/" + call.chapter(), call.ended(), Math::max);
      } else if (call.purpose() == CallPurpose.CHAPTER) {
        nextCalls.merge(book + "/" + (call.chapter() - 1), call.arrived(), Math::min);
      }
    }
    for (Map.Entry<String, Long> next : nextCalls.entrySet()) {
      Long verdict = verdicts.get(next.getKey());
      Long w = written.get(next.getKey());
      Long i = indexed.get(next.getKey());
      if (verdict == null || w == null || i == null) {
        continue;
      }
      toWritten.add((w - verdict) / 1e6);
      toIndexed.add((i - w) / 1e6);
      toNextCall.add((next.getValue() - i) / 1e6);
    }
    RunFigures.Percentiles a = RunFigures.Percentiles.of(toWritten);
    RunFigures.Percentiles b = RunFigures.Percentiles.of(toIndexed);
    RunFigures.Percentiles c = RunFigures.Percentiles.of(toNextCall);
    return String.format(
        Locale.ROOT,
        "  chapter n to n+1      p50 / p95: verdict -> ChapterWritten read %.0f / %.0f ms,"
            + " -> ChapterIndexed read %.0f / %.0f ms, -> next writer call %.0f / %.0f ms"
            + " (%d chapters)",
        a.p50(),
        a.p95(),
        b.p50(),
        b.p95(),
        c.p50(),
        c.p95(),
        a.count());
  }

  @Override
  public void close() throws InterruptedException {
    reader.close();
  }
}
