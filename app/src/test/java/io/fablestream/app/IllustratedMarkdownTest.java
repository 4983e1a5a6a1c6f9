package io.fablestream.app;

import static io.fablestream.app.FinishedBooks.chapter;
import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.IllustrationRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Markdown of an illustrated album: each chapter's picture place and its illustration. */
class IllustratedMarkdownTest {
  private static IllustrationRef ref(int n, String alt) {
    return IllustrationRef.newBuilder()
        .setPath("/books/" + FinishedBooks.BOOK_ID + "/chapters/" + n + "/illustration")
        .setContentType("image/png")
        .setSize(1234)
        .setWidth(512)
        .setHeight(512)
        .setAlt(alt)
        .build();
  }

  @Test
  void anAlbumsChaptersNameTheirPictureAndLinkTheirIllustration() {
    BookChapter first = chapter(1, "The Keeper Leaves", "He went down the stair.");
    first.setIllustration(ref(1, "A tabby cat [on the rail] at dusk, watercolour"));
    BookChapter second = chapter(2, "The Storm", "The wind rose.");
    second.setPicture(2);
    second.setIllustrationFailure("ILLUSTRATION_UNAVAILABLE");
    BookChapter third = chapter(3, "The Lens", "She pushed the lens.");
    third.setPicture(3);
    third.setIllustration(ref(3, ""));
    BookCompleted book =
        FinishedBooks.book(List.of(first, second, third), List.of()).setTitle("The Lamp").build();

    String markdown = BookMarkdown.render(book);

    String path = "/books/" + FinishedBooks.BOOK_ID + "/chapters/";
    assertThat(markdown)
        .contains(
            """
            ## Chapter 1: The Keeper Leaves

            *From picture 1.*

            ![A tabby cat \\[on the rail\\] at dusk, watercolour](%s1/illustration)

            He went down the stair.

            ## Chapter 2: The Storm

            *From picture 2.*

            The wind rose.

            ## Chapter 3: The Lens

            *From picture 3.*

            ![Illustration of chapter 3](%s3/illustration)

            She pushed the lens.
            """
                .formatted(path, path));
  }

  @Test
  void aBookOfOnePictureNamesNoPictureAndTheReadModelsViewLinksItsIllustrations() {
    BookView view =
        BookView.empty("b")
            .withStory(
                BookView.Story.NONE.withChapter(
                    new BookView.Chapter(
                            1, "First", "Text one.", 2, 1, false, null, 1, 1, null, null)
                        .withIllustration(
                            new BookView.Illustration(
                                "/books/b/chapters/1/illustration",
                                "image/png",
                                10,
                                64,
                                48,
                                "A cat"))));

    String markdown = BookMarkdown.render(view);

    assertThat(markdown)
        .contains(
            """
            ## Chapter 1: First

            ![A cat](/books/b/chapters/1/illustration)

            Text one.
            """)
        .doesNotContain("From picture");
  }
}
