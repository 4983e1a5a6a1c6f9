package io.fablestream.app;

import io.fablestream.events.ArcSummary;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookStats;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Finished books as chapter-service publishes them, and pictures for their covers. */
final class FinishedBooks {
  static final String BOOK_ID = "0b6f7c1e-3d4a-4c5b-9e8f-1a2b3c4d5e6f";
  static final Instant COMPLETED_AT = Instant.parse("2026-11-23T10:42:17.345Z");

  private FinishedBooks() {}

  /** A chapter: number, title, text; revision 1, not edited. */
  static BookChapter chapter(int number, String title, String text) {
    return chapter(number, title, text, 1, false);
  }

  /** A chapter last written by that revision, by a person when edited. */
  static BookChapter chapter(int number, String title, String text, int revision, boolean edited) {
    return BookChapter.newBuilder()
        .setNumber(number)
        .setTitle(title)
        .setText(text)
        .setWordCount(text.split("\\s+").length)
        .setRevision(revision)
        .setEdited(edited)
        .build();
  }

  static ArcSummary arc(int from, int through, String summary) {
    return ArcSummary.newBuilder()
        .setFromChapter(from)
        .setThroughChapter(through)
        .setSummary(summary)
        .build();
  }

  /** A book of these chapters and summaries, in English, by "ada", revision 1. */
  static BookCompleted.Builder book(List<BookChapter> chapters, List<ArcSummary> summaries) {
    return BookCompleted.newBuilder()
        .setBookId(BOOK_ID)
        .setTitle("The Cat Who Kept the Lighthouse")
        .setAnalysis(
            TestEvents.analysis(
                "A lighthouse on a rocky shore at dusk, a tabby cat on the rail.",
                "wistful",
                "a lantern",
                "a storm is coming"))
        .setChapters(chapters)
        .setSummaries(summaries)
        .setStats(
            BookStats.newBuilder()
                .setPromptTokens(1000)
                .setOutputTokens(2000)
                .setModelTimeMs(30_000)
                .setWallTimeMs(40_000)
                .setModelCalls(9)
                .build())
        .setRequestedBy("ada")
        .setCompletedAt(COMPLETED_AT)
        .setLanguage("en")
        .setSynopsis(
            "On a lonely headland a tabby cat keeps the lamp burning after the keeper is gone."
                + " When a storm drives a fishing boat toward the rocks, she must find a way to"
                + " turn the great lens alone, and learn what the keeper meant by his last words.");
  }

  /** The plain English book: four chapters of three paragraphs, arcs of two, both summarised. */
  static BookCompleted english() {
    return englishBook().build();
  }

  /**
   * The plain English book, to change before it is built (Avro's deep copy of a built record asks
   * for class trust that only the serde grants).
   */
  static BookCompleted.Builder englishBook() {
    return book(englishChapters(), englishSummaries());
  }

  /** The English book's chapters: three paragraphs each. */
  static List<BookChapter> englishChapters() {
    List<BookChapter> chapters = new ArrayList<>();
    for (int n = 1; n <= 4; n++) {
      chapters.add(chapter(n, "The Lamp, Part " + n, englishText(n)));
    }
    return chapters;
  }

  static String englishText(int n) {
    return "The wind rose over the headland in chapter "
        + n
        + ".\n\nThe cat climbed the stair.\n\nBelow, the sea kept its own counsel.";
  }

  private static List<ArcSummary> englishSummaries() {
    return List.of(
        arc(1, 2, "The keeper leaves and the cat takes the lamp."),
        arc(3, 4, "The storm comes and the boat is saved."));
  }

  /** A book of that many chapters, arcs of five, every arc summarised. */
  static BookCompleted ofChapters(int count) {
    List<BookChapter> chapters = new ArrayList<>();
    List<ArcSummary> arcs = new ArrayList<>();
    for (int n = 1; n <= count; n++) {
      chapters.add(chapter(n, "Night " + n, "Night " + n + " fell.\n\nThe lamp turned."));
      if (n % 5 == 0 || n == count) {
        int from = (n - 1) / 5 * 5 + 1;
        arcs.add(arc(from, n, "Nights " + from + " to " + n + " passed."));
      }
    }
    return book(chapters, arcs).build();
  }

  /** A Japanese book: three chapters, an arc of two and an arc of one, both summarised. */
  static BookCompleted japanese() {
    return book(
            List.of(
                chapter(
                    1,
                    "嵐の前",
                    "　風が岬を越えて吹きつけていた。\n\n"
                        + "　猫は螺旋階段を一段ずつ上った。「まだ消えていない」と彼女はつぶやいた。\n\n"
                        + "　海は黙っていた。"),
                chapter(
                    2, "灯台守の手紙", "　机の上に、一通の手紙が残されていた。\n　――灯りを絶やすな。\n\n" + "　猫はその文字を長いあいだ見つめていた。"),
                chapter(3, "光", "　雷鳴が轟いた。\n\n　猫は全身の力でレンズを押した。光が海を渡っていった。")),
            List.of(arc(1, 2, "灯台守が去り、猫がひとりで灯りを守り始める。"), arc(3, 3, "嵐の夜、猫はレンズを回し、漁船を救う。")))
        .setTitle("灯台を守る猫")
        .setLanguage("ja")
        .setSynopsis(
            "岬の灯台に、一匹の虎猫が暮らしている。灯台守が姿を消した夜から、彼女はひとりで灯りを守り続けてきた。"
                + "ある嵐の晩、漁船が岩礁へと流されていく。猫は大きなレンズを回す方法を見つけ、"
                + "灯台守が最後に残した言葉の意味を知ることになる。")
        .build();
  }

  /** A Greek book: two chapters in one arc, summarised. */
  static BookCompleted greek() {
    return book(
            List.of(
                chapter(
                    1,
                    "Πριν από την καταιγίδα",
                    "Ο άνεμος σφύριζε πάνω από το ακρωτήρι.\n\n"
                        + "Η γάτα ανέβηκε τη στριφογυριστή σκάλα· «Ακόμα καίει», ψιθύρισε."),
                chapter(
                    2,
                    "Το φως",
                    "Η βροντή αντήχησε.\n\nΟ φακός γύρισε και το φως διέσχισε τη θάλασσα.")),
            List.of(arc(1, 2, "Ο φύλακας λείπει· η γάτα σώζει το καΐκι με το φως του φάρου.")))
        .setTitle("Η γάτα του φάρου")
        .setLanguage("el")
        .setSynopsis(
            "Σε ένα απόμερο ακρωτήρι, μια γάτα κρατά αναμμένο το φως του φάρου μετά την εξαφάνιση"
                + " του φύλακα. Όταν μια καταιγίδα σπρώχνει ένα ψαροκάικο προς τα βράχια, πρέπει να"
                + " βρει τρόπο να γυρίσει μόνη της τον μεγάλο φακό.")
        .build();
  }

  /** A picture of that format ("png", "jpeg", "bmp", "gif"), as ImageIO writes it. */
  static byte[] picture(String format) {
    BufferedImage image = new BufferedImage(60, 90, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x1d, 0x3b, 0x5a));
    g.fillRect(0, 0, 60, 90);
    g.setColor(Color.ORANGE);
    g.fillOval(20, 10, 20, 20);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalArgumentException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
