package io.fablestream.analyzer;

import static io.fablestream.analyzer.ImageIntakeTest.byUri;
import static io.fablestream.analyzer.ImageIntakeTest.ready;
import static io.fablestream.analyzer.ImageIntakeTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fablestream.platform.config.Config;
import io.fablestream.schemas.FailureReason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** http(s): image URIs against a small server on the loopback interface. */
class ImageFetcherHttpTest {
  private HttpServer server;
  private String base;
  private final AtomicInteger catRequests = new AtomicInteger();
  private final List<String> hostHeaders = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] cat = TestImages.sample("chelsea.png");
    server.createContext(
        "/cat.png",
        exchange -> {
          catRequests.incrementAndGet();
          hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
          exchange.sendResponseHeaders(200, cat.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(cat);
          }
        });
    server.createContext(
        "/moved.png",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/cat.png");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.createContext(
        "/elsewhere.png",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "http://localhost:" + port() + "/cat.png");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.createContext(
        "/endless.png",
        exchange -> {
          exchange.sendResponseHeaders(200, 0); // chunked, no length to check up front
          byte[] chunk = new byte[64 * 1024];
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 1_000; i++) {
              out.write(chunk);
            }
          } catch (IOException e) {
            // The client hung up once it had too much: what the test expects.
          }
        });
    server.start();
    base = "http://127.0.0.1:" + port();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private int port() {
    return server.getAddress().getPort();
  }

  @Test
  void allowedHostIsReadWhenInternalAddressesAreExplicitlyAllowed() {
    ImageIntake intake = intake(true);

    ModelImage image = ready(intake.intake(byUri(base + "/cat.png")));

    assertThat(image.sourceWidth()).isEqualTo(451);
  }

  @Test
  void redirectOnTheSameHostIsFollowed() {
    ModelImage image = ready(intake(true).intake(byUri(base + "/moved.png")));

    assertThat(image.sourceWidth()).isEqualTo(451);
  }

  /**
   * An allowed host that resolves to loopback is rejected by default (/cat.png with internal
   * addresses not allowed), a redirect to another host is rejected (/elsewhere.png), and a missing
   * image is unreachable (/nothing.png): each refused with its reason.
   */
  @ParameterizedTest(name = "{0}, internal addresses allowed: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/cat.png       | false | IMAGE_URI_REJECTED    | internal address 127.0.0.1",
        "/elsewhere.png | true  | IMAGE_URI_REJECTED    | redirects to another host (localhost)",
        "/nothing.png   | true  | IMAGE_URI_UNREACHABLE | HTTP 404"
      })
  void aUriThatMustNotOrCannotBeReadIsRefusedWithItsReason(
      String path, boolean allowPrivate, FailureReason reason, String says) {
    IntakeResult.Refused refused = refused(intake(allowPrivate).intake(byUri(base + path)));

    assertThat(refused.reason()).isEqualTo(reason);
    assertThat(refused.message()).contains(says);
  }

  @Test
  void bodyOverTheByteLimitIsCutOffWhileReading() {
    AnalyzerSettings settings =
        AnalyzerSettings.from(
                io.fablestream.platform.config.Config.of(
                    java.util.Map.of("analyzer.max.image.bytes", "1000000")))
            .withAllowedHosts(Set.of("127.0.0.1", "localhost"), true);

    IntakeResult.Refused refused =
        refused(new ImageIntake(settings).intake(byUri(base + "/endless.png")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_TOO_LARGE);
  }

  @Test
  void aNameThatAnswersPublicThenLoopbackIsNeverFetchedFromLoopback() {
    // Given a name whose DNS answers a public address first (TEST-NET-3: nothing answers there)
    // and the loopback address of the test server every time after: a DNS-rebinding name.
    AtomicInteger lookups = new AtomicInteger();
    HostGuard.Resolver rebinding =
        host ->
            new InetAddress[] {
              InetAddress.getByAddress(
                  host,
                  lookups.getAndIncrement() == 0
                      ? new byte[] {(byte) 203, 0, 113, 10}
                      : new byte[] {127, 0, 0, 1})
            };
    AnalyzerSettings settings =
        AnalyzerSettings.from(Config.of(Map.of("analyzer.uri.timeout", "1s")))
            .withAllowedHosts(Set.of("images.rebind.example"), false);
    ImageIntake intake = new ImageIntake(settings, new ImageFetcher(settings, rebinding));

    // When an image is fetched from that name, on the test server's port
    IntakeResult result =
        intake.intake(byUri("http://images.rebind.example:" + port() + "/cat.png"));

    // Then the fetch is refused: it went to the public address it checked, never to loopback
    IntakeResult.Refused refused = refused(result);
    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_URI_UNREACHABLE);
    assertThat(refused.message()).contains("images.rebind.example");
    assertThat(catRequests).hasValue(0);
    assertThat(lookups).as("the name is looked up once").hasValue(1);
  }

  @Test
  void aNameWithAPublicAndAnInternalAddressInOneAnswerIsRejected() {
    HostGuard.Resolver mixed =
        host ->
            new InetAddress[] {
              InetAddress.getByAddress(host, new byte[] {(byte) 203, 0, 113, 10}),
              InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})
            };
    AnalyzerSettings settings =
        AnalyzerSettings.defaults().withAllowedHosts(Set.of("images.mixed.example"), false);
    ImageIntake intake = new ImageIntake(settings, new ImageFetcher(settings, mixed));

    IntakeResult.Refused refused =
        refused(intake.intake(byUri("http://images.mixed.example:" + port() + "/cat.png")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_URI_REJECTED);
    assertThat(refused.message()).contains("resolves to the internal address 127.0.0.1");
    assertThat(catRequests).hasValue(0);
  }

  @Test
  void theFetchConnectsToTheCheckedAddressAndSendsTheUrisHostName() {
    // A name no DNS knows, resolved by the test to the server's loopback address.
    HostGuard.Resolver resolver =
        host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
    AnalyzerSettings settings =
        AnalyzerSettings.defaults().withAllowedHosts(Set.of("images.test.example"), true);
    ImageIntake intake = new ImageIntake(settings, new ImageFetcher(settings, resolver));

    ModelImage image =
        ready(intake.intake(byUri("http://images.test.example:" + port() + "/moved.png")));

    assertThat(image.sourceWidth()).isEqualTo(451);
    assertThat(hostHeaders).containsExactly("images.test.example:" + port());
  }

  private static ImageIntake intake(boolean allowPrivate) {
    return new ImageIntake(
        AnalyzerSettings.defaults()
            .withAllowedHosts(Set.of("127.0.0.1", "localhost"), allowPrivate));
  }
}
