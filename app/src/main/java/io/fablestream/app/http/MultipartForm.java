package io.fablestream.app.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;

/**
 * A multipart/form-data body read with bounds a person hears about by name: the file field (given
 * once, or several times in order for an album) up to its limits, every other field up to {@value
 * #MAX_FIELD_BYTES} bytes and valid UTF-8, only the fields the route knows, each once. Jetty's
 * streaming parser does the framing; this class counts each part's bytes as they come, so an
 * over-long field is refused by its name (the servlet's own parser only says "bad multipart"), and
 * nothing larger than the limits is ever held.
 */
final class MultipartForm {
  /** The most bytes any text field may have. */
  static final int MAX_FIELD_BYTES = 16 * 1024;

  private static final int MAX_TEXT_PARTS = 16;
  private static final int MAX_PART_HEADERS_BYTES = 8 * 1024;

  private final Map<String, byte[]> fields;
  private final Map<String, String> fileNames;
  private final List<byte[]> files;

  private MultipartForm(
      Map<String, byte[]> fields, Map<String, String> fileNames, List<byte[]> files) {
    this.fields = fields;
    this.fileNames = fileNames;
    this.files = files;
  }

  /**
   * Reads a body.
   *
   * @param contentType the request's Content-Type, already known to be multipart/form-data
   * @param body the request body
   * @param fileField the one field that holds a file, given once or up to {@code maxFiles} times
   * @param maxFileBytes the most bytes the file may have, and all the files together
   * @param maxFiles how many times the file field may be given ({@code album.max.pictures})
   * @param known every field the route takes, the file's included
   * @throws ApiException for a body that breaks the format or a bound, naming the field when one is
   *     at fault
   */
  static MultipartForm read(
      String contentType,
      InputStream body,
      String fileField,
      long maxFileBytes,
      int maxFiles,
      Set<String> known)
      throws IOException {
    String boundary = MultiPart.extractBoundary(contentType);
    if (boundary == null || boundary.isEmpty()) {
      throw ApiException.invalid(
          null, "The Content-Type multipart/form-data has no boundary parameter.");
    }
    Collector collector = new Collector(fileField, maxFileBytes, maxFiles, known);
    MultiPart.Parser parser = new MultiPart.Parser(boundary, collector);
    int maxParts = MAX_TEXT_PARTS + maxFiles;
    parser.setMaxParts(maxParts);
    parser.setPartHeadersMaxLength(MAX_PART_HEADERS_BYTES);
    // Bytes outside any part (a preamble, an epilogue) are not kept, but not read forever either.
    long maxBody = maxFileBytes + (long) maxParts * (MAX_FIELD_BYTES + MAX_PART_HEADERS_BYTES);
    long read = 0;
    while (!collector.done) {
      // A fresh buffer each time: the parser may keep a slice of the last chunk.
      byte[] buffer = new byte[16 * 1024];
      int n = body.read(buffer);
      if (n < 0) {
        parser.parse(Content.Chunk.from(ByteBuffer.allocate(0), true));
        break;
      }
      read += n;
      if (read > maxBody) {
        throw new ApiException(
            413, "TOO_LARGE", null, "The request body is over " + maxBody + " bytes.");
      }
      parser.parse(Content.Chunk.from(ByteBuffer.wrap(buffer, 0, n), false));
      collector.rethrow();
    }
    collector.rethrow();
    if (!collector.complete) {
      throw ApiException.invalid(
          null, "The multipart body ends before its closing boundary: it was cut short.");
    }
    return new MultipartForm(
        collector.fields, collector.fileNames, collector.nameless ? List.of() : collector.files);
  }

  /**
   * Every file the file field held, in the order sent; empty when none, or when one of them was
   * sent as a text field (without a filename): the form then has no picture it can trust.
   */
  List<byte[]> files() {
    return List.copyOf(files);
  }

  /** A field's bytes, or null when it was not sent. */
  byte[] bytes(String name) {
    return fields.get(name);
  }

  /** Whether the field was sent as a file (with a filename). */
  boolean isFile(String name) {
    return fileNames.containsKey(name);
  }

  /**
   * A text field, or null when it was not sent.
   *
   * @throws ApiException when its bytes are not UTF-8
   */
  String text(String name) {
    byte[] bytes = fields.get(name);
    if (bytes == null) {
      return null;
    }
    return utf8(bytes, name, name + " is not valid UTF-8 text.");
  }

  /**
   * The bytes as UTF-8 text, refused when they are not UTF-8 (never decoded with replacement
   * characters).
   *
   * @throws ApiException 400 naming the field, with this message
   */
  static String utf8(byte[] bytes, String field, String message) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.invalid(field, message);
    }
  }

  /** Gathers the parts as the parser finds them, refusing at once what breaks a bound. */
  private static final class Collector implements MultiPart.Parser.Listener {
    private final String fileField;
    private final long maxFileBytes;
    private final int maxFiles;
    private final Set<String> known;
    private final List<byte[]> files = new ArrayList<>();
    private long fileBytes;
    private boolean nameless;
    private final Map<String, byte[]> fields = new LinkedHashMap<>();
    private final Map<String, String> fileNames = new LinkedHashMap<>();
    private String name;
    private String fileName;
    private ByteArrayOutputStream content;
    private boolean complete;
    private boolean done;
    private ApiException failure;

    Collector(String fileField, long maxFileBytes, int maxFiles, Set<String> known) {
      this.fileField = fileField;
      this.maxFileBytes = maxFileBytes;
      this.maxFiles = maxFiles;
      this.known = known;
    }

    @Override
    public void onPartBegin() {
      name = null;
      fileName = null;
      content = new ByteArrayOutputStream();
    }

    @Override
    public void onPartHeader(String header, String value) {
      if ("content-disposition".equalsIgnoreCase(header)) {
        name = parameter(value, "name");
        fileName = parameter(value, "filename");
      }
    }

    @Override
    public void onPartHeaders() {
      if (name == null || name.isEmpty()) {
        fail(ApiException.invalid(null, "A part of the form has no Content-Disposition name."));
      } else if (!known.contains(name)) {
        fail(
            ApiException.invalid(
                name, "The form has no field " + cut(name) + "; it takes " + known + "."));
      } else if (name.equals(fileField) && files.size() >= maxFiles) {
        fail(
            new ApiException(
                400,
                "ALBUM_TOO_LARGE",
                name,
                "The form has more than "
                    + maxFiles
                    + " pictures; a book grows from at most "
                    + maxFiles
                    + " (album.max.pictures)."));
      } else if (fields.containsKey(name) && !name.equals(fileField)) {
        fail(ApiException.invalid(name, name + " is given twice."));
      }
    }

    @Override
    public void onPartContent(Content.Chunk chunk) {
      if (done) {
        return;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      boolean file = name.equals(fileField);
      long max = file ? maxFileBytes : MAX_FIELD_BYTES;
      if (content.size() + (long) bytes.remaining() > max) {
        fail(
            file
                ? new ApiException(
                    413,
                    "IMAGE_TOO_LARGE",
                    name,
                    "The upload is over the limit of "
                        + maxFileBytes
                        + " bytes (api.max.upload.bytes).")
                : ApiException.invalid(
                    name, name + " is over " + MAX_FIELD_BYTES + " bytes; it is far too long."));
        return;
      }
      if (file && fileBytes + content.size() + (long) bytes.remaining() > maxFileBytes) {
        fail(
            new ApiException(
                413,
                "ALBUM_TOO_LARGE",
                name,
                "The pictures are over the limit of "
                    + maxFileBytes
                    + " bytes together (api.max.upload.bytes), which keeps the request under the"
                    + " topic's record limit. Send smaller pictures."));
        return;
      }
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(copy);
      content.writeBytes(copy);
    }

    @Override
    public void onPartEnd() {
      if (done) {
        return;
      }
      byte[] bytes = content.toByteArray();
      if (name.equals(fileField)) {
        if (fileName == null) {
          nameless = true;
          return;
        }
        files.add(bytes);
        fileBytes += bytes.length;
      }
      fields.putIfAbsent(name, bytes);
      if (fileName != null) {
        fileNames.putIfAbsent(name, fileName);
      }
    }

    @Override
    public void onComplete() {
      complete = true;
      done = true;
    }

    @Override
    public void onFailure(Throwable cause) {
      // The parser's own words name its internals; the person needs to hear what is wrong.
      fail(
          ApiException.invalid(
              null, "The body is not multipart/form-data as its Content-Type says (RFC 7578)."));
    }

    private void fail(ApiException e) {
      if (failure == null) {
        failure = e;
      }
      done = true;
    }

    void rethrow() {
      if (failure != null) {
        throw failure;
      }
    }

    /** A parameter of a Content-Disposition value, quoted or not; null when absent. */
    static String parameter(String disposition, String parameter) {
      for (String piece : disposition.split(";")) {
        String p = piece.strip();
        int eq = p.indexOf('=');
        if (eq > 0 && p.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals(parameter)) {
          String v = p.substring(eq + 1).strip();
          return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
              ? v.substring(1, v.length() - 1)
              : v;
        }
      }
      return null;
    }

    private static String cut(String s) {
      return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
  }
}
