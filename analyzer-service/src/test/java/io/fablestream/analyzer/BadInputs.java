package io.fablestream.analyzer;

import static io.fablestream.schemas.FailureReason.IMAGE_TOO_LARGE;
import static io.fablestream.schemas.FailureReason.IMAGE_UNREADABLE;
import static io.fablestream.schemas.FailureReason.IMAGE_UNSUPPORTED;
import static io.fablestream.schemas.FailureReason.IMAGE_URI_REJECTED;
import static io.fablestream.schemas.FailureReason.IMAGE_URI_UNREACHABLE;
import static io.fablestream.schemas.FailureReason.INVALID_REQUEST;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.schemas.FailureReason;
import io.fablestream.schemas.Stage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The bad-input corpus: every way a request can be wrong that we thought of, from the wire bytes to
 * the image bytes, each with the one outcome it must have. docs/bad-inputs.md is this list as a
 * table.
 */
final class BadInputs {
  static final String BAD = "bad";
  static final Instant SUBMITTED = Instant.parse("2025-06-01T11:59:00Z");

  /** Where the file: cases point: the configured base directory and a directory outside it. */
  record Files(Path base, Path outside) {
    String uri(Path path) {
      return path.toUri().toString();
    }
  }

  /** What is put on fablestream.images.submitted. */
  sealed interface Input {
    String key();
  }

  /** A value our serde writes. */
  record Request(String key, ImageSubmitted value) implements Input {}

  /** Value bytes as they are, or null for a tombstone. */
  record Raw(String key, byte[] value) implements Input {}

  /** What the analyzer must do with the input. */
  sealed interface Outcome {}

  /** Exactly one BookFailed under key, with this stage and reason and a message saying this. */
  record Fails(String key, Stage stage, FailureReason reason, String says) implements Outcome {}

  /** Exactly one AnalysisReady: the input is odd but harmless, and documented as accepted. */
  record Accepted() implements Outcome {}

  /**
   * The value cannot be read as an ImageSubmitted at all: no event; the deserialization handler
   * logs it and the service goes on with the next record (in production it also goes to the
   * dead-letter topic).
   */
  record Skipped() implements Outcome {}

  /** One case: a name that says what it is, how to make the input, what must come of it. */
  record Case(String name, Function<Files, Input> input, Outcome outcome) {
    @Override
    public String toString() {
      return name;
    }
  }

  private BadInputs() {}

  /** A request that works: the analyzer answers it with AnalysisReady. */
  static ImageSubmitted good(String bookId) {
    return request(bookId, inline("image/png", goodPng()));
  }

  static byte[] goodPng() {
    return TestImages.encode(TestImages.noisy(96, 64, 7), "png");
  }

  static List<Case> all() {
    List<Case> c = new ArrayList<>();

    // The image bytes: not an image, whatever the content type says.
    c.add(bytes("zero bytes", new byte[0], fails(IMAGE_UNREADABLE, "empty (0 bytes)")));
    c.add(bytes("one byte", new byte[] {(byte) 0x89}, fails(IMAGE_UNREADABLE, "starts with 89")));
    c.add(
        bytes(
            "text declared image/png",
            ascii("hello, this is not a picture"),
            fails(IMAGE_UNREADABLE, "starts with 68 65 6C 6C 6F")));
    c.add(bytes("a PDF", pdf(), fails(IMAGE_UNREADABLE, "starts with 25 50 44 46")));
    c.add(bytes("an HTML page", html(), fails(IMAGE_UNREADABLE, "starts with 3C 21 44 4F")));
    c.add(
        bytes(
            "an SVG with an external entity declared image/png",
            svg(),
            fails(IMAGE_UNREADABLE, "starts with 3C 3F 78 6D 6C")));
    c.add(bytes("an ELF executable", elf(), fails(IMAGE_UNREADABLE, "starts with 7F 45 4C 46")));
    c.add(bytes("a ZIP archive", zip(), fails(IMAGE_UNREADABLE, "starts with 50 4B 03 04")));
    c.add(bytes("a HEIC photo", heic(), fails(IMAGE_UNSUPPORTED, "HEIC/HEIF")));

    // Damaged images.
    c.add(
        bytes(
            "a PNG cut off halfway",
            halfOf(goodPng()),
            fails(IMAGE_UNREADABLE, "PNG image cannot be read")));
    c.add(
        bytes(
            "the shared sample truncated.jpg",
            TestImages.sample("truncated.jpg"),
            fails(IMAGE_UNREADABLE, "JPEG image cannot be read")));
    c.add(
        bytes(
            "a PNG whose IDAT CRC is wrong",
            withBadCrc(goodPng(), "IDAT"),
            fails(IMAGE_UNREADABLE, "its IDAT chunk fails its CRC check")));
    c.add(
        bytes(
            "a PNG whose tEXt CRC is wrong (ancillary chunks are not checked)",
            withBadCrc(withTextChunk(goodPng(), "Title", "The Cat"), "tEXt"),
            new Accepted()));
    c.add(
        bytes(
            "a PNG whose compressed pixels are scrambled (CRC fixed up)",
            withScrambledIdat(goodPng()),
            fails(IMAGE_UNREADABLE, "PNG image cannot be read")));

    // Bombs: headers claiming sizes no pixel of which is ever decoded.
    c.add(
        bytes(
            "a PNG header claiming 100000 x 100000 (pixel bomb)",
            TestImages.pngHeaderClaiming(100_000, 100_000),
            fails(IMAGE_TOO_LARGE, "100000 x 100000")));
    c.add(
        bytes(
            "a GIF claiming 65535 x 65535",
            gifClaiming(65_535, 65_535),
            fails(IMAGE_TOO_LARGE, "65535 x 65535")));
    c.add(
        bytes(
            "a JPEG whose SOF claims 65500 x 65500",
            jpegClaiming(65_500, 65_500),
            fails(IMAGE_TOO_LARGE, "65500 x 65500")));
    c.add(
        bytes(
            "an RLE-compressed BMP claiming 10000 x 10000 in 66 bytes",
            rleBmpClaiming(10_000, 10_000),
            fails(IMAGE_TOO_LARGE, "10000 x 10000")));
    c.add(
        bytes(
            "an uncompressed BMP header claiming 100000 x 100000 with no pixels",
            bmpClaiming(100_000, 100_000),
            fails(IMAGE_UNREADABLE, "BMP image cannot be read")));
    c.add(
        bytes(
            "inline data one byte over the 20 MB limit",
            overTheByteLimit(),
            fails(IMAGE_TOO_LARGE, "larger than the limit of 20971520 bytes")));

    // Polyglots.
    c.add(
        bytes(
            "a GIF header that is also JavaScript (GIF89a/*...*/=alert())",
            gifJavaScriptPolyglot(),
            fails(IMAGE_UNREADABLE, "GIF image cannot be read")));
    c.add(
        bytes(
            "a valid GIF with a ZIP appended (GIFAR)",
            concat(TestImages.encode(TestImages.marked(32, 32), "gif"), zip()),
            new Accepted()));
    c.add(
        bytes(
            "a valid PNG with a PHP script after IEND",
            concat(goodPng(), ascii("<?php system($_GET['c']); ?>")),
            new Accepted()));
    c.add(
        bytes(
            "a valid PNG with a script in a tEXt chunk",
            withTextChunk(goodPng(), "Comment", "<script>alert(1)</script>"),
            new Accepted()));
    c.add(
        request(
            "a JPEG declared image/gif (the content type is advisory)",
            r ->
                r.setImage(
                    inline("image/gif", TestImages.encode(TestImages.marked(64, 48), "jpeg"))),
            new Accepted()));

    // Where the image is: both, neither, and URIs that must not be followed.
    c.add(
        request(
            "both data and uri",
            r -> r.setImage(new ImageRef("image/png", ByteBuffer.wrap(goodPng()), "file:///x.png")),
            fails(INVALID_REQUEST, "image has both data and uri")));
    c.add(
        request(
            "neither data nor uri",
            r -> r.setImage(new ImageRef("image/png", null, null)),
            fails(INVALID_REQUEST, "image has neither data nor uri")));
    c.add(uri("a blank uri", f -> "   ", fails(INVALID_REQUEST, "image.uri is empty")));
    c.add(
        uri(
            "a file: URI outside the base directory",
            f -> f.uri(f.outside().resolve("secret.png")),
            fails(IMAGE_URI_REJECTED, "points outside the image directory")));
    c.add(
        uri(
            "a file: URI climbing out with ../",
            f -> f.uri(f.base()) + "../outside/secret.png",
            fails(IMAGE_URI_REJECTED, "points outside the image directory")));
    c.add(
        uri(
            "a file: URI climbing out with %2e%2e/",
            f -> f.uri(f.base()) + "%2e%2e/outside/secret.png",
            fails(IMAGE_URI_REJECTED, "points outside the image directory")));
    c.add(
        uri(
            "file:///etc/passwd",
            f -> "file:///etc/passwd",
            fails(IMAGE_URI_REJECTED, "points outside the image directory")));
    c.add(
        uri(
            "a file: URI to a symlink in the base directory pointing outside",
            f -> f.uri(f.base().resolve("escape.png")),
            fails(IMAGE_URI_REJECTED, "points outside the image directory")));
    c.add(
        uri(
            "a file: URI to a directory",
            f -> f.uri(f.base().resolve("album")),
            fails(IMAGE_URI_UNREACHABLE, "is not a regular file")));
    c.add(
        uri(
            "a file: URI to a missing file",
            f -> f.uri(f.base().resolve("missing.png")),
            fails(IMAGE_URI_UNREACHABLE, "There is no file")));
    c.add(
        uri(
            "a file: URI with a host (a network share)",
            f -> "file://attacker.example/share/cat.png",
            fails(IMAGE_URI_REJECTED, "is not a local file path")));
    c.add(
        uri(
            "a file: URI to a 20 MB + 1 byte file",
            f -> f.uri(f.base().resolve("huge.png")),
            fails(IMAGE_TOO_LARGE, "larger than the limit of 20971520 bytes")));
    c.add(
        uri(
            "an http URI to a host not allowed",
            f -> "http://evil.example/cat.png",
            fails(IMAGE_URI_REJECTED, "evil.example is not one this server reads images from")));
    for (String internal :
        List.of(
            "127.0.0.1",
            "169.254.169.254",
            "[::1]",
            "localhost",
            "0.0.0.0",
            "10.1.2.3",
            "images.example.com@127.0.0.1")) {
      c.add(
          uri(
              "an http URI to " + internal + " (allowed by name, internal by address)",
              f -> "http://" + internal + "/latest/meta-data/",
              fails(IMAGE_URI_REJECTED, "resolves to the internal address")));
    }
    c.add(
        uri(
            "an http URI to 2130706433 (127.0.0.1 as one number)",
            f -> "http://2130706433/cat.png",
            fails(IMAGE_URI_REJECTED, "2130706433 is not one this server reads images from")));
    for (String other :
        List.of(
            "ftp://images.example.com/cat.png",
            "jar:file:///tmp/x.jar!/cat.png",
            "data:image/png;base64,iVBORw0KGgo=",
            "gopher://127.0.0.1:6379/_FLUSHALL",
            "/etc/passwd")) {
      c.add(
          uri(
              "the URI " + other,
              f -> other,
              fails(IMAGE_URI_REJECTED, "only file: and http(s): URIs are read")));
    }
    c.add(
        uri(
            "a URI that does not parse",
            f -> "http://exa mple.com/cat.png",
            fails(IMAGE_URI_REJECTED, "is not a valid URI")));
    c.add(
        uri(
            "a URI of 100000 characters",
            f -> "http://images.example.com/" + "a".repeat(100_000 - 26),
            fails(INVALID_REQUEST, "image.uri is 100000 characters long; it may have at most")));

    // Absurd parameters.
    for (int chapters : new int[] {0, 101, -1, Integer.MAX_VALUE}) {
      c.add(
          request(
              "chapterCount " + chapters,
              r -> r.setChapterCount(chapters),
              fails(
                  INVALID_REQUEST, "chapterCount is " + chapters + "; it must be from 1 to 100")));
    }
    for (int arc : new int[] {0, Integer.MIN_VALUE}) {
      c.add(
          request(
              "arcLength " + arc,
              r -> r.setArcLength(arc),
              fails(INVALID_REQUEST, "arcLength is " + arc + "; it must be at least 1")));
    }
    for (int words : new int[] {49, 5001, Integer.MIN_VALUE}) {
      c.add(
          request(
              "wordsPerChapter " + words,
              r -> r.setWordsPerChapter(words),
              fails(INVALID_REQUEST, "wordsPerChapter is " + words + "; it must be from 50")));
    }
    c.add(
        request(
            "every parameter wrong at once",
            r -> {
              r.setChapterCount(0);
              r.setArcLength(0);
              r.setWordsPerChapter(0);
            },
            fails(INVALID_REQUEST, "chapterCount is 0; it must be from 1 to 100; arcLength is 0")));
    c.add(
        request(
            "submittedAt at the earliest instant Avro can carry",
            r -> r.setSubmittedAt(Instant.ofEpochMilli(Long.MIN_VALUE)),
            new Accepted()));

    // Strings: too long, not UTF-8, blank, control characters.
    c.add(
        request(
            "a title of 1 MB",
            r -> r.setTitle("x".repeat(1 << 20)),
            fails(INVALID_REQUEST, "title is 1048576 characters long; it may have at most 200")));
    c.add(
        raw(
            "a title that is not valid UTF-8 (C3 28 FF FE)",
            BAD,
            HandWrittenAvro.imageSubmitted(
                ascii(BAD),
                new byte[] {'T', (byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE},
                goodPng()),
            fails(INVALID_REQUEST, "title is not valid UTF-8 text")));
    c.add(
        request(
            "a requestedBy of 1 MB",
            r -> r.setRequestedBy("x".repeat(1 << 20)),
            fails(INVALID_REQUEST, "requestedBy is 1048576 characters long")));
    String tenThousand = "b".repeat(10_000);
    c.add(
        request(
            "a bookId of 10000 characters",
            r -> r.setBookId(tenThousand),
            new Fails(
                tenThousand,
                Stage.SUBMIT,
                INVALID_REQUEST,
                "bookId is 10000 characters long; it may have at most 200")));
    String huge = "h".repeat(500_000);
    c.add(
        request(
            "a bookId of 500000 characters",
            r -> r.setBookId(huge),
            new Fails(
                huge.substring(0, AnalyzerProcessor.MAX_ANSWER_KEY),
                Stage.SUBMIT,
                INVALID_REQUEST,
                "bookId is 500000 characters long")));
    c.add(
        request(
            "a bookId with a line break and an escape character",
            r -> r.setBookId("bad\n\u001b[31mFORGED LOG LINE"),
            new Fails(
                "bad\n\u001b[31mFORGED LOG LINE",
                Stage.SUBMIT,
                INVALID_REQUEST,
                "bookId contains control characters")));
    c.add(
        raw(
            "a bookId that is not valid UTF-8",
            BAD,
            HandWrittenAvro.imageSubmitted(
                new byte[] {'b', (byte) 0xFF, 'd'}, ascii("The Cat"), goodPng()),
            new Fails(
                "b\uFFFDd", Stage.SUBMIT, INVALID_REQUEST, "bookId is not valid UTF-8 text")));
    c.add(
        request(
            "a blank bookId",
            r -> r.setBookId("  "),
            new Fails("key-of-blank", Stage.SUBMIT, INVALID_REQUEST, "bookId is empty"),
            "key-of-blank"));
    c.add(
        request(
            "a contentType of 5000 characters",
            r ->
                r.setImage(
                    new ImageRef("image/" + "p".repeat(4994), ByteBuffer.wrap(goodPng()), null)),
            fails(INVALID_REQUEST, "image.contentType is 5000 characters long")));

    // The wire: values that are not an ImageSubmitted at all.
    c.add(
        raw(
            "a tombstone (key, no value)",
            BAD,
            null,
            fails(INVALID_REQUEST, "The record has a key but no value")));
    c.add(raw("an empty value (0 bytes)", BAD, new byte[0], new Skipped()));
    c.add(raw("JSON instead of Avro", BAD, ascii("{\"bookId\": \"bad\"}"), new Skipped()));
    c.add(
        raw(
            "Avro with an unknown schema fingerprint",
            BAD,
            HandWrittenAvro.value(0x1122334455667788L).string(ascii(BAD)).bytes(),
            new Skipped()));
    c.add(
        raw(
            "an ImageSubmitted body cut off in the image",
            BAD,
            cutOff(HandWrittenAvro.imageSubmitted(ascii(BAD), ascii("T"), goodPng())),
            new Skipped()));
    c.add(
        raw(
            "a 31-byte ImageSubmitted whose image.data claims 1 GiB",
            BAD,
            HandWrittenAvro.value(HandWrittenAvro.IMAGE_SUBMITTED_FINGERPRINT)
                .string(ascii(BAD))
                .varLong(0)
                .string(ascii("image/png"))
                .varLong(1)
                .varLong(1L << 30)
                .bytes(),
            new Skipped()));
    c.add(
        raw(
            "a string length that is negative",
            BAD,
            HandWrittenAvro.value(HandWrittenAvro.IMAGE_SUBMITTED_FINGERPRINT).varLong(-5).bytes(),
            new Skipped()));
    // The book's language: a BCP 47 tag naming a known language.
    c.add(
        request(
            "a language that is not a BCP 47 tag",
            r -> r.setLanguage("english please"),
            fails(INVALID_REQUEST, "language 'english please' is not a BCP 47 tag")));
    c.add(
        request(
            "a language tag naming no known language",
            r -> r.setLanguage("qq"),
            fails(INVALID_REQUEST, "language 'qq' names no known language")));
    c.add(
        request(
            "an empty language",
            r -> r.setLanguage(""),
            fails(INVALID_REQUEST, "language is empty")));
    c.add(
        request(
            "a language of 10000 characters",
            r -> r.setLanguage("e".repeat(10_000)),
            fails(INVALID_REQUEST, "language is 10000 characters long")));
    c.add(request("a language with a region (pt-BR)", r -> r.setLanguage("pt-BR"), new Accepted()));
    return c;
  }

  // Case makers.

  private static Fails fails(FailureReason reason, String says) {
    Stage stage = reason == INVALID_REQUEST ? Stage.SUBMIT : Stage.ANALYZE;
    return new Fails(BAD, stage, reason, says);
  }

  private static Case bytes(String name, byte[] data, Outcome outcome) {
    return request(name, r -> r.setImage(inline("image/png", data)), outcome);
  }

  private static Case uri(String name, Function<Files, String> uri, Outcome outcome) {
    return new Case(
        name,
        f -> {
          ImageSubmitted r = good(BAD);
          r.setImage(new ImageRef("image/png", null, uri.apply(f)));
          return new Request(BAD, r);
        },
        outcome);
  }

  private static Case request(String name, Consumer<ImageSubmitted> change, Outcome outcome) {
    return request(name, change, outcome, BAD);
  }

  private static Case request(
      String name, Consumer<ImageSubmitted> change, Outcome outcome, String key) {
    return new Case(
        name,
        f -> {
          ImageSubmitted r = good(BAD);
          change.accept(r);
          return new Request(key, r);
        },
        outcome);
  }

  private static Case raw(String name, String key, byte[] value, Outcome outcome) {
    return new Case(name, f -> new Raw(key, value), outcome);
  }

  static ImageSubmitted request(String bookId, ImageRef image) {
    return ImageSubmitted.newBuilder()
        .setBookId(bookId)
        .setSubmittedAt(SUBMITTED)
        .setImage(image)
        .setTitle("The Cat")
        .setChapterCount(7)
        .setArcLength(3)
        .setWordsPerChapter(400)
        .setRequestedBy("ana")
        .build();
  }

  static ImageRef inline(String contentType, byte[] data) {
    return new ImageRef(contentType, ByteBuffer.wrap(data), null);
  }

  // Bad files.

  private static byte[] pdf() {
    return ascii(
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R"
            + " >>\n%%EOF\n");
  }

  private static byte[] html() {
    return ascii(
        "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>");
  }

  private static byte[] svg() {
    return ascii(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\">"
            + "<text>&xxe;</text><rect width=\"64\" height=\"64\" fill=\"red\"/></svg>");
  }

  private static byte[] elf() {
    byte[] elf = new byte[64];
    System.arraycopy(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0}, 0, elf, 0, 8);
    elf[16] = 2; // ET_EXEC
    elf[18] = 0x3E; // x86-64
    return elf;
  }

  static byte[] zip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("payload.js"));
      zip.write(ascii("alert(document.domain);"));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] heic() {
    ByteBuffer box = ByteBuffer.allocate(24);
    box.putInt(24).put(ascii("ftyp")).put(ascii("heic")).putInt(0);
    box.put(ascii("mif1")).put(ascii("heic"));
    return box.array();
  }

  private static byte[] halfOf(byte[] data) {
    return Arrays.copyOf(data, data.length / 2);
  }

  private static byte[] cutOff(byte[] data) {
    return Arrays.copyOf(data, data.length - 100);
  }

  private static byte[] overTheByteLimit() {
    byte[] data = new byte[20 * 1024 * 1024 + 1];
    System.arraycopy(goodPng(), 0, data, 0, 8);
    return data;
  }

  /** The offset of the first chunk of the type (its length field) in a PNG. */
  private static int chunk(byte[] png, String type) {
    int at = 8;
    while (at + 8 <= png.length) {
      int length = ByteBuffer.wrap(png, at, 4).getInt();
      if (new String(png, at + 4, 4, US_ASCII).equals(type)) {
        return at;
      }
      at += 12 + length;
    }
    throw new IllegalArgumentException("no " + type + " chunk");
  }

  private static byte[] withBadCrc(byte[] png, String type) {
    byte[] out = png.clone();
    int at = chunk(out, type);
    int crc = at + 8 + ByteBuffer.wrap(out, at, 4).getInt();
    out[crc] ^= (byte) 0xFF;
    return out;
  }

  private static byte[] withScrambledIdat(byte[] png) {
    byte[] out = png.clone();
    int at = chunk(out, "IDAT");
    int length = ByteBuffer.wrap(out, at, 4).getInt();
    for (int i = at + 8 + 2; i < at + 8 + length; i += 7) {
      out[i] ^= (byte) 0x5A; // every 7th byte of the deflate stream, past its 2-byte header
    }
    CRC32 crc = new CRC32();
    crc.update(out, at + 4, 4 + length);
    ByteBuffer.wrap(out, at + 8 + length, 4).putInt((int) crc.getValue());
    return out;
  }

  private static byte[] withTextChunk(byte[] png, String keyword, String text) {
    int iend = chunk(png, "IEND");
    byte[] data = concat(ascii(keyword), new byte[] {0}, text.getBytes(UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, iend);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(ascii("tEXt"));
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(ascii("tEXt"));
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    out.write(png, iend, png.length - iend);
    return out.toByteArray();
  }

  /** A GIF whose screen and only image claim the size, with one byte of pixel data. */
  private static byte[] gifClaiming(int width, int height) {
    ByteBuffer gif = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    gif.put(ascii("GIF89a"));
    gif.putShort((short) width).putShort((short) height).put((byte) 0).put((byte) 0).put((byte) 0);
    gif.put((byte) 0x2C).putShort((short) 0).putShort((short) 0);
    gif.putShort((short) width).putShort((short) height).put((byte) 0);
    gif.put((byte) 2).put((byte) 2).put((byte) 0x4C).put((byte) 0x01).put((byte) 0);
    gif.put((byte) 0x3B);
    return Arrays.copyOf(gif.array(), gif.position());
  }

  /**
   * Valid JavaScript that starts with a GIF header: {@code GIF89a} is a name, {@code /*} opens a
   * comment over the binary part; as a GIF its screen is 10799 x 10 and then it makes no sense.
   */
  private static byte[] gifJavaScriptPolyglot() {
    return concat(
        ascii("GIF89a/*"),
        new byte[] {0x0A, 0x00, 0x00, 0x00, 0x00},
        ascii("*/=1;alert(document.domain);//"));
  }

  /** A real small JPEG whose SOF0 is changed to claim the size. */
  private static byte[] jpegClaiming(int width, int height) {
    byte[] jpeg = TestImages.encode(TestImages.noisy(16, 16, 3), "jpeg");
    for (int i = 2; i + 9 < jpeg.length; i++) {
      if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
        ByteBuffer.wrap(jpeg, i + 5, 4).putShort((short) height).putShort((short) width);
        return jpeg;
      }
    }
    throw new IllegalStateException("no SOF0 in the JPEG");
  }

  /** A BMP file and info header claiming the size, 24 bits a pixel, and no pixels. */
  private static byte[] bmpClaiming(int width, int height) {
    ByteBuffer bmp = ByteBuffer.allocate(54).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    bmp.put(ascii("BM")).putInt(54).putInt(0).putInt(54);
    bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24);
    bmp.putInt(0).putInt(0).putInt(2835).putInt(2835).putInt(0).putInt(0);
    return bmp.array();
  }

  /** An 8-bit RLE BMP with a two-colour palette claiming the size: its pixels are one end code. */
  private static byte[] rleBmpClaiming(int width, int height) {
    int offset = 14 + 40 + 8;
    ByteBuffer bmp = ByteBuffer.allocate(offset + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    bmp.put(ascii("BM")).putInt(offset + 4).putInt(0).putInt(offset);
    bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 8);
    bmp.putInt(1).putInt(4).putInt(2835).putInt(2835).putInt(2).putInt(0); // BI_RLE8
    bmp.putInt(0x000000).putInt(0xFFFFFF); // the palette: black, white
    bmp.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 1); // end of line, end of bitmap
    return bmp.array();
  }

  static byte[] ascii(String s) {
    return s.getBytes(US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
