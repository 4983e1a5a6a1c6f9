package io.fablestream.analyzer;

import static io.fablestream.analyzer.ImageIntakeTest.byUri;
import static io.fablestream.analyzer.ImageIntakeTest.ready;
import static io.fablestream.analyzer.ImageIntakeTest.refused;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fablestream.schemas.FailureReason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http(s): image URIs against a small server on the loopback interface. */
class ImageFetcherHttpTest {
  private HttpServer server;
  private String base;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] cat = TestImages.sample("chelsea.png");
    server.createContext(
        "/cat.png",
        exchange -> {
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
  void allowedHostThatResolvesToLoopbackIsRejectedByDefault() {
    IntakeResult.Refused refused = refused(intake(false).intake(byUri(base + "/cat.png")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_URI_REJECTED);
    assertThat(refused.message()).contains("internal address 127.0.0.1");
  }

  @Test
  void redirectOnTheSameHostIsFollowed() {
    ModelImage image = ready(intake(true).intake(byUri(base + "/moved.png")));

    assertThat(image.sourceWidth()).isEqualTo(451);
  }

  @Test
  void redirectToAnotherHostIsRejected() {
    IntakeResult.Refused refused = refused(intake(true).intake(byUri(base + "/elsewhere.png")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_URI_REJECTED);
    assertThat(refused.message()).contains("redirects to another host (localhost)");
  }

  @Test
  void missingImageIsUnreachable() {
    IntakeResult.Refused refused = refused(intake(true).intake(byUri(base + "/nothing.png")));

    assertThat(refused.reason()).isEqualTo(FailureReason.IMAGE_URI_UNREACHABLE);
    assertThat(refused.message()).contains("HTTP 404");
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

  private static ImageIntake intake(boolean allowPrivate) {
    return new ImageIntake(
        AnalyzerSettings.defaults()
            .withAllowedHosts(Set.of("127.0.0.1", "localhost"), allowPrivate));
  }
}
