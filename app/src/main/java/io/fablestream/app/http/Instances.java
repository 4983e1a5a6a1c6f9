package io.fablestream.app.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.app.BookView;
import io.fablestream.app.BookViewService;
import io.fablestream.app.Json;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The other API instances, found through the read model: each instance's Kafka Streams holds the
 * books of its partitions and says where its API answers ({@code application.server}). A request
 * for a book held elsewhere is forwarded there as it came (method, path, query, body, the caller's
 * Authorization), with {@value #FORWARDED} so the instance that gets it answers it itself, never
 * forwarding it again. With one instance, or none advertised, everything is answered here.
 */
final class Instances {
  /** Marks a request one instance forwarded to another: it is answered where it arrives. */
  static final String FORWARDED = "X-Fablestream-Forwarded";

  /** How long a forwarded request, other than server-sent events, may take in all. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /** The caller's headers a forwarded request carries; the rest are the hop's own. */
  private static final List<String> PASSED_ON =
      List.of("Authorization", "Accept", "Content-Type", "If-None-Match");

  /** The owner's headers a forwarded answer carries back. */
  private static final List<String> PASSED_BACK =
      List.of(
          "Content-Type",
          "Content-Disposition",
          "Location",
          "Retry-After",
          "WWW-Authenticate",
          "ETag",
          "Cache-Control");

  /** Which instance holds what. */
  interface Directory {
    /**
     * The instance that holds the book when it is not this one.
     *
     * @throws ReadModel.NotReadyException while it cannot tell (starting, rebalancing)
     */
    Optional<HostInfo> owner(String bookId);

    /**
     * The other instances that hold part of the read model; empty with one instance.
     *
     * @throws ReadModel.NotReadyException while it cannot tell
     */
    List<HostInfo> others();
  }

  private final Directory directory;
  private final Supplier<String> self;
  private final HttpClient client;

  /**
   * @param directory which instance holds what
   * @param self this instance's advertised host:port, null when none (the only instance)
   */
  Instances(Directory directory, Supplier<String> self) {
    this.directory = directory;
    this.self = self;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * The instances as the read model's Kafka Streams knows them.
   *
   * @param streams the read model, null while it is not started
   * @param self this instance's advertised host:port, null when none (the only instance)
   */
  static Instances of(Supplier<KafkaStreams> streams, Supplier<String> self) {
    return new Instances(new StreamsDirectory(streams, self), self);
  }

  /**
   * The route, answered here when this instance holds the book (path parameter {@code id}, with its
   * {@code .md} or {@code .epub}), forwarded to the instance that does otherwise.
   */
  Handler owned(Handler here) {
    return ctx -> {
      Optional<HostInfo> owner =
          ctx.header(FORWARDED) != null
              ? Optional.<HostInfo>empty()
              : directory.owner(bookId(ctx.pathParam("id")));
      if (owner.isEmpty()) {
        here.handle(ctx);
      } else if (ctx.path().endsWith("/events")) {
        forwardEvents(ctx, owner.get());
      } else {
        forward(ctx, owner.get());
      }
    };
  }

  /**
   * The instance that will hold the book when it is not this one.
   *
   * @throws ReadModel.NotReadyException while the read model cannot tell
   */
  Optional<HostInfo> owner(String bookId) {
    return directory.owner(bookId);
  }

  /** Whether a request came from another instance, to be answered with this one's books only. */
  static boolean forwarded(Context ctx) {
    return ctx.header(FORWARDED) != null;
  }

  /**
   * Every other instance's {@code GET /books?limit=}, each its own books only, asked at once.
   *
   * @throws ApiException 503 when one of them does not answer: the list would miss its books
   */
  List<ReadModel.Listed> listedElsewhere(Context ctx, int limit) {
    List<HostInfo> others = directory.others();
    List<CompletableFuture<List<ReadModel.Listed>>> asked = new ArrayList<>();
    for (HostInfo other : others) {
      HttpRequest request =
          request(ctx, other, "/books?limit=" + limit).timeout(REQUEST_TIMEOUT).GET().build();
      asked.add(
          client
              .sendAsync(request, HttpResponse.BodyHandlers.ofString())
              .thenApply(response -> listed(other, response)));
    }
    List<ReadModel.Listed> all = new ArrayList<>();
    for (int i = 0; i < asked.size(); i++) {
      try {
        all.addAll(asked.get(i).join());
      } catch (CompletionException e) {
        if (e.getCause() instanceof ApiException refused) {
          throw refused;
        }
        throw unreachable(others.get(i), e.getCause(), "Its books are missing from the list");
      }
    }
    return all;
  }

  private static List<ReadModel.Listed> listed(HostInfo other, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      String said = response.body();
      try {
        said = Json.read(response.body(), JsonNode.class).path("error").asText(said);
      } catch (RuntimeException e) {
        // Not JSON: the body as it came.
      }
      throw new ApiException(
          response.statusCode() == 401 ? 401 : 503,
          response.statusCode() == 401 ? "UNAUTHORIZED" : "INSTANCE_UNAVAILABLE",
          null,
          "The API instance at "
              + address(other)
              + " answered "
              + response.statusCode()
              + " for its books: "
              + said);
    }
    return Json.mapper()
        .convertValue(
            Json.read(response.body(), JsonNode.class).path("books"),
            new TypeReference<List<ReadModel.Listed>>() {});
  }

  /** Sends a forwarded request to the book's owner; an owner that does not answer is a 503. */
  private <T> HttpResponse<T> send(
      HostInfo owner, HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return client.send(request, body);
    } catch (IOException e) {
      throw unreachable(owner, e, HELD);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(owner, e, HELD);
    }
  }

  private void forward(Context ctx, HostInfo owner) {
    HttpRequest.Builder request =
        request(ctx, owner, ctx.path() + query(ctx)).timeout(REQUEST_TIMEOUT);
    byte[] body = ctx.bodyAsBytes();
    request.method(
        ctx.method().name(),
        body.length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> response =
        send(owner, request.build(), HttpResponse.BodyHandlers.ofByteArray());
    passBack(ctx, response);
    ctx.result(response.body());
  }

  /**
   * {@code GET /books/{id}/events} from the owner, each event passed on as it comes until the owner
   * ends the stream (the book is finished) or the caller goes.
   */
  private void forwardEvents(Context ctx, HostInfo owner) {
    HttpRequest request = request(ctx, owner, ctx.path() + query(ctx)).GET().build();
    HttpResponse<InputStream> response =
        send(owner, request, HttpResponse.BodyHandlers.ofInputStream());
    passBack(ctx, response);
    if (response.statusCode() != 200) {
      try (InputStream in = response.body()) {
        ctx.result(in.readAllBytes());
      } catch (IOException e) {
        throw unreachable(owner, e, HELD);
      }
      return;
    }
    ctx.res().addHeader("Connection", "close");
    ctx.res().addHeader("Cache-Control", "no-cache");
    ctx.res().addHeader("X-Accel-Buffering", "no");
    ctx.async(
        config -> config.timeout = 0,
        () -> {
          try (InputStream in = response.body()) {
            OutputStream out = ctx.res().getOutputStream();
            ctx.res().flushBuffer();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
              out.write(buffer, 0, n);
              out.flush();
            }
          } catch (IOException e) {
            // The caller or the owner went; closing the owner's stream ends its listener too.
          }
        });
  }

  /**
   * Follows a book another instance holds, as {@link io.fablestream.app.BookEvents#listen} does one
   * held here: {@code GET /books/{id}/events} from the owner, each view to {@code each} on the
   * client's thread, until the owner ends the stream or the returned handle is closed. When the
   * owner does not answer, nothing comes (the caller's own wait ends it).
   */
  AutoCloseable follow(Context ctx, HostInfo owner, String bookId, Consumer<BookView> each) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(owner, "/books/" + bookId + "/events")))
            .header(FORWARDED, String.valueOf(self.get()))
            .GET();
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    CompletableFuture<HttpResponse<Stream<String>>> response =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
    response.thenAccept(
        answer -> {
          if (answer.statusCode() != 200) {
            answer.body().close();
            return;
          }
          try (Stream<String> lines = answer.body()) {
            lines
                .filter(line -> line.startsWith("data:"))
                .forEach(line -> each.accept(Json.read(line.substring(5).strip(), BookView.class)));
          }
        });
    return () -> {
      response.cancel(true);
      response.thenAccept(answer -> answer.body().close());
    };
  }

  private static String url(HostInfo to, String pathAndQuery) {
    return "http://" + to.host() + ":" + to.port() + pathAndQuery;
  }

  private HttpRequest.Builder request(Context ctx, HostInfo to, String pathAndQuery) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url(to, pathAndQuery)))
            .header(FORWARDED, String.valueOf(self.get()));
    for (String name : PASSED_ON) {
      String value = ctx.header(name);
      if (value != null) {
        request.header(name, value);
      }
    }
    return request;
  }

  private static void passBack(Context ctx, HttpResponse<?> response) {
    ctx.status(response.statusCode());
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : PASSED_BACK) {
      response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
    }
    headers.forEach(ctx::header);
  }

  private static String query(Context ctx) {
    String query = ctx.queryString();
    return query == null || query.isEmpty() ? "" : "?" + query;
  }

  private static final String HELD = "This book is held there";

  private static ApiException unreachable(HostInfo instance, Throwable cause, String what) {
    return new ApiException(
        503,
        "INSTANCE_UNAVAILABLE",
        null,
        "The API instance at "
            + address(instance)
            + " did not answer ("
            + (cause == null ? "no reason given" : cause.getClass().getSimpleName())
            + "). "
            + what
            + "; try again once it is back or its books have moved to another instance.");
  }

  private static String address(HostInfo instance) {
    return instance.host() + ":" + instance.port();
  }

  /** The bookId of a path's {@code id}: without its {@code .md} or {@code .epub}. */
  static String bookId(String id) {
    if (id.endsWith(".md")) {
      return id.substring(0, id.length() - 3);
    }
    if (id.endsWith(".epub")) {
      return id.substring(0, id.length() - 5);
    }
    return id;
  }

  /** The directory of the read model's Kafka Streams: {@code queryMetadataForKey} and peers. */
  private record StreamsDirectory(Supplier<KafkaStreams> streams, Supplier<String> self)
      implements Directory {
    /** The read model's streams, or not ready while it has none. */
    private KafkaStreams running() {
      KafkaStreams now = streams.get();
      if (now == null) {
        throw new ReadModel.NotReadyException();
      }
      return now;
    }

    /**
     * The instance that holds the book when it is not this one.
     *
     * @throws ReadModel.NotReadyException while the read model cannot tell (starting, rebalancing)
     */
    @Override
    public Optional<HostInfo> owner(String bookId) {
      String me = self.get();
      if (me == null) {
        return Optional.empty();
      }
      KafkaStreams now = running();
      KeyQueryMetadata metadata;
      try {
        metadata =
            now.queryMetadataForKey(BookViewService.STORE, bookId, Serdes.String().serializer());
      } catch (StreamsException | IllegalStateException e) {
        throw new ReadModel.NotReadyException();
      }
      if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
        throw new ReadModel.NotReadyException();
      }
      HostInfo active = metadata.activeHost();
      return active.equals(HostInfo.buildFromEndpoint(me)) ? Optional.empty() : Optional.of(active);
    }

    /**
     * The other instances that hold part of the read model, as their {@code GET /books} would list
     * from their own store only; empty with one instance.
     *
     * @throws ReadModel.NotReadyException while the read model cannot tell
     */
    @Override
    public List<HostInfo> others() {
      String me = self.get();
      if (me == null) {
        return List.of();
      }
      KafkaStreams now = running();
      HostInfo mine = HostInfo.buildFromEndpoint(me);
      List<HostInfo> others = new ArrayList<>();
      try {
        for (StreamsMetadata one : now.streamsMetadataForStore(BookViewService.STORE)) {
          if (!one.hostInfo().equals(mine) && !others.contains(one.hostInfo())) {
            others.add(one.hostInfo());
          }
        }
      } catch (StreamsException | IllegalStateException e) {
        throw new ReadModel.NotReadyException();
      }
      return others;
    }
  }
}
