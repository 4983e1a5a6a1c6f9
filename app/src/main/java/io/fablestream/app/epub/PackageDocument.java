package io.fablestream.app.epub;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The package document ({@code package.opf}) of an EPUB 3: the metadata, the manifest of every
 * content file and the spine, the reading order.
 *
 * @param identifier the unique identifier, for example {@code urn:uuid:...}
 * @param title the title
 * @param language the language
 * @param creator who the book is by
 * @param date when the book was published, or null to leave {@code dc:date} out
 * @param modified when this version of the book was made ({@code dcterms:modified}, which with the
 *     identifier tells one revision of a book from another)
 * @param description a blurb for {@code dc:description}, or null
 * @param files every content file, in manifest order
 * @param spine the manifest ids of the files in reading order
 */
public record PackageDocument(
    String identifier,
    String title,
    EpubLanguage language,
    String creator,
    Instant date,
    Instant modified,
    String description,
    List<EpubFile> files,
    List<String> spine) {

  /** The form EPUB asks of {@code dcterms:modified}: UTC, to the second. */
  private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ISO_INSTANT;

  /** The document's XML. */
  public String xml() {
    StringBuilder opf = new StringBuilder();
    opf.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"")
        .append(" unique-identifier=\"book-id\" xml:lang=\"")
        .append(language.tag())
        .append("\" dir=\"")
        .append(language.direction())
        .append("\">\n")
        .append("  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
    element(opf, "dc:identifier id=\"book-id\"", "dc:identifier", identifier);
    element(opf, "dc:title", "dc:title", title);
    element(opf, "dc:language", "dc:language", language.tag());
    element(opf, "dc:creator", "dc:creator", creator);
    if (date != null) {
      element(opf, "dc:date", "dc:date", seconds(date));
    }
    if (description != null && !description.isBlank()) {
      element(opf, "dc:description", "dc:description", description);
    }
    element(opf, "meta property=\"dcterms:modified\"", "meta", seconds(modified));
    for (EpubFile file : files) {
      if ("cover-image".equals(file.properties())) {
        // EPUB 2 readers (and some EPUB 3 ones) still find the cover by this name.
        opf.append("    <meta name=\"cover\" content=\"").append(file.id()).append("\"/>\n");
      }
    }
    opf.append("  </metadata>\n  <manifest>\n");
    for (EpubFile file : files) {
      opf.append("    <item id=\"")
          .append(file.id())
          .append("\" href=\"")
          .append(Xhtml.attribute(file.path()))
          .append("\" media-type=\"")
          .append(file.mediaType())
          .append('"');
      if (file.properties() != null) {
        opf.append(" properties=\"").append(file.properties()).append('"');
      }
      opf.append("/>\n");
    }
    opf.append("  </manifest>\n  <spine page-progression-direction=\"")
        .append(language.direction())
        .append("\">\n");
    for (String id : spine) {
      opf.append("    <itemref idref=\"").append(id).append("\"/>\n");
    }
    opf.append("  </spine>\n</package>\n");
    return opf.toString();
  }

  private static void element(StringBuilder opf, String open, String close, String text) {
    opf.append("    <")
        .append(open)
        .append('>')
        .append(Xhtml.text(Xhtml.oneLine(text)))
        .append("</")
        .append(close)
        .append(">\n");
  }

  private static String seconds(Instant instant) {
    return UTC_SECONDS.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
