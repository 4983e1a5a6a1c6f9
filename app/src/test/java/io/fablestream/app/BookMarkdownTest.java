package io.fablestream.app;

import static io.fablestream.app.FinishedBooks.arc;
import static io.fablestream.app.FinishedBooks.chapter;
import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ArcSummary;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.schemas.quality.QualityReport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BookMarkdownTest {
  @Test
  void finishedBookHasItsLanguageSynopsisAndEveryArcSummaryTheLastIncluded() {
    BookCompleted book =
        FinishedBooks.book(
                List.of(
                    chapter(1, "The Keeper Leaves", "He went down the stair.\n\nShe stayed."),
                    chapter(2, "The Storm", "The wind rose."),
                    chapter(3, "The Lens", "She pushed the lens.")),
                List.of(
                    arc(1, 2, "The keeper leaves; a storm comes."),
                    arc(3, 3, "The cat turns the lens and the boat is saved.")))
            .setTitle("The Cat Who Kept the Lighthouse")
            .setSynopsis("A cat keeps a lamp.\nAlone, through a storm.")
            .build();

    String markdown = BookMarkdown.render(book);

    assertThat(markdown)
        .isEqualTo(
            """
            ---
            lang: "en"
            ---

            # The Cat Who Kept the Lighthouse

            A cat keeps a lamp.
            Alone, through a storm.

            *Written from a picture: A lighthouse on a rocky shore at dusk, a tabby cat on the \
            rail. Mood: wistful*

            ## Chapter 1: The Keeper Leaves

            He went down the stair.

            She stayed.

            ## Chapter 2: The Storm

            The wind rose.

            > **The story so far (chapters 1-2).** The keeper leaves; a storm comes.

            ## Chapter 3: The Lens

            She pushed the lens.

            > **The story so far (chapters 3-3).** The cat turns the lens and the boat is saved.

            """);
  }

  @Test
  void finishedBookListsItsCastFromTheStoryBibleBeforeTheFirstChapter() {
    BookCompleted book = FinishedBooks.englishBook().setBible(TestEvents.bible()).build();

    assertThat(BookMarkdown.render(book))
        .contains(
            """
            Mood: wistful*

            ## Cast

            - **Mina** (the cat): A grey cat who wants the fish.
            - **Oskar**: A stranger at the kitchen door.

            ## Chapter 1: \
            """);
  }

  @Test
  void finishedBookCarriesItsQualityFiguresInTheFrontMatter() {
    // Chapter 1: 4 words of 4 asked (S_l 100), judged 0.9; short: all its paragraphs are one
    // sentence. Chapter 2: 2 words of 4 (S_l 100 * (1 - (4/2 - 1)/2) = 50), judged 0.6; short.
    BookCompleted book =
        FinishedBooks.book(
                List.of(chapter(1, "One", "The cat sat down."), chapter(2, "Two", "It slept.")),
                List.of(arc(1, 2, "A cat.")))
            .setQuality(
                QualityReport.of(
                    List.of(
                        new QualityReport.Chapter(1, "The cat sat down.", 4, 0.9, 1),
                        new QualityReport.Chapter(2, "It slept.", 2, 0.6, 0)),
                    4,
                    "en"))
            .build();

    assertThat(BookMarkdown.render(book))
        .startsWith(
            """
            ---
            lang: "en"
            quality:
              lengthScore: 75
              repetition: 0
              slopPer1000: 0
              oneSentenceParagraphs: 1
              judgeScore: 0.75
              judgeDegradation: -0.3
              slopDegradation: 0
              contradictionsFound: 0
              contradictionsFixed: 0
              chaptersShort: [1, 2]
            ---

            """);
  }

  @Test
  void revisedBookShowsItsRevisionAndMarksTheChaptersItWrote() {
    List<BookChapter> chapters =
        List.of(
            chapter(1, "One", "Kept from the first revision."),
            chapter(2, "Two", "A person's own words.", 3, true),
            chapter(3, "Three", "The model's new words.", 3, false));
    BookCompleted book =
        FinishedBooks.book(chapters, List.of(arc(1, 3, "All of it.")))
            .setTitle("Revised")
            .setSynopsis("A blurb.")
            .setRevision(3)
            .build();

    String markdown = BookMarkdown.render(book);

    assertThat(markdown)
        .startsWith("---\nlang: \"en\"\n---\n\n# Revised\n\n*Revision 3*\n\nA blurb.\n\n")
        .contains("## Chapter 1: One\n\nKept from the first revision.\n\n")
        .contains("## Chapter 2: Two\n\n*Written by a person in revision 3.*\n\nA person's own")
        .contains("## Chapter 3: Three\n\n*Written anew in revision 3.*\n\nThe model's new")
        .endsWith("> **The story so far (chapters 1-3).** All of it.\n\n");
  }

  @Test
  void firstRevisionShowsNoRevisionLine() {
    assertThat(BookMarkdown.render(FinishedBooks.english()))
        .doesNotContain("Revision")
        .doesNotContain("revision");
  }

  @Test
  void japaneseBookRoundTripsInUtf8() {
    BookCompleted book = FinishedBooks.japanese();

    byte[] written = BookMarkdown.render(book).getBytes(StandardCharsets.UTF_8);
    String read = new String(written, StandardCharsets.UTF_8);

    assertThat(read).startsWith("---\nlang: \"ja\"\n---\n\n# 灯台を守る猫\n\n" + book.getSynopsis());
    for (BookChapter chapter : book.getChapters()) {
      assertThat(read)
          .contains("## Chapter " + chapter.getNumber() + ": " + chapter.getTitle() + "\n\n")
          .contains(chapter.getText().strip());
    }
    for (ArcSummary summary : book.getSummaries()) {
      assertThat(read).contains(summary.getSummary());
    }
  }

  @Test
  void greekBookRoundTripsInUtf8() {
    BookCompleted book = FinishedBooks.greek();

    String read =
        new String(
            BookMarkdown.render(book).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);

    assertThat(read)
        .startsWith("---\nlang: \"el\"\n---\n\n# Η γάτα του φάρου\n\n")
        .contains(book.getSynopsis())
        .contains(book.getChapters().get(1).getText())
        .contains(book.getSummaries().get(0).getSummary());
  }

  @Test
  void languageTagIsQuotedSoYamlDoesNotReadNorwegianAsFalse() {
    BookCompleted book = FinishedBooks.englishBook().setLanguage("no").build();

    assertThat(BookMarkdown.render(book)).startsWith("---\nlang: \"no\"\n---\n\n");
  }

  @Test
  void bookFromAWriterBeforeTheSynopsisGoesStraightFromTitleToPicture() {
    BookCompleted book = FinishedBooks.englishBook().setSynopsis(null).build();

    assertThat(BookMarkdown.render(book))
        .contains("# The Cat Who Kept the Lighthouse\n\n*Written from a picture: ");
  }

  @Test
  void bookInProgressEndsWithWhatItWaitsFor() {
    BookView view =
        BookView.empty("b1")
            .withStage(BookView.Stage.WRITING)
            .withRequest(new BookView.Request("Half a Book", null, 3, 2, 100, null, 0))
            .withStory(
                BookView.Story.NONE
                    .withAnalysis(
                        new BookView.Analysis("A kitchen", List.of(), "calm", List.of(), List.of()))
                    .withChapter(new BookView.Chapter(1, "First", "Text one.", 2))
                    .withIndexedThrough(1))
            .withLastEvent("chapter.indexed");

    assertThat(BookMarkdown.render(view))
        .isEqualTo(
            """
            # Half a Book

            *Written from a picture: A kitchen. Mood: calm*

            ## Chapter 1: First

            Text one.

            ---

            *Still being written: waiting for chapter 2 of 3 (the text model).*
            """);
  }
}
