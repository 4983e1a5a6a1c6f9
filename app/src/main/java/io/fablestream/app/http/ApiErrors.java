package io.fablestream.app.http;

import io.fablestream.app.BookSubmitter.SubmitException;
import io.fablestream.app.ImageInput.BadInputException;
import io.fablestream.app.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every error the API answers, in one place: {@code {"error", "code", "field"?}} as JSON with the
 * status that fits.
 */
final class ApiErrors {
  private final long maxUploadBytes;

  ApiErrors(long maxUploadBytes) {
    this.maxUploadBytes = maxUploadBytes;
  }

  /** Writes the JSON error. */
  static void send(Context ctx, int status, String code, String field, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("code", code);
    if (field != null) {
      body.put("field", field);
    }
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }

  static void send(Context ctx, int status, String code, String message) {
    send(ctx, status, code, null, message);
  }

  /** Maps the exceptions a handler may throw, and the paths nothing answers. */
  void register(RoutesConfig routes) {
    routes.exception(
        ApiException.class, (e, ctx) -> send(ctx, e.status(), e.code(), e.field(), e.getMessage()));
    routes.exception(BadInputException.class, ApiErrors::badInput);
    routes.exception(
        SubmitException.class, (e, ctx) -> send(ctx, 503, "KAFKA_UNAVAILABLE", e.getMessage()));
    routes.exception(
        ReadModel.NotReadyException.class,
        (e, ctx) ->
            send(ctx, 503, "NOT_READY", "The read model is starting or rebalancing; try again."));
    routes.exception(Exception.class, this::unexpected);
    routes.error(
        404,
        ctx -> {
          if (!String.valueOf(ctx.res().getContentType()).startsWith("application/json")) {
            send(ctx, 404, "NOT_FOUND", "No such path: " + ctx.path());
          }
        });
  }

  private static void badInput(BadInputException e, Context ctx) {
    int status = "IMAGE_TOO_LARGE".equals(e.code()) ? 413 : 400;
    send(ctx, status, e.code(), e.getMessage());
  }

  private void unexpected(Exception e, Context ctx) {
    String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String causeText = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
    // Jetty refuses a multipart body over the configured sizes with an exception of its own.
    if (text.contains("max") && (text.contains("size") || text.contains("exceed"))
        || causeText.contains("max") && causeText.contains("size")) {
      send(
          ctx,
          413,
          "IMAGE_TOO_LARGE",
          "The upload is over the limit of " + maxUploadBytes + " bytes (api.max.upload.bytes).");
      return;
    }
    send(ctx, 500, "INTERNAL_ERROR", e.toString());
  }
}
