package io.fablestream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.app.ApiSettings;
import io.fablestream.app.ApiWithoutLine;
import io.fablestream.app.BookEvents;
import io.fablestream.app.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed request gets a 4xx with a JSON error that names its code, the field at fault
 * where one is, and nothing of the server's insides. The table is docs/bad-inputs.md; no Kafka is
 * needed, since each is refused before anything is sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputsTest {
  private static final String TOKEN = "t0ken";
  private static final long MAX_UPLOAD = 64 * 1024;
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
  private static final Path TABLE = Path.of("../docs/bad-inputs.md");

  private final BookEvents events = new BookEvents();
  private HttpApi api;

  @BeforeAll
  void start() {
    api =
        ApiWithoutLine.start(
            new ApiSettings(Duration.ofSeconds(1), MAX_UPLOAD, TOKEN, false, 0), events);
  }

  @AfterAll
  void stop() {
    api.close();
    events.close();
  }

  /** One bad request: how docs/bad-inputs.md names it, its bytes, and the answer it must get. */
  record Case(String request, byte[] bytes, int status, String code, String field) {
    @Override
    public String toString() {
      return request;
    }
  }

  /** A part of a multipart body: its header lines, then its content. */
  record Part(byte[] head, byte[] content) {}

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    String longTitle = "t".repeat(1024 * 1024);
    cases.add(form("title of 1 MB", Map.of("title", longTitle), 400, "INVALID_REQUEST", "title"));
    cases.add(
        form(
            "title of 201 characters",
            Map.of("title", "t".repeat(201)),
            400,
            "INVALID_REQUEST",
            "title"));
    cases.add(badField("chapters", "five"));
    cases.add(badField("chapters", "0"));
    cases.add(badField("chapters", "101"));
    cases.add(badField("chapters", "99999999999999999999"));
    cases.add(badField("words", "-300"));
    cases.add(badField("arcLength", "1.5"));
    cases.add(badField("language", "klingon!"));
    cases.add(badField("language", "zz"));
    cases.add(plan("a plan with no beats", "{\"beats\": []}", "beats"));
    cases.add(
        plan(
            "a plan whose beat has no text",
            "{\"beats\": [{\"chapter\": 1, \"ending\": \"x\"}]}",
            "beats[0].beat"));
    cases.add(plan("a plan that is not JSON", "{beats", null));
    cases.add(
        form(
            "reviewPlan=maybe",
            Map.of("reviewPlan", "maybe"),
            400,
            "INVALID_REQUEST",
            "reviewPlan"));
    cases.add(
        form("an unknown field colour", Map.of("colour", "red"), 400, "INVALID_REQUEST", "colour"));
    cases.add(
        new Case(
            "title given twice",
            multipart(
                List.of(text("title", "One"), text("title", "Two"), file("image", PNG)), "b1"),
            400,
            "INVALID_REQUEST",
            "title"));
    cases.add(
        new Case(
            "title with bytes that are not UTF-8",
            multipart(
                List.of(
                    part("title", null, new byte[] {'C', 'a', (byte) 0xC3, 't'}),
                    file("image", PNG)),
                "b2"),
            400,
            "INVALID_REQUEST",
            "title"));
    cases.add(
        new Case(
            "no image field",
            multipart(List.of(text("title", "A cat")), "b3"),
            400,
            "MISSING_IMAGE",
            "image"));
    cases.add(
        new Case(
            "image sent as a text field, no filename",
            multipart(List.of(part("image", null, PNG)), "b4"),
            400,
            "MISSING_IMAGE",
            "image"));
    cases.add(
        new Case(
            "empty image",
            multipart(List.of(file("image", new byte[0])), "b5"),
            400,
            "EMPTY_IMAGE",
            "image"));
    cases.add(
        new Case(
            "image that is text, not a picture",
            multipart(List.of(file("image", "hello".getBytes(StandardCharsets.UTF_8))), "b6"),
            400,
            "NOT_AN_IMAGE",
            "image"));
    byte[] big = new byte[(int) MAX_UPLOAD + 1];
    System.arraycopy(PNG, 0, big, 0, PNG.length);
    cases.add(
        new Case(
            "image over api.max.upload.bytes",
            multipart(List.of(file("image", big)), "b7"),
            413,
            "IMAGE_TOO_LARGE",
            "image"));
    List<Part> thirteen = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      thirteen.add(file("image", PNG));
    }
    cases.add(
        new Case(
            "13 image fields, more than album.max.pictures",
            multipart(thirteen, "b11"),
            400,
            "ALBUM_TOO_LARGE",
            "image"));
    byte[] half = new byte[(int) MAX_UPLOAD / 2 + 1];
    System.arraycopy(PNG, 0, half, 0, PNG.length);
    cases.add(
        new Case(
            "two pictures over api.max.upload.bytes together",
            multipart(List.of(file("image", half), file("image", half)), "b12"),
            413,
            "ALBUM_TOO_LARGE",
            "image"));
    cases.add(
        new Case(
            "three pictures for a book of 2 chapters",
            multipart(
                List.of(
                    text("chapters", "2"),
                    file("image", PNG),
                    file("image", PNG),
                    file("image", PNG)),
                "b13"),
            400,
            "ALBUM_MORE_PICTURES_THAN_CHAPTERS",
            "image"));
    cases.add(
        new Case(
            "second picture that is text, not a picture",
            multipart(
                List.of(
                    file("image", PNG), file("image", "hello".getBytes(StandardCharsets.UTF_8))),
                "b14"),
            400,
            "NOT_AN_IMAGE",
            "image"));
    cases.add(
        new Case(
            "multipart body whose boundary differs from the header's",
            post(
                "/books",
                "multipart/form-data; boundary=expected",
                body(List.of(file("image", PNG)), "other")),
            400,
            "INVALID_REQUEST",
            null));
    cases.add(
        new Case(
            "multipart Content-Type without a boundary",
            post("/books", "multipart/form-data", body(List.of(file("image", PNG)), "b8")),
            400,
            "INVALID_REQUEST",
            null));
    byte[] whole = body(List.of(text("title", "A cat"), file("image", PNG)), "b9");
    cases.add(
        new Case(
            "multipart body cut short before its closing boundary",
            post(
                "/books",
                "multipart/form-data; boundary=b9",
                java.util.Arrays.copyOf(whole, whole.length - 12)),
            400,
            "INVALID_REQUEST",
            null));
    cases.add(
        new Case(
            "multipart part without a name",
            multipart(
                List.of(new Part("Content-Disposition: form-data\r\n".getBytes(), PNG)), "b10"),
            400,
            "INVALID_REQUEST",
            null));
    cases.add(
        new Case(
            "JSON to POST /books",
            post(
                "/books", "application/json", "{\"chapters\": 3}".getBytes(StandardCharsets.UTF_8)),
            400,
            "NOT_MULTIPART",
            null));
    cases.add(
        new Case(
            "POST /books without a Content-Type",
            post("/books", null, "hello".getBytes(StandardCharsets.UTF_8)),
            400,
            "NOT_MULTIPART",
            null));
    cases.add(
        new Case(
            "form-urlencoded to POST /generate",
            post("/generate", "application/x-www-form-urlencoded", "chapters=3".getBytes()),
            400,
            "NOT_MULTIPART",
            null));
    cases.add(
        new Case(
            "a header of 64 KB",
            RawHttp.request(
                "GET",
                "/books/x",
                Map.of("Authorization", "Bearer " + TOKEN, "X-Junk", "j".repeat(64 * 1024)),
                null),
            431,
            "HEADERS_TOO_LARGE",
            null));
    cases.add(
        new Case(
            "a URI of 64 KB",
            RawHttp.request("GET", "/books/" + "x".repeat(64 * 1024), auth(), null),
            414,
            "URI_TOO_LONG",
            null));
    cases.add(
        new Case(
            "Content-Length that is not a number",
            "POST /books HTTP/1.1\r\nHost: localhost\r\nContent-Length: many\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1),
            400,
            "INVALID_REQUEST",
            null));
    cases.add(
        new Case(
            "a header line without a colon",
            "GET /books/x HTTP/1.1\r\nHost localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
            400,
            "INVALID_REQUEST",
            null));
    cases.add(
        new Case(
            "a path with a broken percent escape",
            RawHttp.request("GET", "/books/%ZZ", auth(), null),
            400,
            "INVALID_REQUEST",
            null));
    cases.add(
        new Case(
            "no Authorization header",
            RawHttp.request("GET", "/books/x", Map.of(), null),
            401,
            "UNAUTHORIZED",
            null));
    cases.add(
        new Case(
            "an Authorization header of 4 KB",
            RawHttp.request(
                "GET", "/books/x", Map.of("Authorization", "Bearer " + "x".repeat(4096)), null),
            401,
            "UNAUTHORIZED",
            null));
    cases.add(
        new Case(
            "GET of an unknown path",
            RawHttp.request("GET", "/nowhere", auth(), null),
            404,
            "NOT_FOUND",
            null));
    cases.add(
        new Case(
            "DELETE /books",
            RawHttp.request("DELETE", "/books", auth(), null),
            405,
            "METHOD_NOT_ALLOWED",
            null));
    cases.add(
        new Case(
            "PUT /books/{id}",
            RawHttp.request("PUT", "/books/x", auth(), new byte[0]),
            405,
            "METHOD_NOT_ALLOWED",
            null));
    cases.add(revision("revision body that is not JSON", "fromChapter=3", 400, null));
    cases.add(revision("revision body that is a JSON array", "[3]", 400, null));
    cases.add(revision("revision body that is empty", "", 400, null));
    cases.add(
        revision(
            "revision body with JSON after the object",
            "{\"fromChapter\": 1, \"text\": \"a\"} {}",
            400,
            null));
    cases.add(
        revision(
            "revision with text given twice",
            "{\"fromChapter\": 1, \"text\": \"a\", \"text\": \"b\"}",
            400,
            null));
    cases.add(
        new Case(
            "revision body with bytes that are not UTF-8",
            post(
                "/books/x/revisions",
                "application/json",
                new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xFF, '"', '}'}),
            400,
            "INVALID_REQUEST",
            null));
    cases.add(
        new Case(
            "revision as form-urlencoded",
            post(
                "/books/x/revisions",
                "application/x-www-form-urlencoded",
                "fromChapter=3".getBytes()),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            null));
    cases.add(
        revision(
            "revision without fromChapter", "{\"instruction\": \"Rain.\"}", 400, "fromChapter"));
    cases.add(
        revision(
            "revision with fromChapter \"three\"",
            "{\"fromChapter\": \"three\", \"instruction\": \"Rain.\"}",
            400,
            "fromChapter"));
    cases.add(
        revision(
            "revision with fromChapter 1.5",
            "{\"fromChapter\": 1.5, \"instruction\": \"Rain.\"}",
            400,
            "fromChapter"));
    cases.add(
        revision(
            "revision with fromChapter 0",
            "{\"fromChapter\": 0, \"instruction\": \"Rain.\"}",
            400,
            "fromChapter"));
    cases.add(
        revision(
            "revision with fromChapter 99999999999",
            "{\"fromChapter\": 99999999999, \"instruction\": \"Rain.\"}",
            400,
            "fromChapter"));
    cases.add(
        revision(
            "revision with both text and instruction",
            "{\"fromChapter\": 1, \"text\": \"It rained.\", \"instruction\": \"Rain.\"}",
            400,
            null));
    cases.add(
        revision("revision with neither text nor instruction", "{\"fromChapter\": 1}", 400, null));
    cases.add(
        revision(
            "revision with a blank instruction",
            "{\"fromChapter\": 1, \"instruction\": \"   \"}",
            400,
            "instruction"));
    cases.add(
        revision(
            "revision with an instruction of 4001 characters",
            "{\"fromChapter\": 1, \"instruction\": \"" + "i".repeat(4001) + "\"}",
            400,
            "instruction"));
    cases.add(
        revision(
            "revision with a text of 100001 characters",
            "{\"fromChapter\": 1, \"text\": \"" + "t".repeat(100_001) + "\"}",
            400,
            "text"));
    cases.add(
        revision(
            "revision with an instruction that is a number",
            "{\"fromChapter\": 1, \"instruction\": 7}",
            400,
            "instruction"));
    cases.add(
        revision(
            "revision with a requestedBy of 201 characters",
            "{\"fromChapter\": 1, \"text\": \"a\", \"requestedBy\": \"" + "r".repeat(201) + "\"}",
            400,
            "requestedBy"));
    cases.add(
        revision(
            "revision with an unknown field chapter",
            "{\"chapter\": 1, \"text\": \"a\"}",
            400,
            "chapter"));
    cases.add(
        revision(
            "revision with beats that is an object",
            "{\"fromChapter\": 1, \"instruction\": \"Rain.\", \"beats\": {}}",
            400,
            "beats"));
    cases.add(
        revision(
            "revision with a beat without its chapter",
            "{\"fromChapter\": 1, \"instruction\": \"Rain.\", \"beats\": [{\"beat\": \"Mira runs.\"}]}",
            400,
            "beats[0].chapter"));
    cases.add(
        revision(
            "revision with a beat for a chapter before fromChapter",
            "{\"fromChapter\": 2, \"instruction\": \"Rain.\", \"beats\": [{\"chapter\": 1, \"beat\": \"Mira runs.\"}]}",
            400,
            "beats[0].chapter"));
    cases.add(
        revision(
            "revision with two beats for one chapter",
            "{\"fromChapter\": 1, \"instruction\": \"Rain.\", \"beats\": [{\"chapter\": 2, \"beat\": \"Mira runs.\"}, {\"chapter\": 2, \"beat\": \"Mira hides.\"}]}",
            400,
            "beats[1].chapter"));
    cases.add(
        revision(
            "revision with a blank beat",
            "{\"fromChapter\": 1, \"instruction\": \"Rain.\", \"beats\": [{\"chapter\": 1, \"beat\": \" \"}]}",
            400,
            "beats[0].beat"));
    cases.add(
        revision(
            "revision with a beat of 401 characters",
            "{\"fromChapter\": 1, \"instruction\": \"Rain.\", \"beats\": [{\"chapter\": 1, \"beat\": \""
                + "b".repeat(401)
                + "\"}]}",
            400,
            "beats[0].beat"));
    cases.add(
        revision(
            "revision with an ending that is a number",
            "{\"fromChapter\": 1, \"instruction\": \"Rain.\", \"beats\": [{\"chapter\": 1, \"beat\": \"Mira runs.\", \"ending\": 3}]}",
            400,
            "beats[0].ending"));
    cases.add(
        revision(
            "revision with a beat that names its picture",
            "{\"fromChapter\": 1, \"instruction\": \"Rain.\", \"beats\": [{\"chapter\": 1, \"beat\": \"Mira runs.\", \"picture\": 2}]}",
            400,
            "beats[0].picture"));
    cases.add(
        new Case(
            "revision body of 1 MB",
            post("/books/x/revisions", "application/json", new byte[1024 * 1024]),
            413,
            "TOO_LARGE",
            null));
    cases.add(
        new Case(
            "GET /books/{id}?revision=two",
            RawHttp.request("GET", "/books/x?revision=two", auth(), null),
            400,
            "INVALID_REQUEST",
            "revision"));
    for (String limit : List.of("abc", "0", "501")) {
      cases.add(
          new Case(
              "GET /books?limit=" + limit,
              RawHttp.request("GET", "/books?limit=" + limit, auth(), null),
              400,
              "INVALID_REQUEST",
              "limit"));
    }
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void malformedRequestGetsA4xxJsonErrorNamingTheFieldAndNothingInside(Case c) throws Exception {
    RawHttp.Answer answer = RawHttp.send(api.port(), c.bytes());

    assertThat(answer.status()).as(answer.body()).isEqualTo(c.status());
    assertThat(answer.headers().get("content-type")).startsWith("application/json");
    JsonNode body = Json.mapper().readTree(answer.body());
    assertThat(body.path("error").asText()).isNotBlank();
    assertThat(body.path("code").asText()).as(answer.body()).isEqualTo(c.code());
    if (c.field() == null) {
      assertThat(body.has("field")).as(answer.body()).isFalse();
    } else {
      assertThat(body.path("field").asText()).as(answer.body()).isEqualTo(c.field());
    }
    assertThat(answer.body())
        .doesNotContain("Exception", "jakarta", "org.eclipse", "io.javalin", "\tat ", ".java:");
    assertThat(answer.body().length()).isLessThan(1000);
  }

  @Test
  void failureInsideIsA500WithAGenericMessageAndTheDetailOnlyInTheLog() throws Exception {
    // A well-formed request reaches the submitter, which this API has none of: a bug inside.
    byte[] request =
        post(
            "/books",
            "multipart/form-data; boundary=ok",
            body(List.of(text("title", "A cat"), file("image", PNG)), "ok"));

    RawHttp.Answer answer = RawHttp.send(api.port(), request);

    assertThat(answer.status()).isEqualTo(500);
    JsonNode body = Json.mapper().readTree(answer.body());
    assertThat(body.path("code").asText()).isEqualTo("INTERNAL_ERROR");
    assertThat(body.path("error").asText())
        .matches(
            "Something went wrong inside the API; the log says what, under error [0-9a-f]{8}\\.");
    assertThat(answer.body()).doesNotContain("Exception", "null");
  }

  @Test
  void docsBadInputsListsEveryCaseWithItsStatusAndCode() throws Exception {
    Set<String> documented = new TreeSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| (.+?) \\| (\\d{3}) \\| `([A-Z_]+)` \\|")
            .matcher(Files.readString(TABLE));
    while (row.find()) {
      documented.add(row.group(1) + " -> " + row.group(2) + " " + row.group(3));
    }
    Set<String> tested = new TreeSet<>();
    for (Case c : cases()) {
      tested.add(c.request() + " -> " + c.status() + " " + c.code());
    }

    assertThat(documented).isEqualTo(tested);
    assertThat(tested).hasSizeGreaterThanOrEqualTo(25);
  }

  private static Case plan(String request, String json, String field) {
    return new Case(
        request,
        post("/books/x/plan", "application/json", json.getBytes(StandardCharsets.UTF_8)),
        400,
        "INVALID_REQUEST",
        field);
  }

  private static Case revision(String request, String json, int status, String field) {
    return new Case(
        request,
        post("/books/x/revisions", "application/json", json.getBytes(StandardCharsets.UTF_8)),
        status,
        "INVALID_REQUEST",
        field);
  }

  private static Map<String, String> auth() {
    return Map.of("Authorization", "Bearer " + TOKEN);
  }

  /** A form whose one field has a bad value: 400 INVALID_REQUEST naming the field. */
  private static Case badField(String field, String value) {
    return form(field + "=" + value, Map.of(field, value), 400, "INVALID_REQUEST", field);
  }

  private static Case form(
      String request, Map<String, String> fields, int status, String code, String field) {
    List<Part> parts = new ArrayList<>();
    fields.forEach((k, v) -> parts.add(text(k, v)));
    parts.add(file("image", PNG));
    return new Case(request, multipart(parts, "form-boundary"), status, code, field);
  }

  private static Part text(String name, String value) {
    return part(name, null, value.getBytes(StandardCharsets.UTF_8));
  }

  private static Part file(String name, byte[] content) {
    return part(name, "picture.png", content);
  }

  private static Part part(String name, String fileName, byte[] content) {
    String disposition =
        "Content-Disposition: form-data; name=\""
            + name
            + "\""
            + (fileName == null ? "" : "; filename=\"" + fileName + "\"")
            + "\r\n"
            + (fileName == null ? "" : "Content-Type: application/octet-stream\r\n");
    return new Part(disposition.getBytes(StandardCharsets.UTF_8), content);
  }

  /** Parts as a multipart body: each its headers, an empty line, its content. */
  private static byte[] body(List<Part> parts, String boundary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Part part : parts) {
      out.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(part.head());
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(part.content());
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static byte[] multipart(List<Part> parts, String boundary) {
    return post("/books", "multipart/form-data; boundary=" + boundary, body(parts, boundary));
  }

  static byte[] post(String path, String contentType, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>(auth());
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    return RawHttp.request("POST", path, headers, body);
  }
}
