package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterPicture;
import io.fablestream.chapter.state.ChapterText;
import io.fablestream.events.ChapterIllustrated;
import io.fablestream.events.IllustrationRef;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.image.DrawRequest;
import io.fablestream.platform.model.image.DrawnBytes;
import io.fablestream.platform.model.image.DrawnImage;
import io.fablestream.platform.model.image.IllustrationSettings;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A book's illustrations, when {@code illustrations.enabled} and an image gateway is given: the
 * characters' looks asked for once per book (one text-model call, before its first chapter), then
 * one image call per accepted chapter on the ledger's image lane, with the book's seed. A drawn
 * picture goes out as ChapterIllustrated (its bytes ride on their own topic) and the chapter keeps
 * only its reference; a failed one leaves the chapter a reason code and never fails the book. The
 * next chapter never waits for a drawing; the finished book waits until every chapter's
 * illustration is settled. What each drawing cost counts toward the book's stats ({@link
 * DrawingCost}). Used on the task's stream thread only.
 *
 * @param task the task's stores, calls and sinks
 * @param settings the service's settings, for the looks' call
 * @param illustrations whether books are illustrated, and how
 * @param calls the calls it issues: the looks' on the model lane, the drawings on the image lane
 * @param metrics the illustrations' meters
 */
record Illustrator(
    BookTask task,
    ChapterSettings settings,
    IllustrationSettings illustrations,
    ChapterCalls calls,
    IllustrationMetrics metrics) {
  private static final Logger LOG = LoggerFactory.getLogger(Illustrator.class);

  /** The largest picture carried: a ChapterIllustrated must stay under the topic's record limit. */
  static final int MAX_IMAGE_BYTES = 6 * 1024 * 1024;

  private static final Pattern DRAW_ID = Pattern.compile("r(\\d+)/illustration/(\\d+)");

  /** Whether books are illustrated: enabled, and an image gateway given. */
  private boolean on() {
    return illustrations.enabled() && calls.draws;
  }

  /** Before a chapter is begun: the book's looks are asked for, once per book. */
  void beforeChapter(BookState book) {
    if (on() && book.getLooks() == null && book.getLooksCallId() == null) {
      String id = "r" + book.getRevision() + "/looks";
      book.setLooksCallId(id);
      task.issue(book, id, calls.model, LooksPrompt.request(book, settings));
    }
  }

  /**
   * A chapter was accepted (its ChapterWritten is out): its illustration is drawn now, or as soon
   * as the book's looks are in.
   */
  void accepted(BookState book, int chapter) {
    if (!on()) {
      return;
    }
    List<Integer> waiting = new ArrayList<>(book.getIllustrating());
    if (!waiting.contains(chapter)) {
      waiting.add(chapter);
    }
    book.setIllustrating(waiting);
    if (book.getLooks() != null) {
      draw(book, chapter);
    } else {
      beforeChapter(book);
    }
  }

  /** Whether the book waits for an illustration before it is published. */
  boolean awaiting(BookState book) {
    return !book.getIllustrating().isEmpty();
  }

  /** A book reopened for a revision: nothing of an earlier revision is awaited any more. */
  void reopened(BookState book) {
    book.setIllustrating(new ArrayList<>());
    if (book.getLooks() == null) {
      book.setLooksCallId(null);
    }
  }

  /** Whether the call is one of the book's illustration calls (its looks, or a drawing). */
  boolean owns(BookState book, Finished<?, ?> call) {
    return call.id().equals(book.getLooksCallId())
        || (call.is(calls.draw) && chapterOf(book, call.id()).isPresent());
  }

  /**
   * The looks or a drawing are back; the book's state is changed, not saved.
   *
   * @return whether every illustration of the book is settled now
   */
  boolean answered(BookState book, Finished<?, ?> call) {
    if (call.is(calls.draw)) {
      drawn(book, call.as(calls.draw));
    } else {
      looks(book, call.as(calls.model));
    }
    return !awaiting(book);
  }

  private void looks(BookState book, Finished<ModelRequest, ModelAnswer> call) {
    book.setLooksCallId(null);
    Optional<ModelAnswer> answer =
        OptionalAnswer.of(book, call, "the looks call", "illustrated without them");
    Optional<CharacterLooks> parsed = answer.flatMap(a -> CharacterLooks.parse(a.text()));
    if (answer.isPresent() && parsed.isEmpty()) {
      LOG.warn(
          "Book {}: the characters' looks were not the JSON asked for; illustrated without them",
          book.getBookId());
    }
    CharacterLooks looks = parsed.orElse(CharacterLooks.NONE);
    // Settled once per book, even when empty: every chapter is drawn from the same looks.
    book.setLooks(looks.toJson());
    for (int chapter : book.getIllustrating()) {
      draw(book, chapter);
    }
  }

  private void draw(BookState book, int chapter) {
    ChapterText text = text(book, chapter);
    IllustrationPrompt prompt = promptOf(book, text);
    task.issue(
        book,
        callId(book.getRevision(), chapter),
        calls.draw,
        new DrawRequest(
            prompt.prompt(),
            illustrations.width(),
            illustrations.height(),
            IllustrationPrompt.seed(book.getBookId()),
            // The person's pictures stop at the analyzer: carrying them in the book's state
            // would unbound it, so no drawing has a reference picture.
            null));
  }

  private void drawn(BookState book, Finished<DrawRequest, DrawnImage> call) {
    int chapter = chapterOf(book, call.id()).orElseThrow();
    List<Integer> waiting = new ArrayList<>(book.getIllustrating());
    waiting.remove(Integer.valueOf(chapter));
    book.setIllustrating(waiting);
    ChapterText text = text(book, chapter);
    BookTransitions.withDrawing(book, DrawingCost.of(call));
    switch (call) {
      case Finished.Answered<DrawRequest, DrawnImage> answered -> {
        DrawnImage image = answered.answer();
        Optional<String> problem = problem(image);
        if (problem.isPresent()) {
          failed(book, text, IllustrationFailure.ILLUSTRATION_INVALID, problem.get());
        } else {
          illustrated(book, text, answered.request(), image);
        }
      }
      case Finished.Failed<DrawRequest, DrawnImage> failed -> {
        RuntimeException failure = DrawingCost.failureOf(failed);
        IllustrationFailure reason = IllustrationFailure.of(failure);
        if (!(failure instanceof ModelException)) {
          LOG.error(
              "Book {}: the image gateway failed drawing chapter {}",
              book.getBookId(),
              chapter,
              failure);
        }
        failed(book, text, reason, String.valueOf(failure.getMessage()));
      }
    }
    task.texts().put(book.getBookId(), text);
  }

  private void illustrated(
      BookState book, ChapterText text, DrawRequest request, DrawnImage image) {
    long now = task.now();
    String contentType = DrawnBytes.read(image.data()).orElseThrow().contentType();
    task.illustrated(
        ChapterIllustrated.newBuilder()
            .setBookId(book.getBookId())
            .setRevision(book.getRevision())
            .setChapterNumber(text.getNumber())
            .setContentType(contentType)
            .setData(ByteBuffer.wrap(image.data()))
            .setWidth(Math.max(0, image.width()))
            .setHeight(Math.max(0, image.height()))
            .setPrompt(request.prompt())
            .setSeed(request.seed())
            .setModel(image.model())
            .setIllustratedAt(Instant.ofEpochMilli(now))
            .build(),
        now);
    text.setIllustration(
        ChapterPicture.newBuilder()
            .setContentType(contentType)
            .setSize(image.data().length)
            .setWidth(Math.max(0, image.width()))
            .setHeight(Math.max(0, image.height()))
            .setAlt(promptOf(book, text).alt())
            .build());
    text.setIllustrationFailure(null);
    metrics.drawn(image.data().length);
  }

  private void failed(
      BookState book, ChapterText text, IllustrationFailure reason, String message) {
    LOG.warn(
        "Book {}: chapter {} goes without its illustration ({}): {}",
        book.getBookId(),
        text.getNumber(),
        reason,
        message);
    text.setIllustration(null);
    text.setIllustrationFailure(reason.name());
    metrics.failed(reason);
  }

  /** Why a drawn picture cannot be carried, or empty when it can. */
  static Optional<String> problem(DrawnImage image) {
    if (image.data().length == 0) {
      return Optional.of("the image server answered an empty picture");
    }
    if (image.data().length > MAX_IMAGE_BYTES) {
      return Optional.of(
          "the picture is "
              + image.data().length
              + " bytes, more than the "
              + MAX_IMAGE_BYTES
              + " a chapter's illustration may have");
    }
    if (DrawnBytes.read(image.data()).isEmpty()) {
      return Optional.of("the image server's answer is not a PNG, JPEG or WebP picture");
    }
    return Optional.empty();
  }

  /**
   * The reference BookCompleted carries for a chapter's illustration: the API path a consumer
   * fetches it from, with what the state knows of the picture.
   */
  static IllustrationRef ref(String bookId, int chapter, ChapterPicture picture) {
    return IllustrationRef.newBuilder()
        .setPath("/books/" + bookId + "/chapters/" + chapter + "/illustration")
        .setContentType(picture.getContentType())
        .setSize(picture.getSize())
        .setWidth(picture.getWidth())
        .setHeight(picture.getHeight())
        .setAlt(picture.getAlt())
        .build();
  }

  private IllustrationPrompt promptOf(BookState book, ChapterText text) {
    return IllustrationPrompt.of(
        book, text, CharacterLooks.of(book.getLooks()), illustrations.style());
  }

  private ChapterText text(BookState book, int chapter) {
    return task.texts()
        .get(book.getBookId(), chapter)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "chapter "
                        + chapter
                        + " of "
                        + book.getBookId()
                        + " is not in the text store"));
  }

  /** The call id of chapter n's drawing in a revision. */
  static String callId(int revision, int chapter) {
    return "r" + revision + "/illustration/" + chapter;
  }

  /** The chapter a drawing's call id is about, if the book awaits it in its current revision. */
  private static Optional<Integer> chapterOf(BookState book, String callId) {
    Matcher m = DRAW_ID.matcher(callId);
    if (!m.matches() || Integer.parseInt(m.group(1)) != book.getRevision()) {
      return Optional.empty();
    }
    int chapter = Integer.parseInt(m.group(2));
    return book.getIllustrating().contains(chapter) ? Optional.of(chapter) : Optional.empty();
  }
}
