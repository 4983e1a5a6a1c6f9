package io.fablestream.app.epub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The EPUB container (OCF): a zip whose first entry is {@code mimetype}, stored uncompressed, then
 * {@code META-INF/container.xml} pointing at the package document, then the content. Written with
 * the JDK's zip so every byte is ours to fix: entries in a set order, one fixed time on all of them
 * and no extra fields, so the same book always gives the same bytes.
 */
public final class EpubArchive {
  /** Where the content lives inside the zip. */
  public static final String CONTENT_DIR = "EPUB/";

  /** The package document's name inside {@link #CONTENT_DIR}. */
  public static final String PACKAGE_DOCUMENT = "package.opf";

  private static final byte[] MIMETYPE = "application/epub+zip".getBytes(StandardCharsets.US_ASCII);

  private static final String CONTAINER_XML =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
        <rootfiles>
          <rootfile full-path="%s" media-type="application/oebps-package+xml"/>
        </rootfiles>
      </container>
      """
          .formatted(CONTENT_DIR + PACKAGE_DOCUMENT);

  /** Zip times are DOS times from 1980 on; an older time would add an extra field. */
  private static final LocalDateTime EARLIEST = LocalDateTime.of(1980, 1, 1, 0, 0);

  private EpubArchive() {}

  /**
   * The EPUB file: the package document and the content files, each entry stamped with {@code time}
   * (a local date-time, so the zone of the machine that writes it does not matter).
   */
  public static byte[] zip(String packageDocument, List<EpubFile> files, LocalDateTime time) {
    LocalDateTime stamp = time.isBefore(EARLIEST) ? EARLIEST : time.withNano(0);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      zip.setLevel(Deflater.BEST_COMPRESSION);
      stored(zip, "mimetype", MIMETYPE, stamp);
      deflated(
          zip, "META-INF/container.xml", CONTAINER_XML.getBytes(StandardCharsets.UTF_8), stamp);
      deflated(
          zip,
          CONTENT_DIR + PACKAGE_DOCUMENT,
          packageDocument.getBytes(StandardCharsets.UTF_8),
          stamp);
      for (EpubFile file : files) {
        // A JPEG or PNG is compressed already: deflating it again costs time and saves nothing.
        if (file.mediaType().startsWith("image/")) {
          stored(zip, CONTENT_DIR + file.path(), file.data(), stamp);
        } else {
          deflated(zip, CONTENT_DIR + file.path(), file.data(), stamp);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing an EPUB in memory", e);
    }
    return bytes.toByteArray();
  }

  private static void stored(ZipOutputStream zip, String name, byte[] data, LocalDateTime time)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setCrc(crc.getValue());
    entry.setTimeLocal(time);
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }

  private static void deflated(ZipOutputStream zip, String name, byte[] data, LocalDateTime time)
      throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.DEFLATED);
    entry.setTimeLocal(time);
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }
}
