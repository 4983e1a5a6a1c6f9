package io.fablestream.app.http;

import io.fablestream.app.BookSubmitter.SubmitException;
import io.fablestream.app.ImageInput.BadInputException;
import io.fablestream.app.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the API answers, in one place: {@code {"error", "code", "field"?}} as JSON with the
 * status that fits, whether a route refuses the request, nothing answers its path, or Jetty refuses
 * it before any route sees it (broken framing, a header too large). The text is for a person and
 * never an exception's: what went wrong inside goes to the log, under an id the answer names.
 */
public final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  /** Writes the JSON error. */
  public static void send(Context ctx, int status, String code, String field, String message) {
    ctx.status(status).contentType("application/json").result(body(code, field, message));
  }

  /** Writes the JSON error of no one field. */
  public static void send(Context ctx, int status, String code, String message) {
    send(ctx, status, code, null, message);
  }

  private static String body(String code, String field, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("code", code);
    if (field != null) {
      body.put("field", field);
    }
    return Json.write(body);
  }

  /** Maps the exceptions a handler may throw, and the statuses no route answered itself. */
  static void register(RoutesConfig routes) {
    routes.exception(
        ApiException.class, (e, ctx) -> send(ctx, e.status(), e.code(), e.field(), e.getMessage()));
    routes.exception(
        BadInputException.class,
        (e, ctx) ->
            send(
                ctx,
                "IMAGE_TOO_LARGE".equals(e.code()) ? 413 : 400,
                e.code(),
                e.field(),
                e.getMessage()));
    routes.exception(
        SubmitException.class,
        (e, ctx) -> {
          LOG.warn("A submission did not reach Kafka: {}", e.getMessage());
          send(ctx, 503, "KAFKA_UNAVAILABLE", "Kafka did not take the request; try again.");
        });
    routes.exception(
        ReadModel.NotReadyException.class,
        (e, ctx) ->
            send(ctx, 503, "NOT_READY", "The read model is starting or rebalancing; try again."));
    routes.exception(
        HttpResponseException.class,
        (e, ctx) ->
            send(ctx, e.getStatus(), codeFor(e.getStatus()), null, messageFor(e.getStatus())));
    routes.exception(Exception.class, ApiErrors::unexpected);
    routes.error(
        404,
        ctx -> {
          if (!isJson(ctx)) {
            send(ctx, 404, "NOT_FOUND", "No such path: " + BookForm.cut(ctx.path()));
          }
        });
    routes.error(
        405,
        ctx -> {
          if (!isJson(ctx)) {
            send(
                ctx,
                405,
                "METHOD_NOT_ALLOWED",
                ctx.method() + " is not a method " + BookForm.cut(ctx.path()) + " takes.");
          }
        });
  }

  private static boolean isJson(Context ctx) {
    return String.valueOf(ctx.res().getContentType()).startsWith("application/json");
  }

  private static void unexpected(Exception e, Context ctx) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("{} {} failed (error {})", ctx.method(), ctx.path(), id, e);
    send(
        ctx,
        500,
        "INTERNAL_ERROR",
        "Something went wrong inside the API; the log says what, under error " + id + ".");
  }

  /** A status the API names: its code, and its own message or null for the default one. */
  private record Named(String code, String message) {}

  private static final Map<Integer, Named> NAMED =
      Map.ofEntries(
          Map.entry(401, new Named("UNAUTHORIZED", null)),
          Map.entry(404, new Named("NOT_FOUND", "No such path.")),
          Map.entry(405, new Named("METHOD_NOT_ALLOWED", "The path does not take this method.")),
          Map.entry(408, new Named("TIMEOUT", "The request took too long to arrive.")),
          Map.entry(409, new Named("CONFLICT", null)),
          Map.entry(413, new Named("TOO_LARGE", "The request is too large.")),
          Map.entry(414, new Named("URI_TOO_LONG", "The request's URI is too long.")),
          Map.entry(
              415,
              new Named(
                  "UNSUPPORTED_MEDIA_TYPE",
                  "The request's Content-Type is not one this path takes.")),
          Map.entry(429, new Named("RATE_LIMITED", null)),
          Map.entry(431, new Named("HEADERS_TOO_LARGE", "The request's headers are too large.")),
          Map.entry(503, new Named("UNAVAILABLE", null)));

  static String codeFor(int status) {
    Named named = NAMED.get(status);
    if (named != null) {
      return named.code();
    }
    return status >= 500 ? "INTERNAL_ERROR" : "INVALID_REQUEST";
  }

  static String messageFor(int status) {
    Named named = NAMED.get(status);
    if (named != null && named.message() != null) {
      return named.message();
    }
    return status >= 500
        ? "Something went wrong inside the API; try again."
        : "The request is not well-formed HTTP.";
  }

  /**
   * Jetty's answers to requests no route sees (framing it cannot parse, a URI or headers over its
   * limits, a path that does not decode), as the same JSON errors instead of its HTML page, which
   * would name its internals.
   */
  static final class JettyErrors extends ErrorHandler {
    JettyErrors() {
      setShowStacks(false);
      setShowCauses(false);
      setShowOrigin(false);
    }

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback)
        throws IOException {
      byte[] bytes = body(codeFor(code), null, messageFor(code)).getBytes(StandardCharsets.UTF_8);
      response
          .getHeaders()
          .put(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
      response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(
          new HttpField(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString()));
      return ByteBuffer.wrap(
          body(codeFor(status), null, messageFor(status)).getBytes(StandardCharsets.UTF_8));
    }
  }
}
