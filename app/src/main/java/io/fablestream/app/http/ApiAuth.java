package io.fablestream.app.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** With {@code api.token} set, the book calls need it as a bearer token. */
final class ApiAuth {
  private final byte[] expected;

  /**
   * @param token the token, or empty for none
   */
  ApiAuth(String token) {
    this.expected = token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  /** A before-handler: answers 401 and stops the request unless it carries the token. */
  void authorize(Context ctx) {
    if (expected == null) {
      return;
    }
    String given = ctx.header("Authorization");
    // Compared in constant time, so the answer's timing does not leak the token.
    if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
      ctx.header("WWW-Authenticate", "Bearer");
      ApiErrors.send(ctx, 401, "UNAUTHORIZED", "This API needs Authorization: Bearer <api.token>.");
      ctx.skipRemainingHandlers();
    }
  }
}
