package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** An EPUB unzipped, as a reader would open it: its entries in order, its XML parsed. */
final class EpubContents {
  static final String XHTML_NS = "http://www.w3.org/1999/xhtml";
  static final String OPF_NS = "http://www.idpf.org/2007/opf";
  static final String DC_NS = "http://purl.org/dc/elements/1.1/";
  static final String XML_NS = "http://www.w3.org/XML/1998/namespace";

  final Map<String, byte[]> entries = new LinkedHashMap<>();
  final List<ZipEntry> zipEntries = new ArrayList<>();

  EpubContents(byte[] epub) {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(epub))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        zipEntries.add(entry);
        entries.put(entry.getName(), zip.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The contents of an EPUB, once epubcheck finds no problem in it (no warning or worse). */
  static EpubContents passing(byte[] epub) {
    assertThat(Epubcheck.problems(epub)).isEmpty();
    return new EpubContents(epub);
  }

  /** The contents of an EPUB on which epubcheck has nothing to say at all, not even a hint. */
  static EpubContents withoutFindings(byte[] epub) {
    assertThat(Epubcheck.check(epub)).isEmpty();
    return new EpubContents(epub);
  }

  /** The entry as UTF-8 text. */
  String text(String name) {
    byte[] data = entries.get(name);
    if (data == null) {
      throw new AssertionError("no entry " + name + " in " + entries.keySet());
    }
    return new String(data, StandardCharsets.UTF_8);
  }

  /** The entry parsed as namespace-aware XML. */
  Document xml(String name) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      return factory
          .newDocumentBuilder()
          .parse(new ByteArrayInputStream(text(name).getBytes(StandardCharsets.UTF_8)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new AssertionError(name + " is not well-formed XML", e);
    }
  }

  /** The text content of each element of that name in the entry, in document order. */
  List<String> texts(String name, String namespace, String element) {
    NodeList nodes = xml(name).getElementsByTagNameNS(namespace, element);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      texts.add(nodes.item(i).getTextContent());
    }
    return texts;
  }

  /** Each element of that name in the entry, in document order. */
  List<Element> elements(String name, String namespace, String element) {
    NodeList nodes = xml(name).getElementsByTagNameNS(namespace, element);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((Element) nodes.item(i));
    }
    return elements;
  }

  /**
   * The text of each paragraph of running text ({@code p} without a class: not a note, a creator or
   * a revision line) in the document, a {@code <br/>} read as a line break.
   */
  List<String> paragraphs(String name) {
    List<String> paragraphs = new ArrayList<>();
    for (Element p : elements(name, XHTML_NS, "p")) {
      if (p.hasAttribute("class")) {
        continue;
      }
      StringBuilder text = new StringBuilder();
      for (Node child = p.getFirstChild(); child != null; child = child.getNextSibling()) {
        boolean lineBreak =
            child.getNodeType() == Node.ELEMENT_NODE && "br".equals(child.getLocalName());
        text.append(lineBreak ? "\n" : child.getTextContent());
      }
      paragraphs.add(text.toString());
    }
    return paragraphs;
  }

  /** The text of each note ({@code p class="note"}) of a document. */
  List<String> notes(String name) {
    return elements(name, XHTML_NS, "p").stream()
        .filter(p -> p.getAttribute("class").equals("note"))
        .map(Element::getTextContent)
        .toList();
  }

  /** The XHTML content documents, by name. */
  List<String> xhtmlNames() {
    return entries.keySet().stream().filter(n -> n.endsWith(".xhtml")).toList();
  }

  /** The package document's metadata element of that Dublin Core name, as text. */
  List<String> dc(String element) {
    return texts("EPUB/package.opf", DC_NS, element);
  }
}
