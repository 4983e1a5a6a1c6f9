package io.fablestream.app;

import io.fablestream.events.BookQuality;
import io.fablestream.events.BookRubric;
import io.fablestream.events.ChapterQuality;
import java.util.List;

/**
 * A finished book's quality report as the read model keeps and the API shows it: the fields of
 * BookCompleted.quality (docs/quality.md), under the same names.
 */
public record QualityView(
    double lengthScore,
    double repetition,
    double slopPer1000,
    double oneSentenceParagraphs,
    Double judgeScore,
    int contradictionsFound,
    int contradictionsFixed,
    Double judgeDegradation,
    double slopDegradation,
    String slopList,
    List<Chapter> chapters,
    Rubric rubric) {

  public QualityView {
    chapters = List.copyOf(chapters == null ? List.of() : chapters);
  }

  /** One chapter's figures. */
  public record Chapter(
      int number,
      int wordCount,
      int targetWords,
      double lengthScore,
      double repetition,
      int slopHits,
      int notXButY,
      double slopPer1000,
      double oneSentenceParagraphs,
      Double judgeScore,
      Integer conflictsAdvanced,
      List<String> shortfalls) {
    public Chapter {
      shortfalls = List.copyOf(shortfalls == null ? List.of() : shortfalls);
    }
  }

  /** The whole-book judge's scores, 1 to 10, and its evidence. */
  public record Rubric(
      String evidence,
      int coherence,
      int characterConsistency,
      int pacing,
      int prose,
      int ending,
      String model) {}

  /** The view of a book's report; null for none (a writer older than the report). */
  public static QualityView of(BookQuality q) {
    if (q == null) {
      return null;
    }
    BookRubric r = q.getRubric();
    return new QualityView(
        q.getLengthScore(),
        q.getRepetition(),
        q.getSlopPer1000(),
        q.getOneSentenceParagraphs(),
        q.getJudgeScore(),
        q.getContradictionsFound(),
        q.getContradictionsFixed(),
        q.getJudgeDegradation(),
        q.getSlopDegradation(),
        q.getSlopList(),
        q.getChapters().stream()
            .map(
                c ->
                    new Chapter(
                        c.getNumber(),
                        c.getWordCount(),
                        c.getTargetWords(),
                        c.getLengthScore(),
                        c.getRepetition(),
                        c.getSlopHits(),
                        c.getNotXButY(),
                        c.getSlopPer1000(),
                        c.getOneSentenceParagraphs(),
                        c.getJudgeScore(),
                        c.getConflictsAdvanced(),
                        List.copyOf(c.getShortfalls())))
            .toList(),
        r == null
            ? null
            : new Rubric(
                r.getEvidence(),
                r.getCoherence(),
                r.getCharacterConsistency(),
                r.getPacing(),
                r.getProse(),
                r.getEnding(),
                r.getModel()));
  }

  /** The report as the event carries it. */
  public BookQuality toEvent() {
    return BookQuality.newBuilder()
        .setLengthScore(lengthScore)
        .setRepetition(repetition)
        .setSlopPer1000(slopPer1000)
        .setOneSentenceParagraphs(oneSentenceParagraphs)
        .setJudgeScore(judgeScore)
        .setContradictionsFound(contradictionsFound)
        .setContradictionsFixed(contradictionsFixed)
        .setJudgeDegradation(judgeDegradation)
        .setSlopDegradation(slopDegradation)
        .setSlopList(slopList == null ? "" : slopList)
        .setChapters(
            chapters.stream()
                .map(
                    c ->
                        ChapterQuality.newBuilder()
                            .setNumber(c.number())
                            .setWordCount(c.wordCount())
                            .setTargetWords(c.targetWords())
                            .setLengthScore(c.lengthScore())
                            .setRepetition(c.repetition())
                            .setSlopHits(c.slopHits())
                            .setNotXButY(c.notXButY())
                            .setSlopPer1000(c.slopPer1000())
                            .setOneSentenceParagraphs(c.oneSentenceParagraphs())
                            .setJudgeScore(c.judgeScore())
                            .setConflictsAdvanced(c.conflictsAdvanced())
                            .setShortfalls(c.shortfalls())
                            .build())
                .toList())
        .setRubric(
            rubric == null
                ? null
                : BookRubric.newBuilder()
                    .setEvidence(rubric.evidence())
                    .setCoherence(rubric.coherence())
                    .setCharacterConsistency(rubric.characterConsistency())
                    .setPacing(rubric.pacing())
                    .setProse(rubric.prose())
                    .setEnding(rubric.ending())
                    .setModel(rubric.model() == null ? "" : rubric.model())
                    .build())
        .build();
  }
}
