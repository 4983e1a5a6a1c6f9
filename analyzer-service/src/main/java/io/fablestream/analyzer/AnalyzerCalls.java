package io.fablestream.analyzer;

import io.fablestream.events.ImageRef;
import io.fablestream.events.ImageSubmitted;
import io.fablestream.platform.calls.CallKind;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.calls.JsonCodec;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.Usage;
import java.util.List;

/**
 * The calls the analyzer makes off its stream threads: the vision model, and the download of an
 * image given by URI. Each request carries what the analyzer must remember of the book until the
 * answer is back ({@link Book}), so the analyzer keeps no state besides its ledger.
 */
final class AnalyzerCalls {
  final CallKind<VisionCall, ModelAnswer> vision;
  final CallKind<ImageDownload, IntakeResult> download;
  final CallLedger ledger;

  AnalyzerCalls(ModelGateway models, ImageIntake intake, CallLanes lanes) {
    this.vision =
        CallKind.of(
            "vision",
            JsonCodec.of(VisionCall.class),
            lanes.model(),
            call -> models.generate(call.request()));
    this.download =
        CallKind.of(
            "download",
            JsonCodec.of(ImageDownload.class),
            lanes.io(),
            d ->
                intake.intake(
                    ImageRef.newBuilder().setContentType(d.contentType()).setUri(d.uri()).build()));
    this.ledger = CallLedger.of(AnalyzerService.NAME, List.<CallKind<?, ?>>of(vision, download));
  }

  /**
   * What AnalysisReady carries on from the request, kept while the calls run.
   *
   * @param bookId the book
   * @param submittedAt ImageSubmitted.submittedAt, epoch millis
   * @param title the requested title, or null
   * @param chapterCount chapters asked for
   * @param arcLength chapters per arc
   * @param wordsPerChapter the target length of a chapter
   * @param requestedBy who asked, or null
   * @param language the book's language tag
   * @param reviewPlan whether the book waits for a person to approve its plan
   */
  record Book(
      String bookId,
      long submittedAt,
      String title,
      int chapterCount,
      int arcLength,
      int wordsPerChapter,
      String requestedBy,
      String language,
      boolean reviewPlan) {
    static Book of(String bookId, ImageSubmitted request) {
      return new Book(
          bookId,
          request.getSubmittedAt().toEpochMilli(),
          request.getTitle(),
          request.getChapterCount(),
          request.getArcLength(),
          request.getWordsPerChapter(),
          request.getRequestedBy(),
          request.getLanguage(),
          request.getReviewPlan());
    }
  }

  /**
   * One vision call: attempt {@code attempt} (from 1) at the analysis of picture {@code picture} of
   * {@code pictures}, and what the attempts before it cost. A book from one picture has picture 1
   * of 1 (a call a version before albums wrote reads as 0 of 0: the same).
   */
  record VisionCall(
      Book book, ModelRequest request, int attempt, Usage spent, int picture, int pictures) {
    /** The first call about picture {@code picture} of {@code pictures}. */
    static VisionCall first(Book book, ModelRequest request, int picture, int pictures) {
      return new VisionCall(book, request, 1, Usage.NONE, picture, pictures);
    }

    /** Whether it is about one picture of an album, not a book's only picture. */
    boolean inAlbum() {
      return pictures > 1;
    }

    /** The next attempt at the same picture, asking the repair. */
    VisionCall repaired(ModelRequest repair, Usage spentSoFar) {
      return new VisionCall(book, repair, attempt + 1, spentSoFar, picture, pictures);
    }

    /**
     * Its id in the ledger: one per attempt, so a repair is a call of its own; and one per picture
     * of an album, so the pictures are analysed side by side.
     */
    String id() {
      return inAlbum() ? "vision/" + picture + "/" + attempt : "vision/" + attempt;
    }
  }

  /** The download of picture {@code picture} of {@code pictures}, given by URI. */
  record ImageDownload(Book book, String contentType, String uri, int picture, int pictures) {
    /** Whether it is about one picture of an album. */
    boolean inAlbum() {
      return pictures > 1;
    }

    /** Its id in the ledger, one per picture. */
    String id() {
      return inAlbum() ? "download/" + picture : "download";
    }
  }
}
