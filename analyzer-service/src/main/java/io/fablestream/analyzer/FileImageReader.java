package io.fablestream.analyzer;

import static io.fablestream.analyzer.IntakeException.shorten;
import static io.fablestream.analyzer.IntakeException.uriRejected;
import static io.fablestream.analyzer.IntakeException.uriUnreachable;

import io.fablestream.schemas.FailureReason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads {@code file:} image URIs, confined to {@code analyzer.file.base.dir}: the path is checked
 * against the directory before the file system is touched and again after symlinks are resolved, so
 * neither {@code ../} nor a link inside the directory reaches outside it. Without a directory
 * configured, every {@code file:} URI is refused.
 */
final class FileImageReader {
  private final Optional<Path> baseDir;
  private final ByteLimit limit;

  FileImageReader(Optional<Path> baseDir, ByteLimit limit) {
    this.baseDir = baseDir;
    this.limit = limit;
  }

  /** The bytes of the file the URI names, at most the byte limit. */
  byte[] read(URI uri) throws IntakeException {
    if (baseDir.isEmpty()) {
      throw uriRejected(
          "file: image URIs are turned off on this server. Send the image inline in image.data,"
              + " or ask the operator to set analyzer.file.base.dir.");
    }
    Path requested;
    try {
      requested = Path.of(uri).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw uriRejected(
          "The image URI '" + shorten(uri.toString()) + "' is not a local file path.");
    }
    Path base = baseDir.get().toAbsolutePath().normalize();
    Path realBase;
    try {
      realBase = base.toRealPath();
    } catch (IOException e) {
      throw new IntakeException(
          FailureReason.IMAGE_URI_UNREACHABLE,
          "The image directory "
              + base
              + " (analyzer.file.base.dir) does not exist on this server; ask the operator to"
              + " create it or fix the setting.");
    }
    if (!requested.startsWith(base) && !requested.startsWith(realBase)) {
      throw outsideBase(uri);
    }
    Path real;
    try {
      real = requested.toRealPath();
    } catch (NoSuchFileException e) {
      throw uriUnreachable("There is no file " + requested + ". Check the image URI.");
    } catch (IOException e) {
      throw uriUnreachable("Cannot read " + requested + ": " + e.getMessage());
    }
    if (!real.startsWith(realBase)) {
      throw outsideBase(uri);
    }
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw uriUnreachable(requested + " is not a regular file. Check the image URI.");
    }
    String what = "The file " + requested;
    try {
      if (Files.size(real) > limit.max()) {
        throw limit.exceeded(what);
      }
      try (InputStream in =
          Files.newInputStream(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
        return limit.read(in, what);
      }
    } catch (IOException e) {
      throw uriUnreachable("Cannot read " + requested + ": " + e.getMessage());
    }
  }

  private static IntakeException outsideBase(URI uri) {
    return uriRejected(
        "The image URI '"
            + shorten(uri.toString())
            + "' points outside the image directory this server reads from"
            + " (analyzer.file.base.dir). Put the image there, or send it inline in image.data.");
  }
}
