package io.fablestream.app;

import static io.fablestream.app.EpubContents.OPF_NS;
import static io.fablestream.app.EpubContents.XHTML_NS;
import static io.fablestream.app.EpubContents.XML_NS;
import static io.fablestream.app.FinishedBooks.arc;
import static io.fablestream.app.FinishedBooks.chapter;
import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ArcSummary;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class BookEpubTest {
  private static final String OPF = "EPUB/package.opf";

  @Test
  void englishBookWithPngCoverHoldsEveryPartAndPassesEpubcheck() {
    BookCompleted book = FinishedBooks.english();
    byte[] png = FinishedBooks.picture("png");

    byte[] epub = BookEpub.of(book, new BookCover("image/png", png));

    EpubContents contents = EpubContents.passing(epub);
    assertThat(contents.entries.keySet())
        .containsExactly(
            "mimetype",
            "META-INF/container.xml",
            OPF,
            "EPUB/nav.xhtml",
            "EPUB/style.css",
            "EPUB/images/cover.png",
            "EPUB/cover.xhtml",
            "EPUB/title.xhtml",
            "EPUB/chapter-001.xhtml",
            "EPUB/chapter-002.xhtml",
            "EPUB/chapter-003.xhtml",
            "EPUB/chapter-004.xhtml",
            "EPUB/summaries.xhtml");
    // The cover: the very picture, declared the cover image, shown by the cover page.
    assertThat(contents.entries.get("EPUB/images/cover.png")).isEqualTo(png);
    assertThat(manifestItem(contents, "images/cover.png").getAttribute("properties"))
        .isEqualTo("cover-image");
    Element img = contents.elements("EPUB/cover.xhtml", XHTML_NS, "img").get(0);
    assertThat(img.getAttribute("src")).isEqualTo("images/cover.png");
    assertThat(img.getAttribute("alt")).isEqualTo(book.getAnalysis().getSetting());
    // The metadata.
    assertThat(contents.dc("title")).containsExactly("The Cat Who Kept the Lighthouse");
    assertThat(contents.dc("language")).containsExactly("en");
    assertThat(contents.dc("creator")).containsExactly("ada");
    assertThat(contents.dc("date")).containsExactly("2026-11-23T10:42:17Z");
    assertThat(contents.dc("identifier"))
        .containsExactly("urn:uuid:0b6f7c1e-3d4a-4c5b-9e8f-1a2b3c4d5e6f");
    assertThat(contents.dc("description")).containsExactly(book.getSynopsis());
    assertThat(metaProperty(contents, "dcterms:modified")).isEqualTo("2026-11-23T10:42:17Z");
    // The title page with the synopsis; the chapters in order, each in its own file.
    assertThat(contents.texts("EPUB/title.xhtml", XHTML_NS, "h1"))
        .containsExactly("The Cat Who Kept the Lighthouse");
    assertThat(contents.paragraphs("EPUB/title.xhtml")).containsExactly(book.getSynopsis());
    assertThat(contents.paragraphs("EPUB/chapter-003.xhtml"))
        .containsExactly(
            "The wind rose over the headland in chapter 3.",
            "The cat climbed the stair.",
            "Below, the sea kept its own counsel.");
    assertThat(spine(contents))
        .containsExactly(
            "cover",
            "title-page",
            "chapter-001",
            "chapter-002",
            "chapter-003",
            "chapter-004",
            "summaries");
    // Every arc's summary in the appendix, the last one's included.
    assertThat(contents.texts("EPUB/summaries.xhtml", XHTML_NS, "h2"))
        .containsExactly("Chapters 1\u20132", "Chapters 3\u20134");
    assertThat(contents.paragraphs("EPUB/summaries.xhtml"))
        .containsExactly(
            "The keeper leaves and the cat takes the lamp.",
            "The storm comes and the boat is saved.");
    // The navigation lists every page.
    assertThat(tocLabels(contents))
        .containsExactly(
            "Cover",
            "Title page",
            "1. The Lamp, Part 1",
            "2. The Lamp, Part 2",
            "3. The Lamp, Part 3",
            "4. The Lamp, Part 4",
            "The story so far");
  }

  @Test
  void bookWithoutCoverNorRequesterNorUuidStillPassesEpubcheck() {
    BookCompleted book =
        FinishedBooks.englishBook().setBookId("book-42").setRequestedBy(null).build();

    byte[] epub = BookEpub.of(book, null);

    EpubContents contents = EpubContents.passing(epub);
    assertThat(contents.entries.keySet())
        .noneMatch(name -> name.contains("cover"))
        .contains("EPUB/title.xhtml", "EPUB/chapter-004.xhtml", "EPUB/summaries.xhtml");
    assertThat(contents.text(OPF)).doesNotContain("cover-image");
    assertThat(contents.dc("identifier")).containsExactly("book-42");
    assertThat(contents.dc("creator")).containsExactly("Fablestream");
    assertThat(spine(contents).get(0)).isEqualTo("title-page");
    assertThat(tocLabels(contents)).doesNotContain("Cover");
  }

  @Test
  void japaneseBookReadsBackInUtf8WithItsLanguageOnEveryPage() {
    BookCompleted book = FinishedBooks.japanese();

    byte[] epub = BookEpub.of(book, new BookCover("image/png", FinishedBooks.picture("png")));

    assertRoundTrips(EpubContents.passing(epub), book, "ja");
  }

  @Test
  void greekBookReadsBackInUtf8WithItsLanguageOnEveryPage() {
    BookCompleted book = FinishedBooks.greek();

    byte[] epub = BookEpub.of(book, null);

    assertRoundTrips(EpubContents.passing(epub), book, "el");
  }

  @Test
  void rightToLeftBookRunsRightToLeft() {
    BookCompleted book =
        FinishedBooks.book(
                List.of(
                    chapter(1, "الريح", "كانت الريح تعصف فوق الرأس.\n\nصعدت القطة الدرج اللولبي."),
                    chapter(2, "الضوء", "دوّى الرعد.\n\nعبر الضوء البحر.")),
                List.of(arc(1, 2, "القطة تنقذ القارب بضوء المنارة.")))
            .setTitle("قطة المنارة")
            .setLanguage("ar")
            .setSynopsis("قطة وحيدة تحرس ضوء المنارة بعد رحيل الحارس.")
            .build();

    byte[] epub = BookEpub.of(book, null);

    EpubContents contents = EpubContents.passing(epub);
    for (String page : contents.xhtmlNames()) {
      assertThat(contents.xml(page).getDocumentElement().getAttribute("dir"))
          .as(page)
          .isEqualTo("rtl");
    }
    assertThat(
            contents
                .elements(OPF, OPF_NS, "spine")
                .get(0)
                .getAttribute("page-progression-direction"))
        .isEqualTo("rtl");
    assertRoundTrips(contents, book, "ar");
    // The words the pages add themselves are English, and marked so, left to right.
    Element contentsHeading = contents.elements("EPUB/nav.xhtml", XHTML_NS, "h1").get(0);
    assertThat(contentsHeading.getAttribute("lang")).isEqualTo("en");
    assertThat(contentsHeading.getAttribute("dir")).isEqualTo("ltr");
  }

  @Test
  void markupLikeAndForbiddenCharactersAreEscapedOrDropped() {
    String longParagraph = "word ".repeat(20_000).strip();
    String text =
        "<script>alert('x')</script> & &amp; &lt;b&gt; \"quoted\" 'single' ]]> <![CDATA[ x ]]>"
            + "\u0000\u0007\u001b[31m\ufffe\ud800\u0085 end.\r\n\r\n"
            + "Second paragraph, after a CRLF blank line.\n   \n\t\n"
            + "Third, after lines of nothing but blanks.\nA line break inside.\fA form feed."
            + "\n\n\n\n"
            + longParagraph
            + "\n\n\ud83d\udc31 the cat, an emoji beyond the BMP.";
    BookCompleted book =
        FinishedBooks.book(
                List.of(chapter(1, "Chapter <One> & \"Two\"", text)),
                List.of(arc(1, 1, "Cats & <dogs>.")))
            .setTitle("Fish & Chips <for> \"Cats\"")
            .setRequestedBy("\"ada\" <ada@example.org>")
            .setSynopsis("A <b>bold</b> cat & her lamp.")
            .build();

    byte[] epub = BookEpub.of(book, null);

    EpubContents contents = EpubContents.passing(epub);
    String chapter = "EPUB/chapter-001.xhtml";
    assertThat(contents.elements(chapter, XHTML_NS, "script")).isEmpty();
    assertThat(contents.paragraphs(chapter))
        .containsExactly(
            "<script>alert('x')</script> & &amp; &lt;b&gt; \"quoted\" 'single' ]]> <![CDATA[ x ]]>"
                + "[31m\nend.",
            "Second paragraph, after a CRLF blank line.",
            "Third, after lines of nothing but blanks.\nA line break inside.\nA form feed.",
            longParagraph,
            "\ud83d\udc31 the cat, an emoji beyond the BMP.");
    assertThat(contents.texts(chapter, XHTML_NS, "title"))
        .containsExactly("Chapter <One> & \"Two\"");
    assertThat(contents.dc("title")).containsExactly("Fish & Chips <for> \"Cats\"");
    assertThat(contents.dc("creator")).containsExactly("\"ada\" <ada@example.org>");
    assertThat(contents.paragraphs("EPUB/title.xhtml"))
        .containsExactly("A <b>bold</b> cat & her lamp.");
    assertThat(contents.paragraphs("EPUB/summaries.xhtml")).containsExactly("Cats & <dogs>.");
    assertThat(tocLabels(contents)).contains("1. Chapter <One> & \"Two\"");
  }

  @Test
  void bookOfThirtyChaptersHasThirtyChapterFilesInOrder() {
    BookCompleted book = FinishedBooks.ofChapters(30);

    byte[] epub = BookEpub.of(book, new BookCover("image/png", FinishedBooks.picture("png")));

    EpubContents contents = EpubContents.passing(epub);
    List<String> chapters = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int n = 1; n <= 30; n++) {
      chapters.add("chapter-%03d".formatted(n));
      labels.add(n + ". Night " + n);
    }
    assertThat(spine(contents).subList(2, 32)).containsExactlyElementsOf(chapters);
    assertThat(spine(contents).get(32)).isEqualTo("summaries");
    assertThat(tocLabels(contents).subList(2, 32)).containsExactlyElementsOf(labels);
    assertThat(contents.paragraphs("EPUB/chapter-030.xhtml"))
        .containsExactly("Night 30 fell.", "The lamp turned.");
    assertThat(contents.texts("EPUB/summaries.xhtml", XHTML_NS, "h2"))
        .containsExactly(
            "Chapters 1\u20135",
            "Chapters 6\u201310",
            "Chapters 11\u201315",
            "Chapters 16\u201320",
            "Chapters 21\u201325",
            "Chapters 26\u201330");
  }

  @Test
  void editedRevisionShowsItsNumberAndMarksTheChaptersItWrote() {
    BookCompleted first = FinishedBooks.english();
    BookCompleted revised =
        FinishedBooks.englishBook()
            .setRevision(3)
            .setChapters(
                List.of(
                    chapter(1, "The Lamp, Part 1", FinishedBooks.englishText(1)),
                    chapter(
                        2,
                        "The Lamp, Part 2",
                        "The keeper came back, in the words of a person.",
                        3,
                        true),
                    chapter(3, "The Lamp, Part 3", FinishedBooks.englishText(3), 3, false),
                    chapter(4, "The Lamp, Part 4", FinishedBooks.englishText(4), 3, false)))
            .build();

    byte[] epub = BookEpub.of(revised, new BookCover("image/png", FinishedBooks.picture("png")));

    EpubContents contents = EpubContents.passing(epub);
    assertThat(classed(contents, "EPUB/title.xhtml", "revision")).containsExactly("Revision 3");
    assertThat(classed(contents, "EPUB/chapter-001.xhtml", "note")).isEmpty();
    assertThat(classed(contents, "EPUB/chapter-002.xhtml", "note"))
        .containsExactly("Written by a person in revision 3.");
    assertThat(contents.paragraphs("EPUB/chapter-002.xhtml"))
        .containsExactly("The keeper came back, in the words of a person.");
    assertThat(classed(contents, "EPUB/chapter-003.xhtml", "note"))
        .containsExactly("Written anew in revision 3.");
    assertThat(contents.dc("identifier"))
        .isEqualTo(new EpubContents(BookEpub.of(first, null)).dc("identifier"));
  }

  @Test
  void sameBookGivesSameBytesWhateverTheMachinesZone() {
    BookCompleted book = FinishedBooks.japanese();
    BookCover cover = new BookCover("image/png", FinishedBooks.picture("png"));
    TimeZone zone = TimeZone.getDefault();

    byte[] here = BookEpub.of(book, cover);
    byte[] elsewhere;
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
      elsewhere = BookEpub.of(book, cover);
    } finally {
      TimeZone.setDefault(zone);
    }

    assertThat(elsewhere).isEqualTo(here);
    assertThat(BookEpub.of(FinishedBooks.english(), cover)).isNotEqualTo(here);
    EpubContents contents = new EpubContents(here);
    assertThat(contents.zipEntries)
        .extracting(ZipEntry::getTimeLocal)
        .containsOnly(LocalDateTime.of(2026, 11, 23, 10, 42, 16));
  }

  @Test
  void mimetypeComesFirstStoredUncompressed() {
    EpubContents contents = new EpubContents(BookEpub.of(FinishedBooks.english(), null));

    ZipEntry first = contents.zipEntries.get(0);
    assertThat(first.getName()).isEqualTo("mimetype");
    assertThat(first.getMethod()).isEqualTo(ZipEntry.STORED);
    assertThat(first.getExtra()).isNull();
    assertThat(contents.text("mimetype")).isEqualTo("application/epub+zip");
  }

  @Test
  void coverIsToldByItsBytesAndConvertedWhenReadersMayNotShowIt() throws IOException {
    BookCompleted book = FinishedBooks.english();
    byte[] jpeg = FinishedBooks.picture("jpeg");

    byte[] fromJpeg = BookEpub.of(book, new BookCover("application/octet-stream", jpeg));
    byte[] fromBmp = BookEpub.of(book, new BookCover("image/bmp", FinishedBooks.picture("bmp")));
    byte[] fromNothing = BookEpub.of(book, new BookCover("image/png", "not a picture".getBytes()));

    EpubContents jpegBook = EpubContents.passing(fromJpeg);
    assertThat(jpegBook.entries.get("EPUB/images/cover.jpg")).isEqualTo(jpeg);
    assertThat(manifestItem(jpegBook, "images/cover.jpg").getAttribute("media-type"))
        .isEqualTo("image/jpeg");

    EpubContents bmpBook = EpubContents.passing(fromBmp);
    assertThat(manifestItem(bmpBook, "images/cover.png").getAttribute("media-type"))
        .isEqualTo("image/png");
    BufferedImage converted =
        ImageIO.read(new ByteArrayInputStream(bmpBook.entries.get("EPUB/images/cover.png")));
    assertThat(converted.getWidth()).isEqualTo(60);
    assertThat(converted.getHeight()).isEqualTo(90);

    assertThat(EpubContents.passing(fromNothing).entries.keySet())
        .noneMatch(n -> n.contains("cover"));
  }

  @Test
  void bookWithItsStoryBibleHasACastPageBeforeTheChaptersAndStillPassesEpubcheck() {
    BookCompleted book = FinishedBooks.englishBook().setBible(TestEvents.bible()).build();

    byte[] epub = BookEpub.of(book, null);

    EpubContents contents = EpubContents.passing(epub);
    assertThat(spine(contents))
        .containsExactly(
            "title-page",
            "cast",
            "chapter-001",
            "chapter-002",
            "chapter-003",
            "chapter-004",
            "summaries");
    assertThat(tocLabels(contents)).contains("Cast");
    assertThat(contents.texts("EPUB/cast.xhtml", XHTML_NS, "dt")).containsExactly("Mina", "Oskar");
    assertThat(contents.texts("EPUB/cast.xhtml", XHTML_NS, "dd"))
        .containsExactly(
            "the cat", "A grey cat who wants the fish.", "A stranger at the kitchen door.");
  }

  @Test
  void bookFromAWriterBeforeTheSynopsisHasNoBlurbAndStillPassesEpubcheck() {
    BookCompleted old =
        FinishedBooks.englishBook().setSynopsis(null).setLanguage("not a language tag!").build();

    byte[] epub = BookEpub.of(old, null);

    EpubContents contents = EpubContents.passing(epub);
    assertThat(contents.paragraphs("EPUB/title.xhtml")).isEmpty();
    assertThat(contents.dc("description")).isEmpty();
    assertThat(contents.dc("language")).containsExactly("und");
  }

  @Test
  void epubcheckSeesWhatIsWrongInABrokenFile() {
    // The checker under the other tests can fail: a missing language and missing files are seen.
    byte[] epub = BookEpub.of(FinishedBooks.english(), null);
    EpubContents contents = new EpubContents(epub);
    byte[] broken =
        io.fablestream.app.epub.EpubArchive.zip(
            contents.text(OPF).replace("<dc:language>en</dc:language>", ""),
            List.of(),
            LocalDateTime.of(2026, 1, 1, 0, 0));

    assertThat(Epubcheck.problems(broken))
        .extracting(Epubcheck.Finding::id)
        .contains("RSC-005", "RSC-001");
  }

  private static void assertRoundTrips(EpubContents contents, BookCompleted book, String tag) {
    assertThat(contents.dc("language")).containsExactly(tag);
    assertThat(contents.dc("title")).containsExactly(book.getTitle());
    assertThat(contents.dc("description")).containsExactly(book.getSynopsis());
    for (String page : contents.xhtmlNames()) {
      Element html = contents.xml(page).getDocumentElement();
      assertThat(html.getAttributeNS(XML_NS, "lang")).as(page).isEqualTo(tag);
      assertThat(html.getAttribute("lang")).as(page).isEqualTo(tag);
    }
    assertThat(contents.texts("EPUB/title.xhtml", XHTML_NS, "h1")).containsExactly(book.getTitle());
    assertThat(contents.paragraphs("EPUB/title.xhtml")).containsExactly(book.getSynopsis());
    for (int i = 0; i < book.getChapters().size(); i++) {
      BookChapter chapter = book.getChapters().get(i);
      String page = "EPUB/chapter-%03d.xhtml".formatted(i + 1);
      assertThat(contents.texts(page, XHTML_NS, "title")).containsExactly(chapter.getTitle());
      assertThat(String.join("\n\n", contents.paragraphs(page))).isEqualTo(chapter.getText());
    }
    assertThat(contents.paragraphs("EPUB/summaries.xhtml"))
        .containsExactlyElementsOf(
            book.getSummaries().stream().map(ArcSummary::getSummary).toList());
  }

  private static Element manifestItem(EpubContents contents, String href) {
    return contents.elements(OPF, OPF_NS, "item").stream()
        .filter(item -> item.getAttribute("href").equals(href))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no manifest item " + href));
  }

  private static String metaProperty(EpubContents contents, String property) {
    return contents.elements(OPF, OPF_NS, "meta").stream()
        .filter(meta -> meta.getAttribute("property").equals(property))
        .map(Element::getTextContent)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no meta " + property));
  }

  private static List<String> spine(EpubContents contents) {
    return contents.elements(OPF, OPF_NS, "itemref").stream()
        .map(itemref -> itemref.getAttribute("idref"))
        .toList();
  }

  private static List<String> tocLabels(EpubContents contents) {
    Element toc = contents.elements("EPUB/nav.xhtml", XHTML_NS, "nav").get(0);
    List<String> labels = new ArrayList<>();
    var links = toc.getElementsByTagNameNS(XHTML_NS, "a");
    for (int i = 0; i < links.getLength(); i++) {
      labels.add(links.item(i).getTextContent());
    }
    return labels;
  }

  private static List<String> classed(EpubContents contents, String page, String cssClass) {
    return contents.elements(page, XHTML_NS, "p").stream()
        .filter(p -> p.getAttribute("class").equals(cssClass))
        .map(Element::getTextContent)
        .toList();
  }
}
