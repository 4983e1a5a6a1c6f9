package io.fablestream.chapter;

import io.fablestream.events.BookQuality;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Histograms of the finished books' quality figures (docs/quality.md), tagged {@code service}, so
 * an operator sees in Grafana when a model change makes books worse. Fixed buckets around each
 * figure's bar (QualityBar) rather than Micrometer's defaults, which are made for latencies and
 * counts.
 */
final class QualityMetrics {
  private static final String SERVICE = "service";

  private final DistributionSummary lengthScore;
  private final DistributionSummary slopPer1000;
  private final DistributionSummary repetition;
  private final DistributionSummary oneSentenceParagraphs;
  private final DistributionSummary judgeScore;
  private final DistributionSummary judgeDrop;
  private final DistributionSummary slopRise;

  QualityMetrics(MeterRegistry registry, String service) {
    lengthScore =
        histogram(
            registry,
            service,
            "fablestream.book.length.score",
            "LongBench-Write length score S_l of a completed book, 0 to 100",
            30,
            50,
            60,
            70,
            80,
            90,
            95,
            99,
            100);
    slopPer1000 =
        histogram(
            registry,
            service,
            "fablestream.book.slop.per.1000",
            "Slop-list hits and 'not X, but Y' constructions per 1,000 words of a completed book",
            1,
            2,
            5,
            10,
            15,
            20,
            30,
            50);
    repetition =
        histogram(
            registry,
            service,
            "fablestream.book.repetition",
            "Share of a chapter's 5-grams already in earlier chapters, the book's mean",
            0.01,
            0.02,
            0.05,
            0.1,
            0.2,
            0.5);
    oneSentenceParagraphs =
        histogram(
            registry,
            service,
            "fablestream.book.one.sentence.paragraphs",
            "Share of a completed book's paragraphs that are one sentence",
            0.1,
            0.2,
            0.3,
            0.5,
            0.7,
            0.9);
    judgeScore =
        histogram(
            registry,
            service,
            "fablestream.book.judge.score",
            "The validation judge's mean score of a completed book's chapters, 0 to 1",
            0.2,
            0.4,
            0.5,
            0.6,
            0.7,
            0.8,
            0.9,
            1);
    judgeDrop =
        histogram(
            registry,
            service,
            "fablestream.book.judge.drop",
            "First chapter's judge score minus the last's, when the book got worse (else 0)",
            0.05,
            0.1,
            0.2,
            0.3,
            0.5);
    slopRise =
        histogram(
            registry,
            service,
            "fablestream.book.slop.rise",
            "Last chapter's slop per 1,000 words minus the first's, when it rose (else 0)",
            1,
            2,
            5,
            10,
            20);
  }

  void record(BookQuality quality) {
    if (quality == null) {
      return;
    }
    lengthScore.record(quality.getLengthScore());
    slopPer1000.record(quality.getSlopPer1000());
    repetition.record(quality.getRepetition());
    oneSentenceParagraphs.record(quality.getOneSentenceParagraphs());
    if (quality.getJudgeScore() != null) {
      judgeScore.record(quality.getJudgeScore());
    }
    if (quality.getJudgeDegradation() != null) {
      judgeDrop.record(Math.max(0, -quality.getJudgeDegradation()));
    }
    slopRise.record(Math.max(0, quality.getSlopDegradation()));
  }

  private static DistributionSummary histogram(
      MeterRegistry registry, String service, String name, String description, double... buckets) {
    return DistributionSummary.builder(name)
        .description(description)
        .tag(SERVICE, service)
        .serviceLevelObjectives(buckets)
        .register(registry);
  }
}
