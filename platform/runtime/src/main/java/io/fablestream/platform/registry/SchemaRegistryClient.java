package io.fablestream.platform.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fablestream.platform.retry.Backoff;
import io.fablestream.schemas.SchemaIds;
import io.fablestream.schemas.SchemaRegistryException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API (also served by Karapace, Redpanda and
 * Apicurio's {@code /apis/ccompat/v7}), on the JDK's HttpClient: register, look up, fetch by id,
 * the latest version, and the compatibility check. Confluent's own client is not on Maven Central.
 *
 * <p>Ids are cached both ways (subject and schema to id, id to schema), so a process asks once per
 * schema. A registry that does not answer, or answers 5xx or 429, is retried with the platform's
 * {@link Backoff}; its refusals (40401, 40403, 42201, 409, 401/403) become messages that say which
 * subject, what the registry said, and which setting to look at. TLS goes through the JDK's trust
 * store; basic and bearer auth through {@link RegistrySettings}.
 */
public final class SchemaRegistryClient implements SchemaIds {
  /** The content type the registry speaks. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  /** How many entries each cache holds at most; past it, it starts again. */
  static final int MAX_CACHED = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The retries a registry gets: about 15 s of pauses, each at most 8 s. */
  static final Backoff DEFAULT_BACKOFF =
      new Backoff(6, Duration.ofMillis(250), Duration.ofSeconds(8));

  /** A version of a subject, as {@code GET /subjects/{s}/versions/latest} answers it. */
  public record Registered(String subject, int id, int version, Schema schema) {}

  /**
   * What the registry says of a schema against a subject's latest version.
   *
   * @param compatible whether it would take it
   * @param messages its reasons when not (Confluent's {@code verbose=true})
   */
  public record Compatibility(boolean compatible, List<String> messages) {}

  private final RegistrySettings settings;
  private final URI base;
  private final Backoff backoff;
  private final Backoff.Sleeper sleeper;
  private final HttpClient http;
  private final Map<String, Integer> ids = bounded();
  private final Map<Integer, Schema> schemas = bounded();

  /** A client of the registry the settings name. */
  public SchemaRegistryClient(RegistrySettings settings) {
    this(settings, DEFAULT_BACKOFF, Backoff.THREAD_SLEEP);
  }

  /** A client that retries a registry that does not answer with the given backoff. */
  public SchemaRegistryClient(RegistrySettings settings, Backoff backoff) {
    this(settings, backoff, Backoff.THREAD_SLEEP);
  }

  SchemaRegistryClient(RegistrySettings settings, Backoff backoff, Backoff.Sleeper sleeper) {
    this.settings = settings;
    this.base =
        settings
            .url()
            .orElseThrow(() -> new IllegalArgumentException("schema.registry.url is not set"));
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .build();
  }

  /** The registry's address. */
  public URI url() {
    return base;
  }

  /**
   * Registers a schema under a subject ({@code POST /subjects/{s}/versions}); the id of the same
   * schema when it is there already.
   */
  public int register(String subject, Schema schema) {
    JsonNode answer =
        call(
            "registering the schema of subject " + subject,
            subject,
            "POST",
            "/subjects/" + encode(subject) + "/versions",
            schemaBody(schema));
    int id = answer.path("id").asInt();
    remember(subject, schema, id);
    return id;
  }

  /**
   * The id of a schema under a subject ({@code POST /subjects/{s}}), or empty when the subject does
   * not hold it (40401, 40403).
   */
  public OptionalInt lookup(String subject, Schema schema) {
    Optional<JsonNode> answer =
        callUnless(
            List.of(40401, 40403),
            "looking up the schema of subject " + subject,
            subject,
            "POST",
            "/subjects/" + encode(subject),
            schemaBody(schema));
    if (answer.isEmpty()) {
      return OptionalInt.empty();
    }
    int id = answer.get().path("id").asInt();
    remember(subject, schema, id);
    return OptionalInt.of(id);
  }

  /** The schema of an id ({@code GET /schemas/ids/{id}}), cached. */
  public Schema schemaById(int id) {
    synchronized (schemas) {
      Schema known = schemas.get(id);
      if (known != null) {
        return known;
      }
    }
    JsonNode answer = call("fetching schema id " + id, null, "GET", "/schemas/ids/" + id, null);
    Schema schema = parse(answer.path("schema").asText(), "schema id " + id);
    synchronized (schemas) {
      putBounded(schemas, id, schema);
    }
    return schema;
  }

  /** The latest version of a subject ({@code GET /subjects/{s}/versions/latest}); empty if none. */
  public Optional<Registered> latest(String subject) {
    return callUnless(
            List.of(40401, 40402),
            "reading the latest version of subject " + subject,
            subject,
            "GET",
            "/subjects/" + encode(subject) + "/versions/latest",
            null)
        .map(
            answer ->
                new Registered(
                    subject,
                    answer.path("id").asInt(),
                    answer.path("version").asInt(),
                    parse(answer.path("schema").asText(), "subject " + subject)));
  }

  /**
   * Whether the subject would take the schema at the level the registry is configured for ({@code
   * POST /compatibility/subjects/{s}/versions/latest?verbose=true}). A subject with no version yet
   * takes any schema: Confluent 7 answers 40401 there, and that counts as compatible.
   */
  public Compatibility compatibility(String subject, Schema schema) {
    return callUnless(
            List.of(40401, 40402),
            "checking the compatibility of subject " + subject,
            subject,
            "POST",
            "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
            schemaBody(schema))
        .map(
            answer -> {
              List<String> messages = new ArrayList<>();
              answer.path("messages").forEach(m -> messages.add(m.asText()));
              return new Compatibility(
                  answer.path("is_compatible").asBoolean(false), List.copyOf(messages));
            })
        .orElse(new Compatibility(true, List.of()));
  }

  @Override
  public int idOf(String subject, Schema schema) {
    String key = key(subject, schema);
    synchronized (ids) {
      Integer known = ids.get(key);
      if (known != null) {
        return known;
      }
    }
    if (settings.autoRegister()) {
      return register(subject, schema);
    }
    return lookup(subject, schema)
        .orElseThrow(
            () ->
                new SchemaRegistryException(
                    "Subject "
                        + subject
                        + " in the schema registry at "
                        + base
                        + " holds no version of "
                        + schema.getFullName()
                        + " as this build has it, and schema.registry.auto.register is false."
                        + " Register the schema under "
                        + subject
                        + ", or set schema.registry.auto.register=true.",
                    40403,
                    null));
  }

  @Override
  public Schema schemaOf(int id) {
    return schemaById(id);
  }

  @Override
  public void requireWritable(String subject, Schema schema) {
    Compatibility compatibility = compatibility(subject, schema);
    if (!compatibility.compatible()) {
      throw new SchemaRegistryException(
          "Subject "
              + subject
              + " in the schema registry at "
              + base
              + " would refuse "
              + schema.getFullName()
              + " as this build writes it (incompatible at the subject's compatibility level): "
              + (compatibility.messages().isEmpty()
                  ? "the registry gave no reason"
                  : String.join("; ", compatibility.messages()).replaceAll("\\s*\\R\\s*", " ")),
          409,
          null);
    }
    idOf(subject, schema);
  }

  private void remember(String subject, Schema schema, int id) {
    synchronized (ids) {
      putBounded(ids, key(subject, schema), id);
    }
    synchronized (schemas) {
      putBounded(schemas, id, schema);
    }
  }

  /**
   * A call's answer, or empty when the registry answers with one of these error codes: the subject,
   * version or schema asked for is not there.
   */
  private Optional<JsonNode> callUnless(
      List<Integer> absent, String what, String subject, String method, String path, String body) {
    try {
      return Optional.of(call(what, subject, method, path, body));
    } catch (SchemaRegistryException e) {
      if (absent.contains(e.errorCode())) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private JsonNode call(String what, String subject, String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(settings.timeout())
            .header(
                "Accept",
                CONTENT_TYPE
                    + ", application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5")
            .header("User-Agent", "fablestream");
    if (settings.basicAuth() != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(settings.basicAuth().getBytes(StandardCharsets.UTF_8)));
    } else if (settings.bearerToken() != null) {
      request.header("Authorization", "Bearer " + settings.bearerToken());
    }
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    HttpRequest built = request.build();
    HttpResponse<String> response;
    try {
      response =
          backoff.run(
              attempt -> send(built),
              Unavailable.class,
              (failedAttempt, failure, pause) ->
                  LOG.warn(
                      "The schema registry at {} did not answer {} ({}); attempt {} of {}, again"
                          + " in {} ms",
                      base,
                      what,
                      failure.getMessage(),
                      failedAttempt,
                      backoff.attempts(),
                      pause.toMillis()),
              sleeper);
    } catch (Unavailable e) {
      throw new SchemaRegistryException(
          "The schema registry at "
              + base
              + " (schema.registry.url) did not answer "
              + what
              + " after "
              + backoff.attempts()
              + " attempts: "
              + e.getMessage(),
          0,
          e.getCause());
    }
    if (response.statusCode() / 100 == 2) {
      return readJson(response.body(), what);
    }
    throw refused(what, subject, response.statusCode(), response.body());
  }

  private HttpResponse<String> send(HttpRequest request) throws Unavailable {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted", e);
    }
    int status = response.statusCode();
    if (status >= 500 || status == 429) {
      throw new Unavailable("HTTP " + status + " " + message(response.body()), null);
    }
    return response;
  }

  private SchemaRegistryException refused(String what, String subject, int status, String body) {
    JsonNode error = readJsonQuietly(body);
    int code = error.path("error_code").asInt(status);
    String said = error.path("message").asText(body == null ? "" : body.strip());
    String where = "The schema registry at " + base;
    String message =
        switch (code) {
          case 40401 -> where + " has no subject " + subject + " (40401, " + what + "): " + said;
          case 40402 -> where + " has no such version of " + subject + " (40402): " + said;
          case 40403 -> where + " has no such schema (40403, " + what + "): " + said;
          case 42201 -> where + " refuses the schema as invalid (42201, " + what + "): " + said;
          case 409, 40901 ->
              where
                  + " refuses the schema of subject "
                  + subject
                  + " as incompatible with its registered versions (409): "
                  + said
                  + ". Change the schema compatibly (new fields with defaults), or the subject's"
                  + " compatibility level.";
          case 401, 40101, 403, 40301 ->
              where
                  + " refuses the credentials ("
                  + code
                  + ", "
                  + what
                  + "): "
                  + said
                  + ". Check schema.registry.basic.auth.user.info or"
                  + " schema.registry.bearer.auth.token.";
          default -> where + " answered HTTP " + status + " (" + code + ") " + what + ": " + said;
        };
    return new SchemaRegistryException(message, code, null);
  }

  private static String schemaBody(Schema schema) {
    ObjectNode body = JSON.createObjectNode();
    body.put("schema", schema.toString());
    return body.toString();
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          "The schema registry's " + what + " is not an Avro schema: " + e.getMessage(), 0, e);
    }
  }

  private JsonNode readJson(String body, String what) {
    try {
      return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "The schema registry at " + base + " answered " + what + " with no JSON: " + body, 0, e);
    }
  }

  private static JsonNode readJsonQuietly(String body) {
    try {
      JsonNode node = JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String message(String body) {
    return readJsonQuietly(body).path("message").asText("");
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String key(String subject, Schema schema) {
    return subject + '\n' + schema;
  }

  private static <K, V> Map<K, V> bounded() {
    return new LinkedHashMap<>();
  }

  private static <K, V> void putBounded(Map<K, V> map, K key, V value) {
    if (map.size() >= MAX_CACHED && !map.containsKey(key)) {
      map.clear();
    }
    map.put(key, value);
  }

  /** The registry did not answer, or answered 5xx or 429: worth another attempt. */
  private static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
