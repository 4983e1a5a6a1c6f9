package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.PictureSeed;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.PlannedBeat;
import io.fablestream.schemas.PictureRule;
import java.util.List;

/**
 * An album's pictures along the book: which picture each chapter grows from ({@link PictureRule},
 * placed by code, not by the model, so every picture is used, in the album's order), and how the
 * prompts show them: the planner sees each picture beside the chapters it serves, the writer of
 * chapter n its own picture. A book from one picture has no album: nothing here changes its
 * prompts, and every chapter has picture 1.
 */
final class Pictures {
  /** How many tensions of each picture the planner sees (and twice as many characters). */
  static final int BRIEF_ITEMS = 2;

  private Pictures() {}

  /** The album's analyses as the state keeps them; empty for a book from one picture. */
  static List<PictureSeed> seeds(List<ImageAnalysis> pictures) {
    return pictures.stream()
        .map(
            a ->
                PictureSeed.newBuilder()
                    .setSetting(a.getSetting())
                    .setCharacters(List.copyOf(a.getCharacters()))
                    .setMood(a.getMood())
                    .setObjects(List.copyOf(a.getObjects()))
                    .setConflicts(List.copyOf(a.getPotentialConflicts()))
                    .build())
        .toList();
  }

  /** The album's pictures: at least 1 (a book without an album, or one not analysed yet). */
  static int count(BookState book) {
    return book.getStory() == null ? 1 : Math.max(1, book.getStory().getPictures().size());
  }

  /**
   * The picture chapter {@code chapter} grows from, 1-based in the album. The analyzer never lets
   * an album have more pictures than chapters; a state that has them anyway (a book re-planned
   * shorter) places its first pictures rather than failing the book.
   */
  static int of(BookState book, int chapter) {
    int chapters = book.getChapterCount();
    return PictureRule.pictureOf(chapter, Math.min(count(book), chapters), chapters);
  }

  /** The plan with each beat's picture placed. */
  static BookPlanned placed(BookPlanned plan, BookState book) {
    List<PlannedBeat> beats =
        plan.getBeats().stream()
            .map(
                b ->
                    PlannedBeat.newBuilder(b)
                        .setPicture(
                            b.getChapter() >= 1 && b.getChapter() <= book.getChapterCount()
                                ? of(book, b.getChapter())
                                : 1)
                        .build())
            .toList();
    return BookPlanned.newBuilder(plan).setBeats(beats).build();
  }

  /**
   * The planner's view of the album, for chapters {@code from} to {@code through}: each picture
   * that serves one of them, with its chapters and what it shows. Empty without an album.
   */
  static String forPlan(BookState book, int from, int through) {
    int n = count(book);
    if (n < 2) {
      return "";
    }
    int chapters = book.getChapterCount();
    StringBuilder p = new StringBuilder("\nTHE ALBUM\n");
    p.append("The book runs through ")
        .append(n)
        .append(" pictures, in this order; each chapter grows from the picture beside it: its")
        .append(" beat takes place in that picture's scene, with its characters.\n");
    for (int k = 1; k <= n; k++) {
      int first = PictureRule.firstChapter(k, n, chapters);
      int last = PictureRule.lastChapter(k, n, chapters);
      if (last < from || first > through) {
        continue;
      }
      p.append("Picture ").append(k).append(first == last ? " (chapter " : " (chapters ");
      p.append(first);
      if (last > first) {
        p.append('-').append(last);
      }
      p.append("): ");
      describe(p, book.getStory().getPictures().get(k - 1), true);
    }
    return p.toString();
  }

  /** The writer's view of chapter {@code chapter}'s picture; empty without an album. */
  static String forChapter(BookState book, int chapter) {
    int n = count(book);
    if (n < 2) {
      return "";
    }
    int k = of(book, chapter);
    StringBuilder p = new StringBuilder("THE PICTURE OF THIS CHAPTER\n");
    p.append("This chapter grows from picture ")
        .append(k)
        .append(" of ")
        .append(n)
        .append(" of the album: set it in this scene.\n");
    describe(p, book.getStory().getPictures().get(k - 1), false);
    return p.toString();
  }

  /**
   * One picture in a line. The planner's lines are brief (no objects, the first characters and
   * tensions only), so an album of 12 adds about as much to the planning prompt as four pictures
   * described whole would; the writer sees its one picture whole.
   */
  private static void describe(StringBuilder p, PictureSeed picture, boolean brief) {
    p.append(picture.getSetting());
    p.append(" Characters: ")
        .append(String.join(", ", first(picture.getCharacters(), brief ? BRIEF_ITEMS * 2 : 99)))
        .append('.');
    if (!brief && !picture.getObjects().isEmpty()) {
      p.append(" Objects: ").append(String.join(", ", picture.getObjects())).append('.');
    }
    p.append(" Mood: ").append(picture.getMood()).append('.');
    if (!picture.getConflicts().isEmpty()) {
      p.append(" Tensions: ")
          .append(String.join("; ", first(picture.getConflicts(), brief ? BRIEF_ITEMS : 99)));
    }
    p.append('\n');
  }

  private static List<String> first(List<String> items, int n) {
    return items.subList(0, Math.min(n, items.size()));
  }
}
