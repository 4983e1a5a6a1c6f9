package io.fablestream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.app.BookView;
import io.fablestream.app.ChapterPictures;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.PlannedBeat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovedPlanPicturesTest {
  @Test
  void anApprovedPlanKeepsEachChaptersAlbumPictureAsTheHeldPlanPlacedIt() {
    BookView.Plan held =
        new BookView.Plan(
            1,
            false,
            "The Shelf",
            List.of(),
            "the fish",
            List.of(
                new BookView.Beat(1, "Chelsea sees the fish", "", 1),
                new BookView.Beat(2, "She climbs the yarn", "", 2),
                new BookView.Beat(3, "The cook comes", "", 3)));
    // As the API reads a person's plan: words only, every picture the default.
    BookPlanned approved =
        BookPlanned.newBuilder()
            .setBookId("b")
            .setRevision(2)
            .setApproved(true)
            .setTitle("The Shelf")
            .setCast(List.of())
            .setMainConflict("the fish")
            .setBeats(
                List.of(
                    new PlannedBeat(1, "Chelsea sees the fish, edited", "", 1),
                    new PlannedBeat(2, "She climbs the yarn", "", 1),
                    new PlannedBeat(3, "The cook comes", "", 1),
                    new PlannedBeat(4, "A chapter the held plan had no beat for", "", 1)))
            .setModel(null)
            .setPlannedAt(java.time.Instant.EPOCH)
            .build();

    assertThat(RevisionRoutes.withPictures(approved, held).getBeats())
        .extracting(PlannedBeat::getChapter, PlannedBeat::getPicture)
        .containsExactly(ChapterPictures.inOrder(1, 2, 3, 1));
  }
}
