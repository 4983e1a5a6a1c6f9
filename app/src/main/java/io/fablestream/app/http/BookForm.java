package io.fablestream.app.http;

import io.fablestream.app.Album;
import io.fablestream.app.BookRequest;
import io.fablestream.app.ImageInput;
import io.fablestream.app.ImageInput.BadInputException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The multipart form of {@code POST /books} and {@code POST /generate}: the picture in {@code
 * image} (or the pictures of an album, in several {@code image} fields in order), the book's shape
 * in {@code chapters}, {@code arcLength}, {@code words}, {@code title} and {@code language}, each
 * checked before anything is sent. Every refusal names the field at fault.
 */
final class BookForm {
  static final String IMAGE = "image";
  private static final Set<String> FIELDS =
      Set.of(IMAGE, "chapters", "arcLength", "words", "title", "language", "reviewPlan");

  private final long maxUploadBytes;
  private final int maxPictures;

  BookForm(long maxUploadBytes, int maxPictures) {
    this.maxUploadBytes = maxUploadBytes;
    this.maxPictures = maxPictures;
  }

  /** What a form asks for: the pictures in the order sent, and the book's shape. */
  record Submission(List<ImageInput> pictures, BookRequest request) {}

  /**
   * Reads and checks the form.
   *
   * @throws ApiException naming what is wrong
   */
  Submission read(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new ApiException(
          400,
          "NOT_MULTIPART",
          null,
          "Send the picture as multipart/form-data in a field named image, for example: curl"
              + " -F image=@cat.jpg ...");
    }
    MultipartForm form;
    try {
      form =
          MultipartForm.read(
              type, ctx.req().getInputStream(), IMAGE, maxUploadBytes, maxPictures, FIELDS);
    } catch (IOException e) {
      throw ApiException.invalid(null, "The request body could not be read to its end.");
    }
    List<ImageInput> pictures = pictures(form);
    try {
      BookRequest d = BookRequest.DEFAULTS;
      BookRequest request =
          new BookRequest(
              intField(form, "chapters", d.chapters()),
              intField(form, "arcLength", d.arcLength()),
              intField(form, "words", d.words()),
              form.text("title"),
              form.text("language"),
              boolField(form, "reviewPlan"));
      Album.check(pictures, request.chapters(), maxPictures, maxUploadBytes);
      return new Submission(pictures, request);
    } catch (BadInputException e) {
      throw new ApiException(400, e.code(), e.field(), e.getMessage());
    }
  }

  private List<ImageInput> pictures(MultipartForm form) {
    List<byte[]> files = form.files();
    if (files.isEmpty()) {
      throw new ApiException(
          400,
          "MISSING_IMAGE",
          IMAGE,
          "The multipart field image is missing: curl -F image=@cat.jpg ...");
    }
    List<ImageInput> pictures = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String what = files.size() == 1 ? "The upload" : "Picture " + (i + 1) + " of " + files.size();
      try {
        pictures.add(ImageInput.of(files.get(i), maxUploadBytes, what));
      } catch (BadInputException e) {
        int status = "IMAGE_TOO_LARGE".equals(e.code()) ? 413 : 400;
        throw new ApiException(status, e.code(), IMAGE, e.getMessage());
      }
    }
    return List.copyOf(pictures);
  }

  private static boolean boolField(MultipartForm form, String name) {
    String value = form.text(name);
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "on", "1" -> true;
      case "false", "off", "0" -> false;
      default ->
          throw ApiException.invalid(
              name, name + " is '" + cut(value) + "'; it must be true or false.");
    };
  }

  private static int intField(MultipartForm form, String name, int otherwise) {
    String value = form.text(name);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.invalid(
          name, name + " is '" + cut(value) + "'; it must be a whole number.");
    }
  }

  /** Enough of a value to recognise it by, never all of a long one. */
  static String cut(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "..." : value;
  }
}
