package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fablestream.app.http.HttpApi;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.model.image.Automatic1111TestServer;
import io.fablestream.platform.model.ollama.OllamaTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The studio in a real headless Chromium, against the whole line (embedded broker, the four
 * services, the API) with the Ollama-API test server answering in a few hundred milliseconds, so
 * progress is there to be seen. A person submits a picture through the form, watches the book being
 * written, reads it, opens chapters from the graph and revises it. Skipped without Debian's
 * chromium and chromium-driver, or when the jar was built without the studio (no Node). Screenshots
 * go to target/studio-screenshots/. The line draws an illustration per chapter on the
 * Automatic1111-API test server (a tenth of a second a drawing); with {@code
 * -Dfablestream.screenshot.write=true} the illustrated page's screenshot is also written to
 * docs/images/illustrated-page.png, the one the README shows.
 *
 * <p>The tests run in any order: each reads or revises a book of its own. The class starts the line
 * once and submits, through the API, the books the reading and the revising tests need, so they are
 * written while the first test fills in the form; each test waits for its book to complete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StudioIT {
  private static final Path CHELSEA =
      Path.of("../docs/samples/chelsea.png").toAbsolutePath().normalize();
  private static final Path ASTRONAUT =
      Path.of("../analyzer-service/src/test/resources/images/astronaut.png")
          .toAbsolutePath()
          .normalize();
  private static final Path SCREENSHOTS = Path.of("target/studio-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String TITLE = "Chelsea in the Studio";
  private static final int CHAPTERS = 4;
  private static final int ARC = 2;
  private static final int WORDS = 60;
  private static final String READ_TITLE = "Chelsea to Read";
  private static final String ILLUSTRATED_TITLE = "Chelsea, Illustrated";
  private static final Path README_SCREENSHOT =
      Path.of("../docs/images/illustrated-page.png").toAbsolutePath().normalize();

  @TempDir static Path dir;

  private OllamaTestServer ollama;
  private Automatic1111TestServer images;
  private FablestreamApp app;
  private ChromeDriver browser;
  private WebDriverWait wait;
  private String base;

  /** A book submitted through the API at the start, that the tests read and never revise. */
  private String readBook;

  /** A book submitted through the API at the start, for the test that revises it. */
  private String revisedBook;

  /** A short book submitted through the API at the start, to read with its illustrations. */
  private String illustratedBook;

  @BeforeAll
  void start() throws Exception {
    Path chromium = executable("fablestream.chromium", "/usr/bin/chromium");
    Path chromedriver = executable("fablestream.chromedriver", "/usr/bin/chromedriver");
    assumeTrue(
        Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
        "No chromium and chromedriver (apt-get install -y chromium chromium-driver)");
    assumeTrue(
        StudioIT.class.getResource("/studio/index.html") != null,
        "The studio is not built (needs Node 20.19+: cd web && npm ci && npm run build)");
    Files.createDirectories(SCREENSHOTS);

    ollama =
        OllamaTestServer.start(StoryOllama.VISION, StoryOllama.TEXT)
            .respondWith(new StoryOllama())
            .latency(request -> Duration.ofMillis(250));
    images = Automatic1111TestServer.start();
    images.slots(2).latency(Duration.ofMillis(100));
    Map<String, String> settings = LineTestConfig.values(dir.resolve("data"));
    settings.put("ollama.host", ollama.uri().toString());
    settings.put("ollama.retry.backoff", "100ms");
    settings.put("illustrations.enabled", "true");
    settings.put("illustrations.provider", "automatic1111");
    settings.put("illustrations.url", images.baseUrl().toString());
    settings.put("illustrations.size", "512x320");
    settings.put("image.parallelism", "2");
    app = FablestreamApp.start(Config.of(settings), FablestreamApp.Options.line(true), System.out);
    base = "http://127.0.0.1:" + app.apiPort();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, WAIT);

    readBook = submit(READ_TITLE);
    revisedBook = submit("Chelsea to Revise");
    illustratedBook = submit(ILLUSTRATED_TITLE, 2, 2, 80);
  }

  /** Submits the picture as a person's script would, through the API; its bookId. */
  private String submit(String title) throws Exception {
    return submit(title, CHAPTERS, ARC, WORDS);
  }

  private String submit(String title, int chapters, int arc, int words) throws Exception {
    HttpResponse<String> accepted =
        HttpClient.newHttpClient()
            .send(
                Multipart.post(
                    URI.create(base + "/books"),
                    "chelsea.png",
                    Files.readAllBytes(CHELSEA),
                    Map.of(
                        "title",
                        title,
                        "chapters",
                        Integer.toString(chapters),
                        "arcLength",
                        Integer.toString(arc),
                        "words",
                        Integer.toString(words))),
                HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    return Json.mapper().readTree(accepted.body()).path("bookId").asText();
  }

  /** Waits until the book's revision {@code revision} is completed, as the API shows it. */
  private String completed(String bookId, int revision) {
    HttpClient http = HttpClient.newHttpClient();
    await("book " + bookId + " completed at revision " + revision)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              HttpResponse<String> book =
                  http.send(
                      HttpRequest.newBuilder(URI.create(base + "/books/" + bookId)).build(),
                      HttpResponse.BodyHandlers.ofString());
              var view = Json.mapper().readTree(book.body());
              assertThat(view.path("stage").asText()).as(book.body()).isNotEqualTo("FAILED");
              return book.statusCode() == 200
                  && view.path("stage").asText().equals("COMPLETED")
                  && view.path("revision").asInt() == revision;
            });
    return bookId;
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (app != null) {
      app.close();
    }
    if (ollama != null) {
      ollama.close();
    }
    if (images != null) {
      images.close();
    }
  }

  @BeforeEach
  void desktop() {
    viewport(1280, 800, false);
  }

  /** Whatever a test did, the page logged no error (network failures included). */
  @AfterEach
  void noConsoleErrors() {
    assertThat(consoleErrors()).as("console errors").isEmpty();
  }

  /** The browser's console errors since the last call (reading them empties the buffer). */
  private List<String> consoleErrors() {
    List<String> severe = new ArrayList<>();
    for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        severe.add(entry.getMessage());
      }
    }
    return severe;
  }

  @Test
  void aPictureSubmittedThroughTheFormFromTheKeyboardShowsProgressThenItsChapters()
      throws Exception {
    browser.get(base + "/new");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("image")));
    assertEveryInputHasALabel();

    // From the top of the page, Tab reaches every field in order, and Enter on the button submits.
    browser.findElement(By.tagName("body")).click();
    // Two pictures, an album: a preview each, in order, and buttons that reorder them.
    tabTo("image").sendKeys(CHELSEA + "\n" + ASTRONAUT);
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("img.preview"), 2));
    assertThat(previews())
        .containsExactly("Picture 1 of 2: chelsea.png", "Picture 2 of 2: astronaut.png");
    browser.findElement(By.cssSelector("[aria-label='Move picture 2 earlier']")).click();
    assertThat(previews())
        .containsExactly("Picture 1 of 2: astronaut.png", "Picture 2 of 2: chelsea.png");
    browser.findElement(By.cssSelector("[aria-label='Move picture 1 later']")).click();
    assertThat(previews())
        .containsExactly("Picture 1 of 2: chelsea.png", "Picture 2 of 2: astronaut.png");
    tabTo("title").sendKeys(TITLE);
    retype(tabTo("chapters"), Integer.toString(CHAPTERS));
    retype(tabTo("arcLength"), Integer.toString(ARC));
    retype(tabTo("words"), Integer.toString(WORDS));
    assertThat(new Select(tabTo("language")).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("en");
    WebElement submit = active();
    for (int i = 0; i < 5 && !"submit".equals(submit.getAttribute("type")); i++) {
      new Actions(browser).sendKeys(Keys.TAB).perform();
      submit = active();
    }
    assertThat(submit.getText()).isEqualTo("Write the book");
    screenshot("new-book-1280");
    new Actions(browser).sendKeys(Keys.ENTER).perform();

    wait.until(ExpectedConditions.urlMatches("/book/[0-9a-f-]{36}$"));
    assertThat(browser.getCurrentUrl()).doesNotContain(readBook).doesNotContain(revisedBook);
    // While it is written: the stage and what it waits for, live.
    WebElement waiting =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=waiting-for]")));
    assertThat(waiting.getText()).startsWith("Waiting for: ");
    assertThat(browser.findElement(By.cssSelector("[data-testid=stage]")).getText())
        .containsAnyOf("SUBMITTED", "ANALYZED", "WRITING");
    wait.until(
        ExpectedConditions.numberOfElementsToBeMoreThan(
            By.cssSelector("[data-testid=chapter-list] li"), 0));
    screenshot("book-writing-1280");

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-testid=stage]"), "COMPLETED"));
    List<WebElement> chapters =
        browser.findElements(By.cssSelector("[data-testid=chapter-list] li a"));
    assertThat(chapters)
        .extracting(WebElement::getText)
        .containsExactly(
            "The Shelf, Part 1", "The Shelf, Part 2", "The Shelf, Part 3", "The Shelf, Part 4");
    assertThat(browser.findElement(By.id("book-title")).getText()).isEqualTo(TITLE);
    assertThat(browser.findElements(By.cssSelector(".arc h3")))
        .extracting(WebElement::getText)
        .containsExactly("Chapters 1–2", "Chapters 3–4");
    // The book's figures (docs/quality.md), and a bar per chapter in each of the three charts.
    assertThat(browser.findElement(By.cssSelector("[data-testid=quality-length]")).getText())
        .matches("\\d+ / 100");
    assertThat(browser.findElements(By.cssSelector("[data-testid=quality] .quality-chart rect")))
        .hasSize(3 * CHAPTERS);
    screenshot("book-completed-1280");
  }

  @Test
  void theGraphHasANodePerChapterAndArcSummaryAndAChapterNodeOpensItsText() throws Exception {
    String bookId = completed(readBook, 1);
    browser.get(base + "/book/" + bookId + "/graph");
    wait.until(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector(".react-flow__node [data-kind=chapter]"), CHAPTERS));
    assertThat(
            browser.findElements(
                By.cssSelector(".react-flow__node [data-kind=summary] .node-label")))
        .extracting(WebElement::getText)
        .containsExactly("Arc 1–2", "Arc 3–4");
    assertThat(browser.findElements(By.cssSelector(".react-flow__node [data-kind=analysis]")))
        .hasSize(1);
    assertThat(browser.findElements(By.cssSelector(".react-flow__node [data-kind=conflict]")))
        .hasSize(1);
    assertThat(browser.findElements(By.cssSelector(".react-flow__edge"))).isNotEmpty();
    Path shot = screenshot("graph-1280");
    Files.copy(shot, SCREENSHOTS.resolve("studio-book.png"), StandardCopyOption.REPLACE_EXISTING);

    // The window narrowed to a phone's width, then widened again: the graph fits itself each time.
    viewport(390, 844, true);
    wait.until(d -> nodesOutsideTheGraph() == 0);
    screenshot("graph-resized-390");
    viewport(1280, 800, false);
    wait.until(d -> nodesOutsideTheGraph() == 0);

    browser.findElement(By.cssSelector(".react-flow__node [data-chapter='3']")).click();
    wait.until(ExpectedConditions.urlContains("/read?chapter=3"));
    WebElement text =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid=chapter-text]")));
    assertThat(text.getText()).startsWith("Tale3 ").isEqualTo(StoryOllama.text(3, WORDS));
    assertThat(browser.findElement(By.id("chapter-title")).getText())
        .isEqualTo("Chapter 3: The Shelf, Part 3");
    screenshot("chapter-1280");
  }

  @Test
  void aRevisionAskedForFromAChapterIsFollowedLiveAndEndsWithRevisionTwoShown() throws Exception {
    String bookId = completed(revisedBook, 1);
    browser.get(base + "/book/" + bookId + "/read?chapter=3");
    WebElement instruction =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("instruction")));
    assertEveryInputHasALabel();
    instruction.sendKeys("make the stranger an old friend");
    browser.findElement(By.xpath("//button[text()='Regenerate from here']")).click();

    wait.until(ExpectedConditions.urlMatches("/book/" + bookId + "$"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-testid=stage]"), "revision 2"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-testid=stage]"), "COMPLETED"));
    Select revision = new Select(browser.findElement(By.id("revision")));
    assertThat(revision.getFirstSelectedOption().getText()).startsWith("2 (current)");
    assertThat(browser.findElements(By.cssSelector("[data-testid=chapter-list] li")))
        .extracting(li -> !li.findElements(By.cssSelector(".changed")).isEmpty())
        .containsExactly(false, false, true, true);
    screenshot("revision-2-1280");

    // The first revision is still there to read, with nothing marked as changed.
    revision.selectByValue("1");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-testid=stage]"), "revision 1"));
    assertThat(browser.findElements(By.cssSelector("[data-testid=chapter-list] .changed")))
        .isEmpty();
  }

  @Test
  void everyPageFitsADesktopAndAPhoneWithoutSidewaysScrolling() throws Exception {
    String bookId = completed(readBook, 1);
    String[] pages = {
      "/",
      "/new",
      "/book/" + bookId,
      "/book/" + bookId + "/read?chapter=1",
      "/book/" + bookId + "/graph"
    };
    // The books: this one among them, with its stage and revision.
    browser.get(base + "/");
    WebElement listed =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[contains(@class,'books')]//li[.//a[text()='" + READ_TITLE + "']]")));
    assertThat(listed.getText())
        .startsWith(READ_TITLE + "\nCOMPLETED\n")
        .contains("4 chapters · revision 1");
    listed.findElement(By.linkText(READ_TITLE)).click();
    wait.until(ExpectedConditions.urlMatches("/book/" + bookId + "$"));

    for (int[] size : new int[][] {{1280, 800}, {390, 844}}) {
      viewport(size[0], size[1], size[0] < 600);
      for (String page : pages) {
        browser.get(base + page);
        wait.until(
            d ->
                !d.findElements(By.cssSelector("h1")).isEmpty()
                    && d.findElements(By.xpath("//*[starts-with(text(),'Loading')]")).isEmpty());
        long overflow =
            (Long)
                js(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow)
            .as("sideways overflow of %s at %d px", page, size[0])
            .isLessThanOrEqualTo(0);
        assertEveryInputHasALabel();
        String name =
            page.replace(bookId, "").replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        screenshot(
            (name.isEmpty() ? "books" : "book-" + name.replaceFirst("^book-?", ""))
                + "-"
                + size[0]);
      }
    }
  }

  @Test
  void anApiWithATokenIsAskedForItOnceAndItsOwnErrorMessagesAreShown() throws Exception {
    BookEvents events = new BookEvents();
    try (HttpApi guarded =
        ApiWithoutLine.start(new ApiSettings(Duration.ofSeconds(1), 1024, "s3cret"), events)) {
      String guardedBase = "http://127.0.0.1:" + guarded.port();
      browser.get(guardedBase + "/book/some-book");
      WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
      assertEveryInputHasALabel();
      token.sendKeys("s3cret", Keys.ENTER);
      // With the token the call is heard; this API has no read model, and says so.
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.cssSelector("[role=alert]"),
              "The read model is starting or rebalancing; try again."));
      assertThat(js("return sessionStorage.getItem('fablestream.token');")).isEqualTo("s3cret");
      screenshot("token-error-1280");

      // Another page in the same tab sends the kept token and asks no more.
      browser.get(guardedBase + "/book/another-book");
      wait.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.cssSelector("[role=alert]"), "The read model is starting"));
      assertThat(browser.findElement(By.id("token")).isDisplayed()).isFalse();
    } finally {
      events.close();
    }
    // The refused calls are in the console, as a browser logs them: one 401, the rest 503s.
    List<String> errors = consoleErrors();
    assertThat(errors).filteredOn(m -> m.contains("status of 401")).hasSize(1);
    assertThat(errors)
        .filteredOn(m -> !m.contains("status of 401"))
        .isNotEmpty()
        .allMatch(m -> m.contains("status of 503"));
  }

  @Test
  void anIllustratedChapterIsReadWithItsPictureAndTheGraphShowsAThumbnailPerChapter()
      throws Exception {
    String bookId = completed(illustratedBook, 1);
    viewport(1000, 800, false);
    browser.get(base + "/book/" + bookId + "/read?chapter=1");
    WebElement picture =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".chapter-illustration img")));
    // Loaded, not just placed: the browser decoded the PNG the image server drew.
    wait.until(d -> loadedWidth(picture) > 0);
    assertThat(loadedWidth(picture)).isEqualTo(512);
    // Described for a screen reader by what it shows: the chapter's beat.
    assertThat(picture.getAttribute("alt")).startsWith(StoryOllama.beat(1) + ".");
    assertThat(browser.findElement(By.id("chapter-title")).getText())
        .isEqualTo("Chapter 1: The Shelf, Part 1");
    assertThat(browser.findElement(By.cssSelector("[data-testid=chapter-text]")).getText())
        .isEqualTo(StoryOllama.text(1, 80));
    Path shot = screenshot("illustrated-chapter-1000");
    if (Boolean.getBoolean("fablestream.screenshot.write")) {
      Files.copy(shot, README_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    // On the graph, each chapter's node carries its illustration, small.
    browser.get(base + "/book/" + bookId + "/graph");
    wait.until(
        ExpectedConditions.numberOfElementsToBe(
            By.cssSelector(".react-flow__node [data-kind=chapter] img.node-thumb"), 2));
    wait.until(
        d ->
            d.findElements(By.cssSelector("img.node-thumb")).stream()
                .allMatch(img -> loadedWidth(img) > 0));
  }

  /** The width of the picture as the browser decoded it; 0 while it loads or when it failed. */
  private long loadedWidth(WebElement img) {
    return (Long)
        ((JavascriptExecutor) browser)
            .executeScript("return arguments[0].complete ? arguments[0].naturalWidth : 0;", img);
  }

  /** How many nodes of the graph lie, even in part, outside its pane (so out of sight). */
  private long nodesOutsideTheGraph() {
    return (Long)
        js(
            "const pane = document.querySelector('[data-testid=graph] .react-flow')"
                + ".getBoundingClientRect();"
                + "return [...document.querySelectorAll('.react-flow__node')]"
                + ".map(n => n.getBoundingClientRect())"
                + ".filter(r => r.left < pane.left - 1 || r.right > pane.right + 1"
                + " || r.top < pane.top - 1 || r.bottom > pane.bottom + 1).length;");
  }

  /** A book of its own, submitted for review: its plan is edited and approved from the page. */
  @Test
  void aPlanHeldForReviewIsEditedAndApprovedFromThePageAndTheBookIsWrittenFromIt()
      throws Exception {
    String edited = "Chelsea asks Mr. Pell for the fish, politely, and waits";
    browser.get(base + "/new");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("image")))
        .sendKeys(CHELSEA.toString());
    browser.findElement(By.id("title")).sendKeys("Chelsea Reviews Her Plan");
    retype(browser.findElement(By.id("chapters")), "2");
    retype(browser.findElement(By.id("arcLength")), "2");
    retype(browser.findElement(By.id("words")), "60");
    browser.findElement(By.id("reviewPlan")).click();
    browser.findElement(By.xpath("//button[text()='Write the book']")).click();

    wait.until(ExpectedConditions.urlMatches("/book/[0-9a-f-]{36}$"));
    wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("[data-testid=plan-waiting]")));
    assertThat(browser.findElement(By.cssSelector("[data-testid=waiting-for]")).getText())
        .contains("a person to approve the plan");
    assertThat(browser.findElements(By.cssSelector("[data-testid=chapter-list] li"))).isEmpty();
    assertThat(browser.findElement(By.id("beat-1")).getAttribute("value"))
        .isEqualTo(StoryOllama.beat(2));
    assertEveryInputHasALabel();
    retype(browser.findElement(By.id("beat-1")), edited);
    screenshot("plan-review-1280");
    browser.findElement(By.xpath("//button[text()='Approve and write']")).click();

    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-testid=stage]"), "COMPLETED"));
    assertThat(browser.findElements(By.cssSelector("[data-testid=plan-beats] li")))
        .extracting(WebElement::getText)
        .satisfiesExactly(
            first -> assertThat(first).startsWith(StoryOllama.beat(1)),
            second -> assertThat(second).startsWith(edited));
    assertThat(browser.findElements(By.cssSelector("[data-testid=chapter-list] li"))).hasSize(2);
    // The writer was asked for chapter 2 from the beat the person wrote.
    assertThat(ollama.requests())
        .anySatisfy(
            r ->
                assertThat(String.valueOf(r.prompt()))
                    .contains("The plan for this chapter: " + edited));
  }

  private void viewport(int width, int height, boolean mobile) {
    browser.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  /** Every visible input, select and textarea has a label a screen reader reads out. */
  private void assertEveryInputHasALabel() {
    @SuppressWarnings("unchecked")
    List<String> unlabelled =
        (List<String>)
            js(
                "return [...document.querySelectorAll('input, select, textarea')]"
                    + ".filter(e => e.type !== 'hidden')"
                    + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
                    + " && !e.getAttribute('aria-labelledby'))"
                    + ".map(e => e.outerHTML);");
    assertThat(unlabelled).as("inputs without a label on " + browser.getCurrentUrl()).isEmpty();
  }

  /** Presses Tab until the element with this id has the focus (at most 30 times). */
  /** The album's previews, by their alt text, in the order shown. */
  private List<String> previews() {
    return browser.findElements(By.cssSelector("img.preview")).stream()
        .map(img -> img.getAttribute("alt"))
        .toList();
  }

  private WebElement tabTo(String id) {
    for (int i = 0; i < 30; i++) {
      WebElement focused = active();
      if (id.equals(focused.getAttribute("id"))) {
        return focused;
      }
      // To the page, not to the element: Tab sent to a file input would be taken for a path.
      new Actions(browser).sendKeys(Keys.TAB).perform();
    }
    throw new AssertionError("Tab never reached #" + id);
  }

  private WebElement active() {
    return browser.switchTo().activeElement();
  }

  private static void retype(WebElement field, String value) {
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), value);
    assertThat(field.getAttribute("value")).isEqualTo(value);
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private Path screenshot(String name) throws IOException {
    Path file = SCREENSHOTS.resolve(name + ".png");
    Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  private static Path executable(String property, String otherwise) {
    return Path.of(System.getProperty(property, otherwise));
  }
}
