package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.BookBudget;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The intake check of a book's shape against the model's context. */
class RequestCheckTest {
  private static final Pattern LARGEST = Pattern.compile("at most (\\d+) words per chapter fit");

  private static ImageSubmitted book(int chapters, int arcLength, int words) {
    return ImageSubmitted.newBuilder()
        .setBookId("book-1")
        .setSubmittedAt(Instant.parse("2026-03-01T10:00:00Z"))
        .setImage(new ImageRef("image/png", ByteBuffer.wrap(new byte[] {1, 2, 3}), null))
        .setChapterCount(chapters)
        .setArcLength(arcLength)
        .setWordsPerChapter(words)
        .build();
  }

  private static RequestCheck check(Map<String, String> config) {
    return new RequestCheck(BookBudget.from(Config.of(config)));
  }

  private static int largestIn(String problem) {
    Matcher m = LARGEST.matcher(problem);
    assertThat(m.find()).as(problem).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void theContractsDefaultBookFitsTheDefaultContext() {
    assertThat(check(Map.of()).problems(book(5, 5, 300))).isEmpty();
  }

  @Test
  void aBookWhoseArcSummaryCannotFitIsRefusedWithTheLargestLengthThatFits() {
    RequestCheck check = check(Map.of());

    Optional<String> problem = check.problems(book(5, 5, 5000));

    assertThat(problem)
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith("The request is not valid: wordsPerChapter is 5000, more than")
                    .contains("ollama.max.context = 32768 tokens")
                    .contains("a book of 5 chapters in arcs of 5")
                    .contains("summary of an arc reads all its chapters"));
    int largest = largestIn(problem.get());
    // Five chapters of up to 1.6 times the target must fit one summary call of 32768 tokens.
    assertThat(largest).isBetween(2000, 4000);
    assertThat(check.problems(book(5, 5, largest))).isEmpty();
    assertThat(check.problems(book(5, 5, largest + 1))).isPresent();
  }

  @Test
  void shorterArcsOrALargerContextLetTheSameLengthThrough() {
    assertThat(check(Map.of()).problems(book(5, 1, 5000))).isEmpty();
    assertThat(check(Map.of("ollama.max.context", "131072")).problems(book(5, 5, 5000))).isEmpty();
  }

  @Test
  void aFixedWindowInTheOllamaOptionsIsTheCapTheMessageNames() {
    Optional<String> problem =
        check(Map.of("ollama.options", "num_ctx=8192")).problems(book(5, 5, 1000));

    assertThat(problem)
        .hasValueSatisfying(p -> assertThat(p).contains("num_ctx in ollama.options = 8192 tokens"));
    int largest = largestIn(problem.get());
    assertThat(check(Map.of("ollama.options", "num_ctx=8192")).problems(book(5, 5, largest)))
        .isEmpty();
  }

  @Test
  void withTheOpenAiProviderTheCapIsTheServersWindow() {
    Map<String, String> config =
        Map.of(
            "model.provider", "openai",
            "openai.base.url", "http://localhost:8000/v1",
            "openai.max.context", "16384");

    assertThat(check(config).problems(book(5, 5, 2000)))
        .hasValueSatisfying(p -> assertThat(p).contains("openai.max.context = 16384 tokens"));
  }

  @Test
  void aBookWhoseSummariesAloneFillTheContextFitsAtNoLength() {
    // 100 chapters in arcs of 1: 99 summaries ride in the last chapter's prompt.
    Optional<String> problem =
        check(Map.of("ollama.max.context", "8192")).problems(book(100, 1, 50));

    assertThat(problem)
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains("no wordsPerChapter from 50 fits the model's context")
                    .contains("ollama.max.context = 8192 tokens")
                    .contains("fewer chapters or longer arcs"));
  }

  @Test
  void anAlbumWhosePlanningCallCannotFitIsRefusedAtAnyLengthAndTheMessageSaysWhy() {
    Map<String, String> config = Map.of("ollama.max.context", "8192");
    ImageSubmitted album = book(6, 1, 88);
    java.util.List<ImageRef> more = new java.util.ArrayList<>();
    for (int k = 0; k < 5; k++) {
      more.add(new ImageRef("image/png", ByteBuffer.wrap(new byte[] {(byte) k}), null));
    }
    album.setAlbum(more);

    Optional<String> problem = check(config).problems(album);

    // At 88 words every other call of the book fits; its first plan, which shows six pictures
    // and asks for six beats and the cast, does not.
    assertThat(problem)
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains("no wordsPerChapter fits the model's context")
                    .contains("a book of 6 chapters in arcs of 1 from an album of 6 pictures")
                    .contains("its planning call would need about")
                    .contains("submit fewer pictures"));
    album.setAlbum(more.subList(0, 3));
    assertThat(check(config).problems(album)).isEmpty();
  }

  @Test
  void anAlbumsChapterPromptsCarryTheirPictureSoItsBookIsRefusedAtALengthOnePictureFits() {
    Map<String, String> config = Map.of("ollama.max.context", "8192");
    int single = largestIn(check(config).problems(book(5, 1, 5000)).orElseThrow());
    ImageSubmitted album = book(5, 1, single);
    album.setAlbum(
        java.util.List.of(
            new ImageRef("image/png", ByteBuffer.wrap(new byte[] {4, 5, 6}), null),
            new ImageRef("image/png", ByteBuffer.wrap(new byte[] {7, 8, 9}), null)));

    Optional<String> problem = check(config).problems(album);

    assertThat(check(config).problems(book(5, 1, single))).isEmpty();
    assertThat(problem)
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .contains("a book of 5 chapters in arcs of 1 from an album of 3 pictures")
                    .contains("chapter call would need about"));
    int largest = largestIn(problem.get());
    // The picture's analysis (up to 400 words) and its heading ride in every chapter prompt.
    assertThat(largest).isLessThan(single);
    album.setWordsPerChapter(largest);
    assertThat(check(config).problems(album)).isEmpty();
  }

  @Test
  void theOtherFieldsAreCheckedFirstAndTheContextOnlyThen() {
    assertThat(check(Map.of()).problems(book(0, 5, 5000)))
        .hasValueSatisfying(
            p -> assertThat(p).contains("chapterCount is 0").doesNotContain("context"));
  }
}
