package io.fablestream.app;

import io.fablestream.app.ImageInput.BadInputException;
import java.util.List;

/**
 * The checks on an album a person hears about before anything is sent (the CLI and the HTTP API
 * make them alike): no more pictures than {@code album.max.pictures} or than the book has chapters,
 * and all of them together under the upload limit, so the request stays under the topic's record
 * limit. The analyzer makes the same checks for any other producer, with the same codes.
 */
public final class Album {
  private Album() {}

  /**
   * Checks the pictures of one book, in order.
   *
   * @param maxPictures {@code album.max.pictures}
   * @param maxBytes {@code api.max.upload.bytes}, the bound on all the pictures' bytes together
   * @throws BadInputException with {@code ALBUM_TOO_LARGE} or {@code
   *     ALBUM_MORE_PICTURES_THAN_CHAPTERS}, naming the limit
   */
  public static void check(
      List<ImageInput> pictures, int chapters, int maxPictures, long maxBytes) {
    int n = pictures.size();
    if (n > maxPictures) {
      throw new BadInputException(
          "ALBUM_TOO_LARGE",
          "image",
          n
              + " pictures were given; a book grows from at most "
              + maxPictures
              + " (album.max.pictures).");
    }
    long bytes = pictures.stream().mapToLong(p -> p.data().length).sum();
    if (n > 1 && bytes > maxBytes) {
      throw new BadInputException(
          "ALBUM_TOO_LARGE",
          "image",
          "The "
              + n
              + " pictures are "
              + bytes
              + " bytes together; the limit for all the pictures of a book is "
              + maxBytes
              + " bytes (api.max.upload.bytes), which keeps the request under the topic's record"
              + " limit. Send smaller pictures (a JPEG of 2000 px a side is plenty).");
    }
    if (n > chapters) {
      throw new BadInputException(
          "ALBUM_MORE_PICTURES_THAN_CHAPTERS",
          "image",
          n
              + " pictures were given for a book of "
              + chapters
              + (chapters == 1 ? " chapter" : " chapters")
              + ", and every picture seeds at least one chapter: ask for at least "
              + n
              + " chapters, or send fewer pictures.");
    }
  }
}
