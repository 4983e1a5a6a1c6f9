package io.fablestream.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.app.BookView;
import io.fablestream.app.ImageInput.BadInputException;
import io.fablestream.app.Json;
import io.fablestream.app.RevisionRequest;
import io.fablestream.app.RevisionSubmitter;
import io.fablestream.chapter.BookPlan;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.PlannedBeat;
import io.fablestream.schemas.RevisionRule;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code POST /books/{id}/revisions}: asks for a completed book to be revised from a chapter, with
 * the person's text for it or an instruction for the model. Checked here as chapter-service checks
 * it (docs/revisions.md), so a person hears at once what the line would refuse: 404 for a book not
 * known, 409 while it is being written or when it never completed, 400 naming the field otherwise.
 */
final class RevisionRoutes {
  /** The largest body taken: the longest text, each character up to four bytes, and the rest. */
  static final int MAX_BODY_BYTES = RevisionRule.MAX_TEXT_CHARS * 4 + 64 * 1024;

  private static final Set<String> FIELDS =
      Set.of("fromChapter", "text", "instruction", "requestedBy", "beats");

  private static final Set<String> BEAT_FIELDS = Set.of("chapter", "beat", "ending");

  /**
   * How long a revision asked for here blocks a second one for the same book while the read model
   * has not seen it begin: the line takes one, and would refuse the other under the same number.
   */
  static final Duration ASKED_HOLD = Duration.ofMinutes(2);

  /** At most this many books' asked-for revisions are remembered; the oldest go first. */
  static final int MAX_ASKED = 10_000;

  /** The most chapters a book has (BookRequest): a plan is first checked against that many. */
  static final int MAX_PLAN_CHAPTERS = 100;

  private record Asked(int revision, long atNanos) {}

  private final ReadModel readModel;
  private final RevisionSubmitter submitter;
  private final Map<String, Asked> asked = new ConcurrentHashMap<>();

  RevisionRoutes(ReadModel readModel, RevisionSubmitter submitter) {
    this.readModel = readModel;
    this.submitter = submitter;
  }

  void revise(Context ctx) {
    String bookId = ctx.pathParam("id");
    RevisionRequest request = request(ctx);
    BookView book = readModel.view(bookId);
    if (book == null) {
      throw new ApiException(
          404, "BOOK_NOT_FOUND", null, "No book " + BookForm.cut(bookId) + " is known here.");
    }
    int revision;
    try {
      revision = request.checkAgainst(book);
    } catch (BadInputException e) {
      int status = "CONFLICT".equals(e.code()) ? 409 : 400;
      throw new ApiException(status, e.code(), e.field(), e.getMessage());
    }
    claim(book, revision);
    try {
      submitter.submit(bookId, revision, request);
    } catch (RuntimeException e) {
      asked.remove(bookId);
      throw e;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("bookId", bookId);
    body.put("revision", revision);
    body.put("book", "/books/" + bookId + "?revision=" + revision);
    body.put("events", "/books/" + bookId + "/events");
    ctx.status(202)
        .header("Location", "/books/" + bookId + "?revision=" + revision)
        .contentType("application/json")
        .result(Json.write(body));
  }

  /**
   * {@code POST /books/{id}/plan}: approves the plan of a book held for its review, as sent (edited
   * or not): 400 naming the field of a malformed plan, 404 for a book not known, 409 when the book
   * is not waiting for its plan to be approved; else the plan goes out as the next revision of
   * BookPlanned with approved=true, and 202.
   */
  void approvePlan(Context ctx) {
    String bookId = ctx.pathParam("id");
    requireJson(ctx, "Send the plan as application/json, as GET /books/{id} shows it under plan.");
    String body = new String(bytes(ctx), StandardCharsets.UTF_8);
    // Checked first against the largest book, so a malformed plan is named before anything else.
    plan(body, MAX_PLAN_CHAPTERS);
    BookView book = readModel.view(bookId);
    if (book == null) {
      throw new ApiException(
          404, "BOOK_NOT_FOUND", null, "No book " + BookForm.cut(bookId) + " is known here.");
    }
    if (book.finished() || book.story().plan() == null || book.story().plan().approved()) {
      throw new ApiException(
          409,
          "CONFLICT",
          null,
          "The book is not waiting for its plan to be approved: only a book submitted with"
              + " reviewPlan=true waits, from its plan (BookPlanned, approved false) until it is"
              + " approved.");
    }
    BookPlan plan = plan(body, book.request().chapterCount());
    int revision = book.story().plan().revision() + 1;
    String title =
        plan.title() != null && !plan.title().isBlank() ? plan.title() : book.request().title();
    submitter.approvePlan(
        withPictures(
            plan.event(bookId, revision, title, true, null, System.currentTimeMillis()),
            book.story().plan()));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("bookId", bookId);
    answer.put("planRevision", revision);
    answer.put("book", "/books/" + bookId);
    ctx.status(202).contentType("application/json").result(Json.write(answer));
  }

  /**
   * The approved plan with each beat on the album picture the held plan placed it on (1 where it
   * had no beat): a person edits a plan's words, not where the album's pictures fall.
   */
  static BookPlanned withPictures(BookPlanned approved, BookView.Plan held) {
    Map<Integer, Integer> pictures = new HashMap<>();
    held.beats().forEach(b -> pictures.putIfAbsent(b.chapter(), b.picture()));
    approved.setBeats(
        approved.getBeats().stream()
            .map(
                b ->
                    PlannedBeat.newBuilder(b)
                        .setPicture(pictures.getOrDefault(b.getChapter(), 1))
                        .build())
            .toList());
    return approved;
  }

  private static BookPlan plan(String body, int chapters) {
    try {
      return BookPlan.read(body, chapters);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String field = message.startsWith("the plan") ? null : message.split(" ", 2)[0];
      throw ApiException.invalid(
          field, message.substring(0, 1).toUpperCase(Locale.ROOT) + message.substring(1) + ".");
    }
  }

  /**
   * Takes revision {@code revision} of the book for this request, or answers 409 when the same
   * revision was asked for a moment ago and the read model has not seen it begin yet (two quick
   * clicks, two clients): only one request is published for each revision number.
   */
  private void claim(BookView book, int revision) {
    String bookId = book.bookId();
    // The read model has seen that request (begun, or refused): the number is free again.
    boolean seen = book.revisionEntry(revision).isPresent();
    long now = System.nanoTime();
    if (asked.size() >= MAX_ASKED) {
      asked.values().removeIf(a -> now - a.atNanos() > ASKED_HOLD.toNanos());
    }
    boolean[] taken = {false};
    asked.compute(
        bookId,
        (id, before) -> {
          if (before != null
              && !seen
              && before.revision() == revision
              && now - before.atNanos() < ASKED_HOLD.toNanos()) {
            return before;
          }
          taken[0] = true;
          return new Asked(revision, now);
        });
    if (!taken[0]) {
      throw new ApiException(
          409,
          "CONFLICT",
          null,
          "Revision "
              + revision
              + " of this book was asked for a moment ago and has not begun yet; follow it at"
              + " /books/"
              + BookForm.cut(bookId)
              + "/events.");
    }
  }

  private static RevisionRequest request(Context ctx) {
    requireJson(
        ctx,
        "Send the revision as application/json: {\"fromChapter\": 3, \"instruction\": \"...\"}.");
    JsonNode body = json(bytes(ctx));
    requireObject(body, null, "A revision", FIELDS, "");
    JsonNode from = body.get("fromChapter");
    if (from == null || from.isNull()) {
      throw ApiException.invalid(
          "fromChapter", "fromChapter is missing: the first chapter to change.");
    }
    if (!from.isIntegralNumber() || !from.canConvertToInt()) {
      throw ApiException.invalid(
          "fromChapter",
          "fromChapter is " + BookForm.cut(from.toString()) + "; it must be a whole number.");
    }
    try {
      return new RevisionRequest(
          from.intValue(),
          text(body, "text"),
          text(body, "instruction"),
          text(body, "requestedBy"),
          beats(body.get("beats")));
    } catch (BadInputException e) {
      throw new ApiException(400, e.code(), e.field(), e.getMessage());
    }
  }

  /**
   * A revision's new beats, {@code [{chapter, beat, ending}]}, each as sent: {@link RevisionRule}
   * checks what they say; this, that they are what they must be.
   */
  private static List<PlannedBeat> beats(JsonNode beats) {
    if (beats == null || beats.isNull()) {
      return List.of();
    }
    if (!beats.isArray()) {
      throw ApiException.invalid(
          "beats",
          "beats is a JSON "
              + beats.getNodeType().name().toLowerCase(Locale.ROOT)
              + "; it must be an array of {chapter, beat, ending}.");
    }
    if (beats.size() > MAX_PLAN_CHAPTERS) {
      throw ApiException.invalid(
          "beats",
          "beats has "
              + beats.size()
              + " beats; a book has at most "
              + MAX_PLAN_CHAPTERS
              + " chapters.");
    }
    List<PlannedBeat> given = new ArrayList<>();
    for (int i = 0; i < beats.size(); i++) {
      JsonNode b = beats.get(i);
      String at = "beats[" + i + "]";
      requireObject(
          b, at, "A beat", BEAT_FIELDS, " (a beat keeps its picture: a revision changes words)");
      JsonNode chapter = b.get("chapter");
      if (chapter == null || !chapter.isIntegralNumber() || !chapter.canConvertToInt()) {
        throw ApiException.invalid(
            at + ".chapter",
            at
                + ".chapter is "
                + (chapter == null ? "missing" : BookForm.cut(chapter.toString()))
                + "; it must be the chapter's number.");
      }
      String beat = text(b, "beat", at + ".beat");
      String ending = text(b, "ending", at + ".ending");
      given.add(
          PlannedBeat.newBuilder()
              .setChapter(chapter.intValue())
              .setBeat(beat == null ? "" : beat)
              .setEnding(ending == null ? "" : ending)
              .build());
    }
    return given;
  }

  private static String text(JsonNode body, String field) {
    return text(body, field, field);
  }

  /**
   * Refuses a node that is not a JSON object, or that has a field other than {@code fields}.
   *
   * @param at the node's field, or null for the body
   * @param what what the node is, for the message: "A revision"
   * @param note said after the fields it takes
   */
  private static void requireObject(
      JsonNode node, String at, String what, Set<String> fields, String note) {
    if (!node.isObject()) {
      throw ApiException.invalid(
          at,
          (at == null ? "The body" : at)
              + " is a JSON "
              + node.getNodeType().name().toLowerCase(Locale.ROOT)
              + ", not an object.");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw ApiException.invalid(
            at == null ? name : at + "." + BookForm.cut(name),
            what + " has no field " + BookForm.cut(name) + "; it takes " + fields + note + ".");
      }
    }
  }

  /** The string at {@code key}, or null; {@code field} names it in the error. */
  private static String text(JsonNode body, String key, String field) {
    JsonNode value = body.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ApiException.invalid(
          field,
          field
              + " is a JSON "
              + value.getNodeType().name().toLowerCase(Locale.ROOT)
              + "; it must be a string.");
    }
    return value.textValue();
  }

  private static byte[] bytes(Context ctx) {
    if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw ApiException.invalid(null, "The request body could not be read to its end.");
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(
        413, "TOO_LARGE", null, "The body is over " + MAX_BODY_BYTES + " bytes.");
  }

  /** A body that is not JSON is a 415, with this message. */
  private static void requireJson(Context ctx, String message) {
    String type = String.valueOf(ctx.contentType()).toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/json")) {
      throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", null, message);
    }
  }

  private static JsonNode json(byte[] bytes) {
    String text = MultipartForm.utf8(bytes, null, "The body is not valid UTF-8.");
    try {
      JsonNode node =
          Json.mapper()
              .reader()
              .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .readTree(text);
      if (node == null || node.isMissingNode()) {
        throw ApiException.invalid(null, "The body is empty: send the revision as a JSON object.");
      }
      return node;
    } catch (JsonProcessingException e) {
      // Jackson's message quotes its own internals; say where instead.
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      long column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
      throw ApiException.invalid(
          null, "The body is not JSON (line " + line + ", column " + column + ").");
    }
  }
}
