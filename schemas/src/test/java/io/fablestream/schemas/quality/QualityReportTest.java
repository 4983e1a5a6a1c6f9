package io.fablestream.schemas.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookQuality;
import io.fablestream.events.ChapterQuality;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityReportTest {
  @Test
  void measuresEachChapterAndTheBookAsDocsQualityMdSays() {
    // Chapter 1: 11 words of 10 asked; "tapestry" and one "not X, but Y"; two paragraphs, the
    // second of one sentence; judged 0.8.
    // Chapter 2: 7 words; "tapestry"; one paragraph of two sentences; two of its three 5-grams
    // ("the tapestry was old it", "tapestry was old it hung") are in chapter 1; judged 0.5.
    List<QualityReport.Chapter> chapters =
        List.of(
            new QualityReport.Chapter(
                1, "The tapestry was old. It hung there.\nNot gold, but grey.", 11, 0.8, 2),
            new QualityReport.Chapter(2, "The tapestry was old, it hung. Yes.", 7, 0.5, 1));

    BookQuality quality = QualityReport.of(chapters, 10, "en");

    assertThat(quality.getChapters())
        .containsExactly(
            ChapterQuality.newBuilder()
                .setNumber(1)
                .setWordCount(11)
                .setTargetWords(10)
                // 100 * (1 - (11/10 - 1)/3)
                .setLengthScore(96.6667)
                .setRepetition(0)
                .setSlopHits(2)
                .setNotXButY(1)
                // 2 * 1000 / 11
                .setSlopPer1000(181.8182)
                .setOneSentenceParagraphs(0.5)
                .setJudgeScore(0.8)
                .setConflictsAdvanced(2)
                .setShortfalls(List.of("slop: 181.8 per 1,000 words (> 10)"))
                .build(),
            ChapterQuality.newBuilder()
                .setNumber(2)
                .setWordCount(7)
                .setTargetWords(10)
                // 100 * (1 - (10/7 - 1)/2)
                .setLengthScore(78.5714)
                .setRepetition(0.6667)
                .setSlopHits(1)
                .setNotXButY(0)
                // 1000 / 7
                .setSlopPer1000(142.8571)
                .setOneSentenceParagraphs(0)
                .setJudgeScore(0.5)
                .setConflictsAdvanced(1)
                .setShortfalls(
                    List.of(
                        "repetition: 67% of its 5-grams are in earlier chapters (> 10%)",
                        "slop: 142.9 per 1,000 words (> 10)"))
                .build());
    assertThat(quality.getLengthScore()).isEqualTo(87.619); // (96.66667 + 78.57143) / 2 = 87.61905
    assertThat(quality.getRepetition()).isEqualTo(0.6667); // chapter 2 alone
    assertThat(quality.getSlopPer1000()).isEqualTo(166.6667); // 3 hits in 18 words
    assertThat(quality.getOneSentenceParagraphs()).isEqualTo(0.3333); // 1 of 3 paragraphs
    assertThat(quality.getJudgeScore()).isEqualTo(0.65);
    assertThat(quality.getJudgeDegradation()).isEqualTo(-0.3); // 0.5 - 0.8
    assertThat(quality.getSlopDegradation()).isEqualTo(-38.9611); // 142.8571 - 181.8182
    assertThat(quality.getSlopList()).isEqualTo("en");
    assertThat(quality.getContradictionsFound()).isZero();
    assertThat(quality.getRubric()).isNull();
  }

  @Test
  void aChapterAPersonWroteIsNotJudgedAndABookInALanguageWithoutAListCountsOnlyNotXButY() {
    BookQuality quality =
        QualityReport.of(
            List.of(new QualityReport.Chapter(1, "Not this, but that tapestry.", 5, null, null)),
            5,
            "ja");

    assertThat(quality.getJudgeScore()).isNull();
    assertThat(quality.getJudgeDegradation()).isNull();
    assertThat(quality.getSlopList()).isEmpty();
    assertThat(quality.getChapters().get(0).getSlopHits()).isEqualTo(1);
    assertThat(quality.getSlopDegradation()).isZero();
  }
}
