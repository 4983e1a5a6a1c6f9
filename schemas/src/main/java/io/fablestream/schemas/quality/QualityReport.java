package io.fablestream.schemas.quality;

import io.fablestream.events.BookQuality;
import io.fablestream.events.ChapterQuality;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A finished book's quality report from its chapters: each chapter's figures, and the book's
 * (means, totals and degradation). docs/quality.md gives each formula. Figures are rounded to four
 * decimals.
 */
public final class QualityReport {
  private QualityReport() {}

  /**
   * One chapter as the report reads it.
   *
   * @param number the chapter's number
   * @param text its text
   * @param wordCount its length in words, as the book counts them
   * @param judgeScore the validation judge's score in [0, 1], or null when not judged
   * @param conflictsAdvanced the open conflicts the judge saw it advance, or null when not judged
   */
  public record Chapter(
      int number, String text, int wordCount, Double judgeScore, Integer conflictsAdvanced) {}

  /**
   * The report of a book.
   *
   * @param chapters the chapters in order
   * @param targetWords the length each chapter was asked for
   * @param language the book's language (which slop list counts)
   */
  public static BookQuality of(List<Chapter> chapters, int targetWords, String language) {
    Optional<Slop> list = Slop.forLanguage(language);
    List<Double> repetition = Repetition.shares(chapters.stream().map(Chapter::text).toList());
    List<ChapterQuality> rows = new ArrayList<>();
    double lengths = 0;
    int words = 0;
    int hits = 0;
    Paragraphs.Count paragraphs = new Paragraphs.Count(0, 0);
    for (int i = 0; i < chapters.size(); i++) {
      Chapter c = chapters.get(i);
      int notXButY = Slop.notXButY(c.text());
      int chapterHits = notXButY + list.map(s -> s.phraseHits(c.text())).orElse(0);
      Paragraphs.Count shape = Paragraphs.of(c.text(), language);
      double length = LengthScore.of(c.wordCount(), targetWords);
      double slop = Slop.per1000(chapterHits, c.wordCount());
      rows.add(
          ChapterQuality.newBuilder()
              .setNumber(c.number())
              .setWordCount(c.wordCount())
              .setTargetWords(targetWords)
              .setLengthScore(round(length))
              .setRepetition(round(repetition.get(i)))
              .setSlopHits(chapterHits)
              .setNotXButY(notXButY)
              .setSlopPer1000(round(slop))
              .setOneSentenceParagraphs(round(shape.share()))
              .setJudgeScore(c.judgeScore() == null ? null : round(c.judgeScore()))
              .setConflictsAdvanced(c.conflictsAdvanced())
              .setShortfalls(
                  QualityBar.shortfalls(
                      c.wordCount(),
                      targetWords,
                      length,
                      repetition.get(i),
                      slop,
                      shape.share(),
                      c.judgeScore()))
              .build());
      lengths += length;
      words += c.wordCount();
      hits += chapterHits;
      paragraphs = paragraphs.plus(shape);
    }
    List<Double> judged =
        chapters.stream().map(Chapter::judgeScore).filter(s -> s != null).toList();
    return BookQuality.newBuilder()
        .setLengthScore(round(rows.isEmpty() ? 0 : lengths / rows.size()))
        .setRepetition(round(Repetition.book(repetition)))
        .setSlopPer1000(round(Slop.per1000(hits, words)))
        .setOneSentenceParagraphs(round(paragraphs.share()))
        .setJudgeScore(
            judged.isEmpty()
                ? null
                : round(judged.stream().mapToDouble(Double::doubleValue).average().orElse(0)))
        .setContradictionsFound(0)
        .setContradictionsFixed(0)
        .setJudgeDegradation(
            judged.size() < 2 ? null : round(judged.get(judged.size() - 1) - judged.get(0)))
        .setSlopDegradation(
            rows.size() < 2
                ? 0
                : round(rows.get(rows.size() - 1).getSlopPer1000() - rows.get(0).getSlopPer1000()))
        .setSlopList(list.map(Slop::language).orElse(""))
        .setChapters(rows)
        .setRubric(null)
        .build();
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
