package io.fablestream.platform.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every model gateway does alike, whichever API its server speaks: it retries what may pass (a
 * server error, a body that is not the API's JSON, a timeout) and names the server and the last
 * error when the retries run out; it does not retry a refusal; it marks an answer its bound cut
 * short; it refuses before sending a call that cannot fit the configured window. Each provider's
 * test extends this with its own server and settings, and adds what only that API does.
 */
public abstract class ModelGatewayContract {
  /** The provider's test server, started serving {@link #model()}. */
  protected abstract ModelTestServer server();

  /** A text model the server serves. */
  protected abstract String model();

  /**
   * A gateway to {@link #server()} with these settings over the test's own (five retries at most, a
   * 5 ms backoff, two retries and a 5 s timeout unless overridden).
   */
  protected abstract ModelGateway gateway(Map<String, String> overrides);

  /** The server as the gateway's messages name it. */
  protected abstract String serverInMessages();

  /** The setting that caps a call's context window. */
  protected abstract String maxContextKey();

  @AfterEach
  void stopServer() {
    server().close();
  }

  /** The gateway with the test's settings. */
  protected ModelGateway gateway() {
    return gateway(Map.of());
  }

  /** What a call threw, once it is known to be a {@link ModelException}. */
  public static ModelException failure(ThrowingCallable call) {
    ModelException[] thrown = new ModelException[1];
    assertThatThrownBy(call).isInstanceOfSatisfying(ModelException.class, e -> thrown[0] = e);
    return thrown[0];
  }

  /**
   * Asserts a call fails with a ModelException of this kind, and returns an assertion on its
   * message.
   */
  public static AbstractStringAssert<?> assertFails(
      ModelException.Kind kind, ThrowingCallable call) {
    ModelException e = failure(call);
    assertThat(e.kind()).isEqualTo(kind);
    return assertThat(e.getMessage());
  }

  /**
   * Asserts a call fails with a ModelException of this kind after this many attempts, and returns
   * an assertion on its message.
   */
  public static AbstractStringAssert<?> assertFails(
      ModelException.Kind kind, int attempts, ThrowingCallable call) {
    ModelException e = failure(call);
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.attempts()).isEqualTo(attempts);
    return assertThat(e.getMessage());
  }

  @Test
  void aServerErrorIsRetriedAndTheNextAnswerReturned() {
    server().failNext(1).answer("Second time lucky.");

    ModelAnswer answer = gateway().generate(ModelRequest.text(model(), "Hello"));

    assertThat(answer.text()).isEqualTo("Second time lucky.");
    assertThat(answer.usage().calls()).isEqualTo(1);
    assertThat(server().calls()).isEqualTo(2);
  }

  @Test
  void aBodyThatIsNotTheApisJsonIsRetried() {
    server().malformedNext(1).answer("Whole again.");

    ModelAnswer answer = gateway().generate(ModelRequest.text(model(), "Hello"));

    assertThat(answer.text()).isEqualTo("Whole again.");
    assertThat(server().calls()).isEqualTo(2);
  }

  @Test
  void anAnswerSlowerThanTheTimeoutFailsAsUnavailableAfterTheRetries() {
    server().stallNext(3, Duration.ofSeconds(30));

    assertFails(
            ModelException.Kind.UNAVAILABLE,
            3,
            () ->
                gateway(Map.of("model.timeout", "200ms"))
                    .generate(ModelRequest.text(model(), "Hello")))
        .isEqualTo(
            serverInMessages()
                + " did not answer model "
                + model()
                + " after 3 attempts; last error: no answer within 200 ms");
    assertThat(server().calls()).isEqualTo(3);
  }

  @Test
  void aServerThatKeepsFailingIsUnavailableWithItsLastError() {
    server().failNext(3, 503, "The engine is currently overloaded.");

    assertFails(
            ModelException.Kind.UNAVAILABLE,
            () -> gateway().generate(ModelRequest.text(model(), "Hello")))
        .endsWith("after 3 attempts; last error: HTTP 503: The engine is currently overloaded.");
  }

  @Test
  void aRejectedRequestIsNotRetried() {
    server().failNext(1, 400, model() + " does not support generate");

    assertFails(
            ModelException.Kind.REJECTED,
            1,
            () -> gateway().generate(ModelRequest.text(model(), "Hello")))
        .startsWith(serverInMessages())
        .contains(model())
        .endsWith("HTTP 400: " + model() + " does not support generate");
    assertThat(server().calls()).isEqualTo(1);
  }

  @Test
  void anAnswerThatRunsIntoItsBoundIsMarkedCutShort() {
    server().answer("word ".repeat(300).strip());

    ModelAnswer answer =
        gateway().generate(ModelRequest.text(model(), "Write on.").withAnswerWords(50));

    // 50 words allow 141 tokens; the server stops there, as the real ones stop at their bound:
    // 118 words at Llama 3's 1.19 tokens a word.
    assertThat(answer.cutShort()).isTrue();
    assertThat(answer.text().split(" ")).hasSize(118);
    assertThat(answer.usage().outputTokens()).isEqualTo(141);
    assertThat(gateway().generate(ModelRequest.text(model(), "Write on.")).cutShort()).isFalse();
  }

  @Test
  void aGreekAnswerIsChargedByItsLanguageAndEveryPromptIsLoggedInOrder() {
    server().answer("Ο φάρος έλαμπε όλη νύχτα.");
    String system = "Write in Greek (language tag el).";

    ModelAnswer first =
        gateway().generate(ModelRequest.text(model(), "Chapter 1.").withSystem(system));
    gateway().generate(ModelRequest.text(model(), "Chapter 2.").withSystem(system));

    // Five Greek words at Llama 3's 2.43 tokens a word, where English would cost 6.
    assertThat(first.usage().outputTokens()).isEqualTo(13);
    assertThat(server().prompts())
        .containsExactly(system + "\nChapter 1.", system + "\nChapter 2.");
  }

  @Test
  void aCallThatCannotFitTheCapIsRefusedBeforeItIsSent() {
    assertFails(
            ModelException.Kind.REJECTED,
            () ->
                gateway(Map.of(maxContextKey(), "4096"))
                    .generate(
                        ModelRequest.text(model(), "Write a long one.").withAnswerWords(4800)))
        .startsWith("The call to model " + model() + " needs about ")
        .contains("more than " + maxContextKey() + " = 4096 allows");
    assertThat(server().calls()).isZero();
  }
}
