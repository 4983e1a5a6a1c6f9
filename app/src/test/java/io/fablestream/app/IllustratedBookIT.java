package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.IllustrationRef;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.image.Automatic1111TestServer;
import io.fablestream.platform.model.image.Drawing;
import io.fablestream.platform.model.image.DrawnBytes;
import io.fablestream.platform.model.image.IllustrationSettings;
import io.fablestream.platform.model.image.ImageTestServer;
import io.fablestream.platform.model.image.TestPictures;
import io.fablestream.platform.model.openai.OpenAiImagesTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Illustrated books on the real line, once through each image API's test server (two slots, a
 * second a drawing): two books of two chapters are written at once, and the first drawing asked is
 * refused for good. Both books complete; the refused chapter has no illustration and says why in
 * BookCompleted; every other chapter has one, which the API serves as the PNG that was drawn; each
 * book's drawings carry one seed where the API takes one; both EPUBs pass epubcheck; and each
 * book's stats count its drawings.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class IllustratedBookIT {
  private static final int WIDTH = 256;
  private static final int HEIGHT = 192;

  @TempDir Path dir;

  @RegisterExtension final StoryOllamaExtension models = new StoryOllamaExtension();

  private final HttpClient http = HttpClient.newHttpClient();

  @ParameterizedTest
  @EnumSource(IllustrationSettings.Provider.class)
  void everyChapterIsIllustratedButTheOneWhoseDrawingWasRefused(
      IllustrationSettings.Provider provider) throws Exception {
    models.start();
    try (ImageTestServer images = refusingTheFirstDrawing(provider)) {
      Map<String, String> settings = models.lineSettings(dir.resolve("data"));
      settings.put("illustrations.enabled", "true");
      settings.put("illustrations.provider", provider.name().toLowerCase(Locale.ROOT));
      settings.put("illustrations.url", images.baseUrl().toString());
      settings.put("illustrations.size", WIDTH + "x" + HEIGHT);
      settings.put("image.parallelism", "2");
      try (FablestreamApp app =
          FablestreamApp.start(
              Config.of(settings), FablestreamApp.Options.line(true), System.out)) {
        String bootstrap = app.kafka().bootstrapServers();
        String base = "http://127.0.0.1:" + app.apiPort();
        List<String> books = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        for (String bookId : books) {
          ChelseaBook.submit(
              app.kafka(), bookId, new BookRequest(2, 2, 80, "Drawn " + bookId), "test");
        }

        List<BookCompleted> completed = new ArrayList<>();
        for (String bookId : books) {
          completed.add(
              CommittedLog.awaitCompleted(
                  bootstrap,
                  b -> b.getBookId().equals(bookId),
                  Duration.ofMinutes(3),
                  Duration.ofMillis(300)));
        }

        // Then one chapter of the four has no illustration, and says why
        List<BookChapter> chapters =
            completed.stream().flatMap(b -> b.getChapters().stream()).toList();
        assertThat(chapters).hasSize(4);
        assertThat(chapters)
            .filteredOn(c -> c.getIllustration() == null)
            .singleElement()
            .satisfies(
                c -> assertThat(c.getIllustrationFailure()).isEqualTo("ILLUSTRATION_REJECTED"));
        // And every other chapter's illustration is served by the API as the PNG drawn for it
        List<byte[]> drawn =
            images.drawings().stream()
                .map(
                    d ->
                        TestPictures.png(
                            d.prompt(), d.seed() == null ? 0 : d.seed(), d.width(), d.height()))
                .toList();
        for (BookCompleted book : completed) {
          for (BookChapter chapter : book.getChapters()) {
            IllustrationRef ref = chapter.getIllustration();
            if (ref == null) {
              continue;
            }
            assertThat(chapter.getIllustrationFailure()).isNull();
            assertThat(ref.getPath())
                .isEqualTo(
                    "/books/"
                        + book.getBookId()
                        + "/chapters/"
                        + chapter.getNumber()
                        + "/illustration");
            assertThat(ref.getContentType()).isEqualTo("image/png");
            assertThat(ref.getWidth()).isEqualTo(WIDTH);
            assertThat(ref.getHeight()).isEqualTo(HEIGHT);
            HttpResponse<byte[]> picture = get(base + ref.getPath());
            assertThat(picture.statusCode()).isEqualTo(200);
            assertThat(picture.headers().firstValue("Content-Type")).contains("image/png");
            assertThat(picture.body()).hasSize(ref.getSize());
            assertThat(DrawnBytes.read(picture.body()))
                .contains(new DrawnBytes("image/png", WIDTH, HEIGHT));
            assertThat(drawn).anySatisfy(bytes -> assertThat(bytes).isEqualTo(picture.body()));
          }
          // And the Markdown links each illustration where the API serves it
          String markdown =
              new String(
                  get(base + "/books/" + book.getBookId() + ".md").body(),
                  java.nio.charset.StandardCharsets.UTF_8);
          for (BookChapter chapter : book.getChapters()) {
            if (chapter.getIllustration() != null) {
              assertThat(markdown).contains("](" + chapter.getIllustration().getPath() + ")");
            }
          }
          // And the book's EPUB, its illustrations in it, passes epubcheck
          HttpResponse<byte[]> epub = get(base + "/books/" + book.getBookId() + ".epub");
          assertThat(epub.statusCode()).isEqualTo(200);
          assertThat(Epubcheck.problems(epub.body())).isEmpty();
          long pictures =
              new EpubContents(epub.body())
                  .entries.keySet().stream().filter(name -> name.endsWith(".png")).count();
          long illustrated =
              book.getChapters().stream().filter(c -> c.getIllustration() != null).count();
          assertThat(pictures).isGreaterThanOrEqualTo(illustrated);
          // And its stats count its two drawings, the refused one too, at a second a drawing, and
          // the API's view shows them
          assertThat(book.getStats().getImageCalls()).isEqualTo(2);
          assertThat(book.getStats().getImageTimeMs()).isGreaterThanOrEqualTo(1_000);
          com.fasterxml.jackson.databind.JsonNode stats =
              Json.mapper().readTree(get(base + "/books/" + book.getBookId()).body()).get("stats");
          assertThat(stats.get("imageCalls").asInt()).isEqualTo(2);
          assertThat(stats.get("imageTimeMs").asLong()).isEqualTo(book.getStats().getImageTimeMs());
        }
        // And one drawing was asked per chapter, the refused one not asked again
        List<Drawing> drawings = images.drawings();
        assertThat(drawings).hasSize(4);
        assertThat(drawings)
            .allSatisfy(
                d -> {
                  assertThat(d.width()).isEqualTo(WIDTH);
                  assertThat(d.height()).isEqualTo(HEIGHT);
                  // The style, the chapter's beat and the cat's looks, written once per book
                  assertThat(d.prompt())
                      .startsWith(IllustrationSettings.STYLE.defaultValue())
                      .contains("Chelsea tries way ")
                      .contains("Chelsea: " + StoryOllama.CHELSEA_LOOKS);
                });
        assertThat(
                models.server().requests().stream()
                    .filter(
                        r -> r.prompt() != null && r.prompt().contains(StoryOllama.LOOKS_ASKED)))
            .hasSize(2);
        if (provider == IllustrationSettings.Provider.AUTOMATIC1111) {
          // One seed per book: two seeds, each drawn twice.
          assertThat(drawings.stream().map(Drawing::seed).distinct()).hasSize(2);
          assertThat(drawings)
              .allSatisfy(
                  d ->
                      assertThat(drawings.stream().filter(o -> o.seed().equals(d.seed())))
                          .hasSize(2));
        }
      }
    }
  }

  /** The provider's test server, refusing the first drawing asked as the API refuses one. */
  private static ImageTestServer refusingTheFirstDrawing(IllustrationSettings.Provider provider) {
    ImageTestServer server =
        switch (provider) {
          case OPENAI -> OpenAiImagesTestServer.start("dall-e-2").refuseNext(1);
          case AUTOMATIC1111 ->
              Automatic1111TestServer.start()
                  .failNext(
                      1,
                      422,
                      "[{\"loc\":[\"body\",\"prompt\"],\"msg\":\"the prompt is refused\","
                          + "\"type\":\"value_error\"}]",
                      "list");
        };
    return server.slots(2).latency(Duration.ofSeconds(1));
  }

  private HttpResponse<byte[]> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
