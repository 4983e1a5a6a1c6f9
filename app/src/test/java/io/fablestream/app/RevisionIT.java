package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ArcSummarized;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookRevisionRequested;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.PlannedBeat;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.ollama.OllamaTestServer;
import io.fablestream.platform.model.ollama.ReceivedRequest;
import io.fablestream.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person revises a finished book on the real line: a book of four chapters in arcs of two is
 * revised from chapter 3 with an instruction. The chapters before it are kept, chapter 3 is
 * rewritten with the instruction in its prompt and only the kept chapters and the picture in its
 * story memory, the arc 3-4 is summarised again and the arc 1-2 not, and each revision is published
 * once.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RevisionIT {
  private static final String PASSAGES = "PASSAGES FROM EARLIER IN THE BOOK";
  private static final Pattern LABEL =
      Pattern.compile("^\\[(the picture|chapter \\d+)\\]", Pattern.MULTILINE);
  private static final String INSTRUCTION = "make the stranger an old friend";
  private static final String NEW_BEAT = "the old friend lights the lamp for Chelsea";

  @TempDir Path dir;

  @RegisterExtension final StoryOllamaExtension models = new StoryOllamaExtension();
  private OllamaTestServer ollama;

  @Test
  void aBookRevisedFromChapterThreeKeepsOneAndTwoAndRewritesTheRestWithTheInstruction()
      throws Exception {
    ollama = models.start(new StoryOllama(true));
    Map<String, String> settings = models.lineSettings(dir.resolve("data"));
    try (FablestreamApp app =
        FablestreamApp.start(Config.of(settings), FablestreamApp.Options.line(false), System.out)) {
      String bootstrap = app.kafka().bootstrapServers();
      String bookId = UUID.randomUUID().toString();
      ChelseaBook.submit(
          app.kafka(), bookId, new BookRequest(4, 2, 60, "The Twice-Told Shelf"), "test");
      BookCompleted first = awaitCompleted(bootstrap, bookId, 1);

      // When the book is revised from chapter 3 with an instruction and a new beat for chapter 4
      revise(bootstrap, bookId, 2, 3, INSTRUCTION);
      BookCompleted second = awaitCompleted(bootstrap, bookId, 2);

      // Then chapters 1 and 2 are kept as they were, and 3 and 4 are written anew
      assertThat(second.getChapters().subList(0, 2)).isEqualTo(first.getChapters().subList(0, 2));
      assertThat(second.getChapters())
          .extracting(BookChapter::getRevision)
          .containsExactly(1, 1, 2, 2);
      assertThat(second.getChapters().get(2).getText())
          .isNotEqualTo(first.getChapters().get(2).getText());
      // And the new chapter 3 was asked with the instruction, seeing only chapters 1-2 and the
      // picture in story memory
      List<ReceivedRequest> chapter3 = chapterPrompts(3);
      assertThat(chapter3).hasSize(2);
      String revised = chapter3.get(1).prompt();
      assertThat(revised).contains("- " + INSTRUCTION, first.getChapters().get(2).getText());
      assertThat(labels(revised)).isNotEmpty().isSubsetOf("the picture", "chapter 1", "chapter 2");
      // And chapter 4 of the revision found the new chapter 3 in story memory, not the old one
      String chapter4 = chapterPrompts(4).get(1).prompt();
      // written from its new beat, and the plan with it published for the read model
      assertThat(chapter4).contains("The plan for this chapter: " + NEW_BEAT + "\n");
      assertThat(CommittedLog.read(bootstrap).values(Topics.BOOKS_PLANNED))
          .filteredOn(p -> p.getBookId().equals(bookId))
          .last()
          .satisfies(
              plan ->
                  assertThat(plan.getBeats())
                      .extracting(PlannedBeat::getChapter, PlannedBeat::getBeat)
                      .contains(org.assertj.core.groups.Tuple.tuple(4, NEW_BEAT)));
      String passages = chapter4.substring(chapter4.indexOf(PASSAGES));
      assertThat(passages).doesNotContain(first.getChapters().get(2).getText().substring(0, 40));
      // And the arc 3-4 is summarised again, the arc 1-2 not
      CommittedLog log = CommittedLog.read(bootstrap);
      assertThat(log.values(Topics.ARCS_SUMMARIZED))
          .filteredOn(a -> a.getBookId().equals(bookId))
          .extracting(ArcSummarized::getThroughChapter, ArcSummarized::getRevision)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(2, 1),
              org.assertj.core.groups.Tuple.tuple(4, 1),
              org.assertj.core.groups.Tuple.tuple(4, 2));
      assertThat(second.getSummaries().get(0)).isEqualTo(first.getSummaries().get(0));
      assertThat(second.getSummaries().get(1)).isNotEqualTo(first.getSummaries().get(1));
      assertThat(second.getSynopsis()).isNotNull();
      // And each revision is published once, its chapters each once
      assertThat(log.values(Topics.BOOKS_COMPLETED))
          .filteredOn(b -> b.getBookId().equals(bookId))
          .extracting(BookCompleted::getRevision)
          .containsExactly(1, 2);
      assertThat(log.values(Topics.CHAPTERS_WRITTEN))
          .filteredOn(c -> c.getBookId().equals(bookId) && c.getRevision() == 2)
          .extracting(ChapterWritten::getChapterNumber)
          .containsExactly(3, 4);
      assertThat(log.values(Topics.BOOKS_FAILED)).isEmpty();
    }
  }

  private List<ReceivedRequest> chapterPrompts(int n) {
    return ollama.requests("/api/generate").stream()
        .filter(r -> r.prompt() != null && r.prompt().contains("Write chapter " + n + " of 4"))
        .toList();
  }

  /** The sources of the story-memory passages a prompt carries. */
  private static List<String> labels(String prompt) {
    int at = prompt.indexOf(PASSAGES);
    if (at < 0) {
      return List.of();
    }
    String section = prompt.substring(at, prompt.indexOf("THIS CHAPTER", at));
    Matcher m = LABEL.matcher(section);
    List<String> labels = new java.util.ArrayList<>();
    while (m.find()) {
      labels.add(m.group(1));
    }
    return labels;
  }

  private static void revise(
      String bootstrap, String bookId, int revision, int from, String instruction)
      throws Exception {
    BookRevisionRequested request =
        BookRevisionRequested.newBuilder()
            .setBookId(bookId)
            .setRevision(revision)
            .setFromChapter(from)
            .setInstruction(instruction)
            .setBeats(List.of(new PlannedBeat(4, NEW_BEAT, "", 1)))
            .setRequestedBy("test")
            .setRequestedAt(Instant.now())
            .build();
    TestProducer.sendOnce(bootstrap, Topics.BOOKS_REVISIONS, bookId, request);
  }

  private static BookCompleted awaitCompleted(String bootstrap, String bookId, int revision) {
    return CommittedLog.awaitCompleted(
        bootstrap,
        b -> b.getBookId().equals(bookId) && b.getRevision() == revision,
        Duration.ofMinutes(3),
        Duration.ofMillis(300));
  }
}
