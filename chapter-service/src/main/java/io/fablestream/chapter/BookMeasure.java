package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.events.BookQuality;
import io.fablestream.events.ChapterWritten;
import io.fablestream.schemas.quality.QualityReport;
import java.util.List;

/**
 * The finished book's quality report, from its chapters as the text store keeps them (with the
 * judge's scores kept from validation) and the length each was asked for.
 */
final class BookMeasure {
  private BookMeasure() {}

  /** The report of a book about to be published. */
  static BookQuality of(BookState book, List<ChapterText> texts) {
    BookQuality quality =
        QualityReport.of(
            texts.stream()
                .map(
                    c ->
                        new QualityReport.Chapter(
                            c.getNumber(),
                            c.getText(),
                            c.getWordCount(),
                            c.getJudgeScore(),
                            c.getConflictsAdvanced()))
                .toList(),
            Math.max(1, book.getWordsPerChapter()),
            book.getLanguage());
    quality.setContradictionsFound(
        texts.stream().mapToInt(ChapterText::getContradictionsFound).sum());
    quality.setContradictionsFixed(
        texts.stream().mapToInt(ChapterText::getContradictionsFixed).sum());
    quality.setRubric(BookJudge.rubric(book.getRubricAnswer(), book.getRubricModel()).orElse(null));
    return quality;
  }

  /** The judge's score of a published chapter; none for a chapter a person wrote. */
  static Double judgeScore(ChapterWritten chapter) {
    return chapter.getEdited() ? null : chapter.getValidation().getMoodScore();
  }

  /** The conflicts the judge saw a chapter advance; none for a chapter a person wrote. */
  static Integer conflictsAdvanced(ChapterWritten chapter) {
    return chapter.getEdited() ? null : chapter.getValidation().getConflictCount();
  }
}
