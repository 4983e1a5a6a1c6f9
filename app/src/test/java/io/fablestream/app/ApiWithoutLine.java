package io.fablestream.app;

import io.fablestream.app.http.HttpApi;
import io.fablestream.platform.config.HttpSettings;
import java.util.List;

/**
 * The HTTP API on a free loopback port with no line behind it: no submitter, no read model (every
 * book is unknown), no metrics, no services. For tests of what the API answers before any book is
 * looked up: tokens, limits, routes, the studio's files.
 */
public final class ApiWithoutLine {
  private ApiWithoutLine() {}

  /**
   * Starts the API with these settings, its events from {@code events}, as the process does: the
   * {@link ApiServer} the class path registers.
   */
  public static HttpApi start(ApiSettings settings, BookEvents events) {
    return (HttpApi)
        ApiServer.start(
            new HttpSettings("127.0.0.1", 0),
            new ApiServer.Parts(settings, null, () -> null, events, () -> "", List.of()));
  }
}
