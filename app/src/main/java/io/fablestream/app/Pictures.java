package io.fablestream.app;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * The pictures {@code generate} and {@code submit} take: one, or an album's in order, each read and
 * the whole checked against the API's limits, as an upload is.
 */
final class Pictures {
  @Parameters(
      index = "0",
      arity = "1..*",
      paramLabel = "IMAGE",
      description =
          "The picture: PNG, JPEG, ...; or several, the pictures of one story in order (an"
              + " album: the book runs through them, each seeding its own chapters).")
  List<Path> images;

  /** The pictures read and the book asked for, the album checked against both. */
  record Asked(List<ImageInput> pictures, BookRequest request) {}

  /**
   * Reads the pictures, then takes the book's options, then checks the album against both and the
   * limits: a file that cannot be read is said before an option out of range.
   */
  Asked read(ApiSettings limits, BookOptions book) {
    List<ImageInput> pictures =
        images.stream().map(i -> ImageInput.read(i, limits.maxUploadBytes())).toList();
    BookRequest request = book.request();
    Album.check(pictures, request.chapters(), limits.maxPictures(), limits.maxUploadBytes());
    return new Asked(pictures, request);
  }

  /** The pictures as the progress names them: the file, or how many there are. */
  String named() {
    return images.size() == 1
        ? images.getFirst().getFileName().toString()
        : images.size() + " pictures";
  }
}
