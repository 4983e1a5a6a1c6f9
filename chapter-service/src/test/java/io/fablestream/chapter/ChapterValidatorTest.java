package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.chapter.state.ChapterText;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChapterValidatorTest {
  private static final Usage JUDGE_CALL = new Usage(10, 20, 100, 1);

  private final ChapterSettings settings =
      ChapterSettings.from(Config.of(Map.of("ollama.text.model", "writer:test")));
  private final ChapterValidator validator = new ChapterValidator(settings);
  private final StorySeed story =
      BookTransitions.opened(ChapterLine.analysisOf("book-1", 5, 2), 0).getStory();

  private Verdict check(String text, List<ChapterText> earlier, int number, String judgement) {
    Draft draft = new Draft("T", text);
    String quote = String.join(" ", java.util.Arrays.asList(text.split(" ")).subList(0, 8));
    return validator.verdict(
        validator.localChecks(draft, 300, earlier, number),
        judgement.replace(StoryModel.QUOTE, quote),
        JUDGE_CALL,
        story,
        draft,
        List.of());
  }

  private Verdict check(String text) {
    return check(text, List.of(), 1, StoryModel.PASSING_JUDGEMENT);
  }

  @Test
  void aChapterOfTheRightLengthThatKeepsTheMoodAndAdvancesAConflictPasses() {
    Verdict verdict = check(StoryText.of(1, 300));

    assertThat(verdict)
        .isEqualTo(
            new Verdict(
                1.0, 5, List.of("the storm that will not pass"), List.of(), List.of(), JUDGE_CALL));
  }

  @Test
  void lengthMustStayWithinFourFifthsAndEightFifthsOfTheTarget() {
    assertThat(check(StoryText.of(1, 240)).passed()).isTrue();
    assertThat(check(StoryText.of(1, 480)).passed()).isTrue();
    assertThat(check(StoryText.of(1, 239)).notes())
        .containsExactly("The chapter has 239 words; write between 240 and 480 (about 300).");
    assertThat(check(StoryText.of(1, 481)).failures())
        .extracting(Verdict.Failure::check)
        .containsExactly(Check.WORD_COUNT);
  }

  @Test
  void aChapterThatRepeatsAnEarlierOneFails() {
    String earlier = StoryText.of(7, 300);
    List<ChapterText> one =
        List.of(
            ChapterText.newBuilder()
                .setNumber(1)
                .setTitle("One")
                .setText(earlier)
                .setWordCount(300)
                .setJudgeScore(null)
                .setConflictsAdvanced(null)
                .build());
    String copied = earlier.substring(0, earlier.length() / 2) + " " + StoryText.of(8, 150);

    Verdict verdict = check(copied, one, 2, StoryModel.PASSING_JUDGEMENT);

    assertThat(verdict.failures())
        .extracting(Verdict.Failure::check)
        .containsExactly(Check.REPETITION);
    assertThat(verdict.notes().get(0))
        .endsWith("repeats chapter 1 word for word: tell new events in new words.");
    assertThat(check(StoryText.of(9, 300), one, 2, StoryModel.PASSING_JUDGEMENT).passed()).isTrue();
  }

  @Test
  void conflictsNamedLooselyByTheJudgeStillCountAsTheAnalysisWordsThem() {
    var named =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .createArrayNode()
            .add("The Storm that will not pass!")
            .add("keeper's secret")
            .add("something else entirely");

    assertThat(ChapterValidator.countAdvanced(named, ChapterLine.CONFLICTS)).isEqualTo(2);
    assertThat(ChapterValidator.advancedConflicts(named, ChapterLine.CONFLICTS))
        .containsExactlyElementsOf(ChapterLine.CONFLICTS);
  }

  @Test
  void anUnreadableJudgementFailsTheMoodCheck() {
    Verdict verdict = check(StoryText.of(1, 300), List.of(), 1, "I think it is quite eerie.");

    assertThat(verdict.moodScore()).isZero();
    assertThat(verdict.failures()).extracting(Verdict.Failure::check).containsExactly(Check.MOOD);
  }

  @Test
  void theJudgeIsAskedAsTheJudgeToCheckTheBooksLanguageToo() {
    ModelRequest judge = validator.judgeRequest(new Draft("T", "Το φως."), story, "el", List.of());

    assertThat(judge.role()).isEqualTo(io.fablestream.platform.model.ModelRole.JUDGE);
    assertThat(judge.jsonSchema()).isEqualTo(ChapterValidator.JUDGE_SCHEMA);
    assertThat(judge.prompt()).contains("Το φως.", "The chapter should be in Greek");
  }
}
