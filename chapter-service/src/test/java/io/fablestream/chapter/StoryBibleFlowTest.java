package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BibleCharacter;
import io.fablestream.events.BibleFact;
import io.fablestream.events.BibleThread;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.CharacterChange;
import io.fablestream.events.Contradiction;
import io.fablestream.platform.model.ModelRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The story bible through the chapter loop: seeded from the analysis and the plan, updated from
 * every accepted chapter (the writer's summary and delta), carried by the next prompts and by
 * BookCompleted; a contradiction the judge finds and quotes is rewritten and recorded as fixed.
 */
class StoryBibleFlowTest extends ChapterLineTest {
  private static final String BOOK = "book-bible";

  private void writeWholeBook() {
    line.analysisReady(BOOK, 3, 2);
    line.chapterIndexed(BOOK, 1);
    line.chapterIndexed(BOOK, 2);
    line.arcSummarized(BOOK, 1, 2);
    line.chapterIndexed(BOOK, 3);
    line.arcSummarized(BOOK, 3, 3);
  }

  @Test
  void everyAcceptedChapterUpdatesTheBibleThatTheNextPromptsAndTheFinishedBookCarry() {
    line = new ChapterLine();

    writeWholeBook();

    List<ChapterWritten> chapters = line.chapters.readValuesToList();
    assertThat(chapters)
        .extracting(ChapterWritten::getSummary)
        .containsExactly(StoryModel.summary(1), StoryModel.summary(2), StoryModel.summary(3));
    List<ModelRequest> prompts = line.writerRequests();
    assertThat(prompts.get(0).prompt()).doesNotContain("THE STORY BIBLE");
    // What chapter 1 set, under its number, then how it ended; how the characters stand after it.
    assertThat(prompts.get(1).prompt())
        .containsSubsequence(
            "THE STORY BIBLE",
            "Chapter 1:\n",
            "- new: Captain Rourke (also the captain): master of the wrecked ship [chapter 1]",
            "- " + StoryModel.fact(1) + "\n",
            "- opened: " + StoryModel.thread(1) + "\n",
            "It ended: \"...",
            "How characters stand now:\n- Mira: tired after flight 1 [chapter 1]");
    // The last chapter closes the open threads: chapter 2 resolved chapter 1's.
    assertThat(prompts.get(2).prompt())
        .contains(
            "Open threads (this last chapter closes them):",
            "- " + StoryModel.thread(2) + " [opened in chapter 2]",
            "- Mira: tired after flight 2 [chapter 2]")
        .doesNotContain("- " + StoryModel.thread(1) + " [");

    BookCompleted book = line.completed.readValuesToList().getFirst();
    assertThat(book.getBible().getCast())
        .containsExactly(
            new BibleCharacter(
                "Mira",
                List.of(),
                "the keeper's daughter, who wants to light the lamp",
                0,
                List.of(
                    new CharacterChange(1, "tired after flight 1"),
                    new CharacterChange(2, "tired after flight 2"),
                    new CharacterChange(3, "tired after flight 3"))),
            new BibleCharacter(
                "Old Tobin", List.of(), "the keeper, who hides a secret", 0, List.of()),
            new BibleCharacter(
                "Captain Rourke",
                List.of("the captain"),
                "master of the wrecked ship",
                1,
                List.of()));
    assertThat(book.getBible().getFacts())
        .containsExactly(
            new BibleFact("The story is set in a lighthouse on a cliff at dusk", 0),
            new BibleFact(StoryModel.fact(1), 1),
            new BibleFact(StoryModel.fact(2), 2),
            new BibleFact(StoryModel.fact(3), 3));
    assertThat(book.getBible().getThreads())
        .containsExactly(
            new BibleThread(StoryModel.MAIN_CONFLICT, 0, null),
            new BibleThread("the storm that will not pass", 0, null),
            new BibleThread("the keeper's secret", 0, null),
            new BibleThread(StoryModel.thread(1), 1, 2),
            new BibleThread(StoryModel.thread(2), 2, 3),
            new BibleThread(StoryModel.thread(3), 3, null));
    assertThat(book.getChapters())
        .extracting(c -> c.getSummary())
        .containsExactly(StoryModel.summary(1), StoryModel.summary(2), StoryModel.summary(3));
    assertThat(book.getQuality().getContradictionsFound()).isZero();
  }

  @Test
  void aContradictionTheJudgeQuotesIsRewrittenWithTheFactAndSentenceAndRecordedAsFixed() {
    line = new ChapterLine();
    // The judge finds chapter 2's first attempt contradicting what chapter 1 set.
    line.story.judge(
        (n, attempt) ->
            n == 2 && attempt == 1
                ? StoryModel.judgement(
                    5, List.of("the storm that will not pass"), List.of(StoryModel.fact(1)))
                : StoryModel.PASSING_JUDGEMENT);

    writeWholeBook();

    List<ModelRequest> judged = line.models.requestsTo(StoryModel.JUDGE);
    assertThat(judged.get(1).prompt())
        .as("the judge is given the facts that bear on the chapter")
        .contains("- " + StoryModel.fact(1));
    List<ModelRequest> drafts = line.writerRequests();
    assertThat(drafts).hasSize(4);
    String opening = String.join(" ", List.of(StoryModel.text(2, 1).split(" ")).subList(0, 8));
    assertThat(drafts.get(2).prompt())
        .contains(
            "YOUR LAST ATTEMPT WAS REJECTED",
            "The chapter contradicts the story bible. The fact: \""
                + StoryModel.fact(1)
                + "\" (set in chapter 1). The sentence that contradicts it: \""
                + opening
                + "\". Rewrite so the chapter keeps the fact.");
    List<ChapterWritten> chapters = line.chapters.readValuesToList();
    ChapterWritten second = chapters.get(1);
    assertThat(second.getAttempts()).isEqualTo(2);
    assertThat(second.getValidation().getPassed()).isTrue();
    assertThat(second.getValidation().getContradictions()).isEmpty();
    assertThat(second.getValidation().getContradictionsFound()).isEqualTo(1);
    assertThat(second.getValidation().getContradictionsFixed()).isEqualTo(1);
    assertThat(chapters.get(0).getValidation().getContradictionsFound()).isZero();
    BookCompleted book = line.completed.readValuesToList().getFirst();
    assertThat(book.getQuality().getContradictionsFound()).isEqualTo(1);
    assertThat(book.getQuality().getContradictionsFixed()).isEqualTo(1);
  }

  @Test
  void aContradictionLeftInTheBestAttemptIsRecordedAsLeft() {
    line = new ChapterLine(java.util.Map.of("chapter.max.attempts", "2"));
    line.story.judge(
        (n, attempt) ->
            n == 2
                ? StoryModel.judgement(
                    5, List.of("the storm that will not pass"), List.of(StoryModel.fact(1)))
                : StoryModel.PASSING_JUDGEMENT);

    line.analysisReady(BOOK, 3, 2);
    line.chapterIndexed(BOOK, 1);

    ChapterWritten second = line.chapters.readValuesToList().get(1);
    assertThat(second.getValidation().getPassed()).isFalse();
    assertThat(second.getValidation().getContradictions())
        .containsExactly(
            new Contradiction(
                StoryModel.fact(1),
                1,
                String.join(" ", List.of(StoryModel.text(2, 1).split(" ")).subList(0, 8))));
    assertThat(second.getValidation().getContradictionsFound()).isEqualTo(1);
    assertThat(second.getValidation().getContradictionsFixed()).isZero();
  }

  @Test
  void aJudgeThatQuotesNoSentenceOfTheChapterAdvancesNoConflictAndContradictsNothing() {
    line = new ChapterLine(java.util.Map.of("chapter.max.attempts", "1"));
    line.story.judge(
        (n, attempt) ->
            "{\"evidence\": [{\"conflict\": \"the storm that will not pass\", \"sentence\":"
                + " \"The storm is mentioned somewhere.\"}], \"contradictions\": [{\"fact\": \"The"
                + " story is set in a lighthouse on a cliff at dusk\", \"sentence\": \"They were"
                + " in a desert.\"}], \"tone\": 5}");

    line.analysisReady(BOOK, 3, 2);

    ChapterWritten first = line.chapters.readValuesToList().getFirst();
    assertThat(first.getValidation().getConflictCount()).isZero();
    assertThat(first.getValidation().getContradictionsFound()).isZero();
    assertThat(first.getValidation().getNotes())
        .containsExactly(
            "No open conflict moves forward (one only mentioned does not): advance at least one"
                + " of: the storm that will not pass; the keeper's secret, in an event of this"
                + " chapter.");
  }
}
