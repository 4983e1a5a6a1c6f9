package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fablestream.chapter.state.BookState;
import io.fablestream.events.AnalysisReady;
import io.fablestream.events.BookChapter;
import io.fablestream.events.BookCompleted;
import io.fablestream.events.BookPlanned;
import io.fablestream.events.ImageAnalysis;
import io.fablestream.events.PlannedBeat;
import io.fablestream.platform.calls.ChangeloggedStores;
import io.fablestream.platform.model.ModelRequest;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * A book from an album: code places the pictures along the story in the album's order (each on
 * consecutive chapters, every one used), the planner sees each picture beside the chapters it
 * serves, the writer of chapter n its own picture, and the plan and the finished book say which
 * picture each chapter grew from.
 */
class AlbumPlanTest extends ChapterLineTest {
  private static final String BOOK = "album-1";

  private static final ImageAnalysis BEACH =
      picture("a beach at low tide", "Mira", "a crab trap", "the tide turns");
  private static final ImageAnalysis CAVE =
      picture("a sea cave lit by phosphor", "a bat", "a rope", "the way out floods");
  private static final ImageAnalysis CLIFF =
      picture("a cliff path in a gale", "the keeper", "a lantern", "the path crumbles");

  /**
   * Three pictures along four chapters, as (chapter, picture): the plan and the finished book both
   * say it.
   */
  private static final List<Tuple> PICTURE_OF_EACH_CHAPTER =
      List.of(tuple(1, 1), tuple(2, 1), tuple(3, 2), tuple(4, 3));

  @Test
  void threePicturesIntoFourChaptersAreEachUsedInOrderInThePlanThePromptsAndTheBook() {
    line = new ChapterLine();

    line.analysis.pipeInput(BOOK, album(4, 2, BEACH, CAVE, CLIFF));
    line.settle();
    line.indexAndSummarize(BOOK, 4, 2);

    List<BookPlanned> plans = line.planned.readValuesToList();
    assertThat(plans).hasSize(1);
    assertThat(plans.getFirst().getBeats())
        .extracting(PlannedBeat::getChapter, PlannedBeat::getPicture)
        .containsExactlyElementsOf(PICTURE_OF_EACH_CHAPTER);

    String planPrompt = line.planRequests().getFirst().prompt();
    assertThat(planPrompt)
        .contains("Picture 1 (chapters 1-2): a beach at low tide")
        .contains("Picture 2 (chapter 3): a sea cave lit by phosphor")
        .contains("Picture 3 (chapter 4): a cliff path in a gale");
    assertThat(planPrompt.indexOf("Picture 1")).isLessThan(planPrompt.indexOf("Picture 2"));

    List<ModelRequest> writes =
        line.writerRequests().stream()
            .filter(r -> r.prompt().contains("THE PICTURE OF THIS CHAPTER"))
            .toList();
    assertThat(writes).hasSize(4);
    assertThat(writes)
        .extracting(r -> settingIn(r.prompt()))
        .containsExactly(
            "a beach at low tide",
            "a beach at low tide",
            "a sea cave lit by phosphor",
            "a cliff path in a gale");

    List<BookCompleted> completed = line.completed.readValuesToList();
    assertThat(completed).hasSize(1);
    assertThat(completed.getFirst().getChapters())
        .extracting(BookChapter::getNumber, BookChapter::getPicture)
        .containsExactlyElementsOf(PICTURE_OF_EACH_CHAPTER);
  }

  @Test
  void aLongBookPlannedInPartsShowsEachPlanningCallThePicturesOfItsChapters() {
    line = new ChapterLine();
    ImageAnalysis home = picture("a harbour house at night", "Mira", "a key", "the door is locked");

    line.analysis.pipeInput(BOOK, album(16, 4, BEACH, CAVE, CLIFF, home));
    line.settle();
    for (int n = 1; n <= 12; n++) {
      line.chapterIndexed(BOOK, n);
      if (n % 4 == 0) {
        line.arcSummarized(BOOK, n - 3, n);
      }
    }

    List<ModelRequest> plans = line.planRequests();
    assertThat(plans).hasSize(2);
    assertThat(plans.get(0).prompt())
        .contains(
            "Picture 1 (chapters 1-4): a beach",
            "Picture 2 (chapters 5-8): a sea cave",
            "Picture 3 (chapters 9-12): a cliff path")
        .doesNotContain("Picture 4");
    assertThat(plans.get(1).prompt())
        .contains("Picture 4 (chapters 13-16): a harbour house at night")
        .doesNotContain("Picture 3 (");
    assertThat(line.planned.readValuesToList().getLast().getBeats())
        .extracting(PlannedBeat::getPicture)
        .containsExactly(1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4);
  }

  @Test
  void aBookFromOnePictureHasPictureOneEverywhereAndNoAlbumInItsPrompts() {
    line = new ChapterLine();

    line.analysisReady(BOOK, 3, 3);
    line.indexAndSummarize(BOOK, 3, 3);

    assertThat(line.planned.readValuesToList().getFirst().getBeats())
        .extracting(PlannedBeat::getPicture)
        .containsOnly(1);
    assertThat(line.completed.readValuesToList().getFirst().getChapters())
        .extracting(BookChapter::getPicture)
        .containsOnly(1);
    assertThat(line.planRequests().getFirst().prompt()).doesNotContain("THE ALBUM");
    assertThat(line.writerRequests())
        .noneMatch(r -> r.prompt().contains("THE PICTURE OF THIS CHAPTER"));
  }

  @Test
  void aStateStoredBeforeAlbumsReadsAsABookFromOnePicture() {
    // The serde comes first, as in the service: it makes Avro trust the state's classes.
    Serde<BookState> serde = ChangeloggedStores.avro(ChapterService.STORE, BookState.class);
    BookState before = BookTransitions.opened(ChapterLine.analysisOf(BOOK, 3, 3), 1_000L);

    BookState read = StoredBefore.readBack(serde, before, "BookState-v4");

    assertThat(read.getStory().getSetting()).isEqualTo("a lighthouse on a cliff at dusk");
    assertThat(read.getStory().getPictures()).isEmpty();
    assertThat(Pictures.count(read)).isEqualTo(1);
    assertThat(Pictures.of(read, 3)).isEqualTo(1);
    assertThat(Pictures.forChapter(read, 2)).isEmpty();
  }

  /** The setting of the picture a writer's prompt names for its chapter. */
  private static String settingIn(String prompt) {
    String after = prompt.substring(prompt.indexOf("THE PICTURE OF THIS CHAPTER"));
    String line = after.split("\n")[2];
    return line.substring(0, line.indexOf(" Characters:"));
  }

  private static AnalysisReady album(int chapters, int arcLength, ImageAnalysis... pictures) {
    return AnalysisReady.newBuilder(ChapterLine.analysisOf(BOOK, chapters, arcLength))
        .setPictures(List.of(pictures))
        .build();
  }

  private static ImageAnalysis picture(
      String setting, String character, String object, String conflict) {
    return ImageAnalysis.newBuilder()
        .setSetting(setting)
        .setCharacters(List.of(character))
        .setMood("windswept")
        .setObjects(List.of(object))
        .setPotentialConflicts(List.of(conflict))
        .build();
  }
}
