package io.fablestream.platform.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.LoopbackHttp;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A picture behind a link is fetched whole within its bound, and refused past it. */
class ModelHttpFetchTest {
  private final LoopbackHttp files =
      LoopbackHttp.start(
          "file server",
          exchange -> {
            try (exchange) {
              int size = Integer.parseInt(exchange.getRequestURI().getPath().substring(1));
              boolean chunked = exchange.getRequestURI().getQuery() != null;
              exchange.getResponseHeaders().set("Content-Type", "image/png");
              // Chunked (length 0) hides the size until the bytes come.
              exchange.sendResponseHeaders(200, chunked ? 0 : size);
              try (OutputStream out = exchange.getResponseBody()) {
                byte[] block = new byte[8192];
                for (int sent = 0; sent < size; sent += block.length) {
                  out.write(block, 0, Math.min(block.length, size - sent));
                }
              }
            } catch (java.io.IOException e) {
              // The client stopped reading: the bound worked.
            }
          });

  private final ModelHttp http =
      new ModelHttp(URI.create("http://127.0.0.1:1"), "test", Duration.ofSeconds(5), Map.of(), "x");

  @AfterEach
  void stop() {
    files.close();
  }

  @Test
  void aBodyWithinTheBoundComesWhole() throws Exception {
    ModelHttp.Fetched fetched = http.fetch(files.uri("/100000"), 200_000);

    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.contentType()).isEqualTo("image/png");
    assertThat(fetched.body()).hasSize(100_000);
  }

  @Test
  void aDeclaredLengthOverTheBoundIsRefusedAndSoIsABodyThatGrowsPastIt() {
    for (String path : new String[] {"/3000000", "/3000000?chunked"}) {
      assertThatThrownBy(() -> http.fetch(files.uri(path), 1_000_000))
          .isInstanceOfSatisfying(
              TransientFailure.class,
              e -> assertThat(e.reason()).isEqualTo(TransientFailure.Reason.MALFORMED))
          .hasMessageEndingWith("is larger than 1000000 bytes");
    }
  }
}
