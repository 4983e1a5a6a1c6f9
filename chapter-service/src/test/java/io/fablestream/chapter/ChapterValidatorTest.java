package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.WrittenChapter;
import io.fablestream.events.ChapterWritten;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ScriptedModelGateway;
import io.fablestream.platform.model.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChapterValidatorTest {
  private final ChapterSettings settings =
      ChapterSettings.from(Config.of(Map.of("ollama.text.model", "writer:test")));
  private final ChapterValidator validator =
      new ChapterValidator(ScriptedModelGateway.always(StoryModel.PASSING_JUDGEMENT), settings);

  @Test
  void aChapterOfTheRightLengthThatKeepsTheMoodAndAdvancesAConflictPasses() {
    Verdict verdict = validator.check(new Draft("T", StoryText.of(1, 300)), book(), 1);

    assertThat(verdict).isEqualTo(new Verdict(0.9, 1, List.of(), new Usage(10, 20, 100, 1)));
  }

  @Test
  void lengthMustStayWithinFourFifthsAndEightFifthsOfTheTarget() {
    assertThat(validator.check(new Draft("T", StoryText.of(1, 240)), book(), 1).passed()).isTrue();
    assertThat(validator.check(new Draft("T", StoryText.of(1, 480)), book(), 1).passed()).isTrue();
    assertThat(validator.check(new Draft("T", StoryText.of(1, 239)), book(), 1).notes())
        .containsExactly("The chapter has 239 words; write between 240 and 480 (about 300).");
    assertThat(validator.check(new Draft("T", StoryText.of(1, 481)), book(), 1).failures())
        .extracting(Verdict.Failure::check)
        .containsExactly(Check.WORD_COUNT);
  }

  @Test
  void aChapterThatRepeatsAnEarlierOneFails() {
    String earlier = StoryText.of(7, 300);
    BookState book = withChapterOne(earlier);
    String copied = earlier.substring(0, earlier.length() / 2) + " " + StoryText.of(8, 150);

    Verdict verdict = validator.check(new Draft("T", copied), book, 2);

    assertThat(verdict.failures())
        .extracting(Verdict.Failure::check)
        .containsExactly(Check.REPETITION);
    assertThat(verdict.notes().get(0))
        .endsWith("repeats chapter 1 word for word: tell new events in new words.");
    assertThat(validator.check(new Draft("T", StoryText.of(9, 300)), book, 2).passed()).isTrue();
  }

  @Test
  void conflictsNamedLooselyByTheJudgeStillCount() {
    var named =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .createArrayNode()
            .add("The Storm that will not pass!")
            .add("keeper's secret")
            .add("something else entirely");

    assertThat(ChapterValidator.countAdvanced(named, ChapterLine.CONFLICTS)).isEqualTo(2);
  }

  @Test
  void anUnreadableJudgementFailsTheMoodCheck() {
    ChapterValidator confused =
        new ChapterValidator(ScriptedModelGateway.always("I think it is quite eerie."), settings);

    Verdict verdict = confused.check(new Draft("T", StoryText.of(1, 300)), book(), 1);

    assertThat(verdict.moodScore()).isZero();
    assertThat(verdict.failures()).extracting(Verdict.Failure::check).containsExactly(Check.MOOD);
  }

  private static BookState book() {
    return BookTransitions.opened(ChapterLine.analysisOf("book-1", 5, 2), 0);
  }

  private static BookState withChapterOne(String text) {
    ChapterWritten one =
        ChapterLine.chapter(
            "book-1",
            1,
            5,
            text,
            1,
            new io.fablestream.events.ChapterValidation(0.9, 1, true, List.of(), List.of()),
            Usage.NONE);
    BookState book = BookTransitions.withChapter(book(), one, Usage.NONE, 0);
    assertThat(book.getChapters()).extracting(WrittenChapter::getNumber).containsExactly(1);
    return book;
  }
}
