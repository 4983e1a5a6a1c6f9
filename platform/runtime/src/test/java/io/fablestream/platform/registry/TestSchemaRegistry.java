package io.fablestream.platform.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.fablestream.platform.LoopbackHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

/**
 * A schema registry for tests that answers as the Confluent Schema Registry REST API does (v7): the
 * same paths, JSON, error codes ({@code 40401} subject not found, {@code 40402} version not found,
 * {@code 40403} schema not found, {@code 42201} invalid schema, {@code 409} incompatible, {@code
 * 401} unauthorized) and content type {@code application/vnd.schemaregistry.v1+json}. Compatibility
 * is decided by Avro's own {@link SchemaCompatibility} at the subject's level (BACKWARD by default,
 * as Confluent's), and the compatibility check of a subject with no version answers 40401 as
 * Confluent 7 does. Ids are global and the same schema has one id in every subject.
 *
 * <p>Run alone ({@code main}) it serves on a free port and prints its URL, for clients in other
 * languages.
 */
public final class TestSchemaRegistry implements AutoCloseable {
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SUBJECT_VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
  private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
  private static final Pattern SUBJECT_VERSION =
      Pattern.compile("/subjects/([^/]+)/versions/(latest|\\d+)");
  private static final Pattern SCHEMA_BY_ID = Pattern.compile("/schemas/ids/(\\d+)(/schema)?");
  private static final Pattern COMPATIBILITY =
      Pattern.compile("/compatibility/subjects/([^/]+)/versions/(latest|\\d+)");
  private static final Pattern CONFIG = Pattern.compile("/config(?:/([^/]+))?");

  private record Version(int id, int version, Schema schema) {}

  private final Map<String, List<Version>> subjects = new LinkedHashMap<>();
  private final Map<String, Integer> idsByCanonical = new LinkedHashMap<>();
  private final Map<Integer, Schema> schemasById = new LinkedHashMap<>();
  private final Map<String, String> levels = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger unavailable = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicReference<int[]> nextError =
      new java.util.concurrent.atomic.AtomicReference<>();
  private volatile String nextErrorMessage;
  private volatile String defaultLevel = "BACKWARD";
  private volatile String requiredAuthorization;
  private final LoopbackHttp http;

  private TestSchemaRegistry() {
    this.http = LoopbackHttp.start("test schema registry", this::handle);
  }

  /** A registry on a free loopback port. */
  public static TestSchemaRegistry start() {
    return new TestSchemaRegistry();
  }

  /** Serves until killed, printing its URL. */
  public static void main(String[] args) throws InterruptedException {
    TestSchemaRegistry registry = start();
    System.out.println(registry.url());
    System.out.flush();
    Thread.currentThread().join();
  }

  /** The base URL, {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return http.uri("");
  }

  /** Requires HTTP basic auth with this {@code user:password} from now on. */
  public TestSchemaRegistry requireBasicAuth(String userInfo) {
    requiredAuthorization =
        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Requires {@code Authorization: Bearer token} from now on. */
  public TestSchemaRegistry requireBearer(String token) {
    requiredAuthorization = "Bearer " + token;
    return this;
  }

  /**
   * Answers the next {@code n} requests with 503 and error code 50003, as a registry that lost its
   * store.
   */
  public void failNext(int n) {
    unavailable.set(n);
  }

  /** Answers the next request with this status, error code and message, as a registry would. */
  public void answerNext(int status, int errorCode, String message) {
    nextErrorMessage = message;
    nextError.set(new int[] {status, errorCode});
  }

  /** Sets the compatibility level of one subject, as {@code PUT /config/{subject}} does. */
  public void level(String subject, String level) {
    levels.put(subject, level);
  }

  /** Registers a schema as another producer would; returns its id. */
  public synchronized int register(String subject, Schema schema) {
    return registerChecked(subject, schema);
  }

  /** The schema of an id, or null. */
  public synchronized Schema schema(int id) {
    return schemasById.get(id);
  }

  /** The subjects, in the order they were first registered. */
  public synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  /** The latest id of a subject, or -1. */
  public synchronized int latestId(String subject) {
    List<Version> versions = subjects.get(subject);
    return versions == null || versions.isEmpty() ? -1 : versions.get(versions.size() - 1).id();
  }

  /** Every request, as {@code METHOD path}, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    requests.add(method + " " + path);
    try (InputStream in = exchange.getRequestBody()) {
      String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (requiredAuthorization != null
          && !requiredAuthorization.equals(
              exchange.getRequestHeaders().getFirst("Authorization"))) {
        error(exchange, 401, 401, "Unauthorized");
        return;
      }
      int[] injected = nextError.getAndSet(null);
      if (injected != null) {
        error(exchange, injected[0], injected[1], nextErrorMessage);
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (!body.isEmpty()
          && (contentType == null
              || !(contentType.startsWith("application/vnd.schemaregistry")
                  || contentType.startsWith("application/json")
                  || contentType.startsWith("application/octet-stream")))) {
        error(exchange, 415, 415, "HTTP 415 Unsupported Media Type");
        return;
      }
      if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(exchange, 503, 50003, "Error while forwarding the request to the leader");
        return;
      }
      synchronized (this) {
        route(exchange, method, path, body);
      }
    } catch (RuntimeException e) {
      error(exchange, 500, 50001, "Error in the backend data store: " + e);
    }
  }

  private void route(HttpExchange exchange, String method, String path, String body)
      throws IOException {
    Matcher m;
    if (method.equals("POST") && (m = SUBJECT_VERSIONS.matcher(path)).matches()) {
      Schema schema = parsed(exchange, body);
      if (schema == null) {
        return;
      }
      String subject = decode(m.group(1));
      List<String> problems = incompatibilities(subject, schema);
      if (!problems.isEmpty()) {
        error(
            exchange,
            409,
            409,
            "Schema being registered is incompatible with an earlier schema for subject \""
                + subject
                + "\", details: "
                + problems);
        return;
      }
      ok(exchange, JSON.createObjectNode().put("id", registerChecked(subject, schema)));
    } else if (method.equals("POST") && (m = SUBJECT.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      Schema schema = parsed(exchange, body);
      if (schema == null) {
        return;
      }
      List<Version> versions = subjects.get(subject);
      if (versions == null) {
        error(exchange, 404, 40401, "Subject '" + subject + "' not found.");
        return;
      }
      for (Version v : versions) {
        if (v.schema().equals(schema)) {
          ok(exchange, version(subject, v));
          return;
        }
      }
      error(exchange, 404, 40403, "Schema not found");
    } else if (method.equals("GET") && (m = SUBJECT_VERSION.matcher(path)).matches()) {
      String subject = decode(m.group(1));
      Version v = version(exchange, subject, m.group(2));
      if (v != null) {
        ok(exchange, version(subject, v));
      }
    } else if (method.equals("GET") && (m = SCHEMA_BY_ID.matcher(path)).matches()) {
      Schema schema = schemasById.get(Integer.parseInt(m.group(1)));
      if (schema == null) {
        error(exchange, 404, 40403, "Schema " + m.group(1) + " not found");
        return;
      }
      ok(exchange, JSON.createObjectNode().put("schema", schema.toString()));
    } else if (method.equals("POST") && (m = COMPATIBILITY.matcher(path)).matches()) {
      Schema schema = parsed(exchange, body);
      if (schema == null) {
        return;
      }
      String subject = decode(m.group(1));
      if (version(exchange, subject, m.group(2)) == null) {
        return;
      }
      List<String> problems = incompatibilities(subject, schema);
      ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
      if (exchange.getRequestURI().getRawQuery() != null
          && exchange.getRequestURI().getRawQuery().contains("verbose=true")) {
        ArrayNode messages = answer.putArray("messages");
        problems.forEach(messages::add);
      }
      ok(exchange, answer);
    } else if (method.equals("GET") && path.equals("/subjects")) {
      ArrayNode names = JSON.createArrayNode();
      subjects.keySet().forEach(names::add);
      ok(exchange, names);
    } else if ((m = CONFIG.matcher(path)).matches()) {
      if (method.equals("PUT")) {
        String level = JSON.readTree(body).path("compatibility").asText();
        if (m.group(1) == null) {
          defaultLevel = level;
        } else {
          levels.put(decode(m.group(1)), level);
        }
        ok(exchange, JSON.createObjectNode().put("compatibility", level));
      } else {
        String level = m.group(1) == null ? defaultLevel : levels.get(decode(m.group(1)));
        if (level == null) {
          error(
              exchange,
              404,
              40408,
              "Subject '"
                  + decode(m.group(1))
                  + "' does not have subject-level compatibility configured");
          return;
        }
        ok(exchange, JSON.createObjectNode().put("compatibilityLevel", level));
      }
    } else {
      error(exchange, 404, 404, "HTTP 404 Not Found");
    }
  }

  private int registerChecked(String subject, Schema schema) {
    List<Version> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    for (Version v : versions) {
      if (v.schema().equals(schema)) {
        return v.id();
      }
    }
    int id = idsByCanonical.computeIfAbsent(schema.toString(), s -> idsByCanonical.size() + 1);
    schemasById.put(id, schema);
    versions.add(new Version(id, versions.size() + 1, schema));
    return id;
  }

  /** What the subject's level finds wrong with the schema against its versions; empty if none. */
  private List<String> incompatibilities(String subject, Schema schema) {
    List<Version> versions = subjects.getOrDefault(subject, List.of());
    if (versions.isEmpty()) {
      return List.of();
    }
    String level = levels.getOrDefault(subject, defaultLevel);
    List<Version> against =
        level.endsWith("_TRANSITIVE") ? versions : List.of(versions.get(versions.size() - 1));
    List<String> problems = new ArrayList<>();
    for (Version v : against) {
      if (level.startsWith("BACKWARD") || level.startsWith("FULL")) {
        problems.addAll(problems(schema, v.schema(), "reader", v.version()));
      }
      if (level.startsWith("FORWARD") || level.startsWith("FULL")) {
        problems.addAll(problems(v.schema(), schema, "writer", v.version()));
      }
    }
    return problems;
  }

  private static List<String> problems(Schema reader, Schema writer, String role, int version) {
    SchemaCompatibility.SchemaPairCompatibility pair =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    List<String> out = new ArrayList<>();
    for (SchemaCompatibility.Incompatibility i : pair.getResult().getIncompatibilities()) {
      out.add(
          "{errorType:'"
              + i.getType()
              + "', description:'The type (path '"
              + i.getLocation()
              + "') of a field in the new schema as "
              + role
              + " does not match version "
              + version
              + ": "
              + i.getMessage()
              + "'}");
    }
    return out;
  }

  private Version version(HttpExchange exchange, String subject, String which) throws IOException {
    List<Version> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      error(exchange, 404, 40401, "Subject '" + subject + "' not found.");
      return null;
    }
    if (which.equals("latest")) {
      return versions.get(versions.size() - 1);
    }
    int n = Integer.parseInt(which);
    if (n < 1 || n > versions.size()) {
      error(exchange, 404, 40402, "Version " + n + " not found.");
      return null;
    }
    return versions.get(n - 1);
  }

  private static ObjectNode version(String subject, Version v) {
    return JSON.createObjectNode()
        .put("subject", subject)
        .put("version", v.version())
        .put("id", v.id())
        .put("schema", v.schema().toString());
  }

  private Schema parsed(HttpExchange exchange, String body) throws IOException {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (IOException e) {
      error(exchange, 400, 400, "Unrecognized field or malformed JSON: " + e.getMessage());
      return null;
    }
    String type = request.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      error(
          exchange, 422, 42201, "Invalid schema: this test registry speaks only AVRO, not " + type);
      return null;
    }
    try {
      return new Schema.Parser().parse(request.path("schema").asText());
    } catch (SchemaParseException | NullPointerException e) {
      error(
          exchange,
          422,
          42201,
          "Invalid schema " + request.path("schema").asText() + ": " + e.getMessage());
      return null;
    }
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw, StandardCharsets.UTF_8);
  }

  private static void ok(HttpExchange exchange, JsonNode answer) throws IOException {
    LoopbackHttp.send(exchange, 200, CONTENT_TYPE, answer.toString());
  }

  private static void error(HttpExchange exchange, int status, int code, String message)
      throws IOException {
    LoopbackHttp.send(
        exchange,
        status,
        CONTENT_TYPE,
        JSON.createObjectNode().put("error_code", code).put("message", message).toString());
  }

  @Override
  public void close() {
    http.close();
  }
}
