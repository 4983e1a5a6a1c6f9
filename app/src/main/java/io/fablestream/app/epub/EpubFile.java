package io.fablestream.app.epub;

import java.nio.charset.StandardCharsets;

/**
 * One file of an EPUB's content, as the package document lists it.
 *
 * @param id the manifest id, an XML name unique in the book
 * @param path the path inside the content directory, for example {@code chapter-001.xhtml}
 * @param mediaType the file's media type
 * @param properties the manifest properties ({@code nav}, {@code cover-image}), or null
 * @param data the file's bytes
 */
public record EpubFile(String id, String path, String mediaType, String properties, byte[] data) {
  /** The media type of XHTML content documents. */
  public static final String XHTML = "application/xhtml+xml";

  /** An XHTML content document. */
  public static EpubFile xhtml(String id, String path, String document) {
    return new EpubFile(id, path, XHTML, null, document.getBytes(StandardCharsets.UTF_8));
  }
}
