package io.fablestream.app.http;

import io.fablestream.app.BookRequest;
import io.fablestream.app.ImageInput;
import io.fablestream.app.ImageInput.BadInputException;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The multipart form of {@code POST /books} and {@code POST /generate}: the picture in {@code
 * image}, the book's shape in {@code chapters}, {@code arcLength}, {@code words} and {@code title},
 * each checked before anything is sent.
 */
final class BookForm {
  private final long maxUploadBytes;

  BookForm(long maxUploadBytes) {
    this.maxUploadBytes = maxUploadBytes;
  }

  /** What a form asks for. */
  record Submission(ImageInput image, BookRequest request) {}

  /**
   * Reads and checks the form.
   *
   * @throws BadInputException naming what is wrong
   */
  Submission read(Context ctx) {
    ImageInput image = image(ctx);
    return new Submission(image, request(ctx));
  }

  private ImageInput image(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      throw new BadInputException(
          "NOT_MULTIPART",
          "Send the picture as multipart/form-data in a field named image, for example: curl"
              + " -F image=@cat.jpg ...");
    }
    UploadedFile file = ctx.uploadedFile("image");
    if (file == null) {
      throw new BadInputException(
          "MISSING_IMAGE", "The multipart field image is missing: curl -F image=@cat.jpg ...");
    }
    if (file.size() > maxUploadBytes) {
      throw new BadInputException(
          "IMAGE_TOO_LARGE",
          "The upload is " + file.size() + " bytes; the limit is " + maxUploadBytes + " bytes.");
    }
    try (InputStream in = file.content()) {
      return ImageInput.of(in.readAllBytes(), maxUploadBytes, "The upload");
    } catch (IOException e) {
      throw new BadInputException("UNREADABLE_UPLOAD", "Cannot read the upload: " + e);
    }
  }

  private static BookRequest request(Context ctx) {
    BookRequest d = BookRequest.DEFAULTS;
    return new BookRequest(
        intField(ctx, "chapters", d.chapters()),
        intField(ctx, "arcLength", d.arcLength()),
        intField(ctx, "words", d.words()),
        ctx.formParam("title"));
  }

  private static int intField(Context ctx, String name, int otherwise) {
    String value = ctx.formParam(name);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new BadInputException(
          "INVALID_REQUEST", name + " is '" + value + "'; it must be a whole number.");
    }
  }
}
