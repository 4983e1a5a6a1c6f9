package io.fablestream.analyzer;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.schemas.FailureReason;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What the analyzer refuses of an album, and how it says it: too many pictures, more pictures than
 * chapters, a picture refused at intake (its code mapped to the album's, the message naming its
 * place, "Picture 3 of 4: ..."), and a picture given twice. Each refusal is a value; the processor
 * fails the book with it.
 */
final class AlbumChecks {
  private AlbumChecks() {}

  /** The request's pictures in order: its image, then its album. */
  static List<ImageRef> pictures(ImageSubmitted request) {
    List<ImageRef> pictures = new ArrayList<>();
    pictures.add(request.getImage());
    if (request.getAlbum() != null) {
      pictures.addAll(request.getAlbum());
    }
    return pictures;
  }

  /**
   * Why an album of {@code n} pictures cannot be a book of {@code chapters} chapters, before any
   * picture is read: more than {@code album.max.pictures}, or more pictures than chapters (every
   * picture seeds at least one chapter).
   */
  static Optional<IntakeResult.Refused> refused(int n, int chapters, int maxPictures) {
    if (n > maxPictures) {
      return Optional.of(
          new IntakeResult.Refused(
              FailureReason.ALBUM_TOO_LARGE,
              "The album has "
                  + n
                  + " pictures (the image and "
                  + (n - 1)
                  + " more); a book grows from at most "
                  + maxPictures
                  + " (album.max.pictures). Submit fewer pictures, or split them into several"
                  + " books."));
    }
    if (n > chapters) {
      return Optional.of(
          new IntakeResult.Refused(
              FailureReason.ALBUM_MORE_PICTURES_THAN_CHAPTERS,
              "The album has "
                  + n
                  + " pictures for a book of "
                  + chapters
                  + (chapters == 1 ? " chapter" : " chapters")
                  + ", and every picture is the seed of at least one chapter. Ask for at least "
                  + n
                  + " chapters, or submit fewer pictures."));
    }
    return Optional.empty();
  }

  /**
   * Picture k of n refused at intake, as the album's refusal: an unreadable or unsupported picture
   * is {@code ALBUM_PICTURE_UNREADABLE}, a URI refused or unreachable {@code
   * ALBUM_PICTURE_URI_FAILED}, anything else keeps its code (a picture too large says which limit).
   */
  static IntakeResult.Refused picture(int k, int n, IntakeResult.Refused refused) {
    FailureReason reason =
        switch (refused.reason()) {
          case IMAGE_UNREADABLE, IMAGE_UNSUPPORTED -> FailureReason.ALBUM_PICTURE_UNREADABLE;
          case IMAGE_URI_REJECTED, IMAGE_URI_UNREACHABLE -> FailureReason.ALBUM_PICTURE_URI_FAILED;
          default -> refused.reason();
        };
    return new IntakeResult.Refused(reason, place(k, n) + refused.message());
  }

  /** A vision failure of picture k of n, its message naming the picture. */
  static String placed(int k, int n, String message) {
    return place(k, n) + message;
  }

  /** Picture k of n is the same picture as picture {@code same}. */
  static IntakeResult.Refused duplicate(int k, int n, int same) {
    return new IntakeResult.Refused(
        FailureReason.ALBUM_PICTURE_DUPLICATE,
        "Picture "
            + k
            + " of "
            + n
            + " is the same picture as picture "
            + same
            + ". Each picture of an album seeds its own chapters: remove the copy, or put"
            + " another picture in its place, and submit the album again.");
  }

  /**
   * What tells two pictures apart: the SHA-256 of the image the model would see, so the same photo
   * sent twice (inline, or behind two URIs) is found, whatever its file's metadata.
   */
  static String digest(ModelImage image) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image.encoded()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String place(int k, int n) {
    return "Picture " + k + " of " + n + ": ";
  }
}
