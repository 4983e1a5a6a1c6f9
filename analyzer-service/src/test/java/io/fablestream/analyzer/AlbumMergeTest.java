package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ImageAnalysis;
import io.fablestream.platform.model.BookBudget;
import io.fablestream.platform.model.ContextBudget;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AlbumMergeTest {

  @Test
  void theFirstPictureSetsTheSceneAndEveryCharacterIsNamedOnce() {
    ImageAnalysis merged =
        AlbumMerge.merged(
            List.of(
                analysis("A beach", "calm", List.of("a girl", "a dog"), List.of("the tide")),
                analysis(
                    "A cave", "eerie", List.of("A  Dog", "a bat"), List.of("the tide", "dark")),
                analysis("A cliff", "windy", List.of("a girl"), List.of("a fall"))));

    assertThat(merged.getSetting()).isEqualTo("A beach");
    assertThat(merged.getMood()).isEqualTo("calm");
    assertThat(merged.getCharacters()).containsExactly("a girl", "A  Dog", "a bat");
    assertThat(merged.getPotentialConflicts()).containsExactly("the tide", "a fall", "dark");
  }

  @Test
  void aLargeAlbumKeepsTheCastBoundedWithSomeoneFromEveryPicture() {
    List<ImageAnalysis> pictures =
        IntStream.rangeClosed(1, 12)
            .mapToObj(
                p ->
                    analysis(
                        "scene " + p,
                        "mood",
                        IntStream.rangeClosed(1, 8).mapToObj(c -> "p" + p + "c" + c).toList(),
                        List.of("conflict " + p)))
            .toList();

    ImageAnalysis merged = AlbumMerge.merged(pictures);

    assertThat(merged.getCharacters()).hasSize(AlbumMerge.MAX_CHARACTERS);
    assertThat(merged.getCharacters())
        .containsAll(IntStream.rangeClosed(1, 12).mapToObj(p -> "p" + p + "c1").toList());
    assertThat(merged.getPotentialConflicts()).hasSize(AlbumMerge.MAX_CONFLICTS);
  }

  @Test
  void theMergedAnalysisOfALargeAlbumAtItsBoundsIsWithinWhatTheBookBudgetCountsForAnAlbum() {
    // Twelve pictures whose every field is as long as the parser keeps, in plain prose.
    List<ImageAnalysis> pictures =
        IntStream.rangeClosed(1, 12).mapToObj(AlbumMergeTest::largestPicture).toList();

    ImageAnalysis merged = AlbumMerge.merged(pictures);

    // As the writer's prompt carries it: the world, the mood and the conflicts.
    String world =
        merged.getSetting()
            + "\n"
            + String.join(", ", merged.getCharacters())
            + "\n"
            + String.join(", ", merged.getObjects())
            + "\n"
            + merged.getMood()
            + "\n- "
            + String.join("\n- ", merged.getPotentialConflicts());
    int tokens = ContextBudget.tokens(world);
    assertThat(tokens)
        .isLessThanOrEqualTo(BookBudget.analysisTokens(12))
        // More than three pictures' analyses: the budget's four are needed.
        .isGreaterThan(BookBudget.analysisTokens(BookBudget.MERGED_ANALYSES - 1));
  }

  /** A picture's analysis with every field as long as the parser keeps. */
  private static ImageAnalysis largestPicture(int p) {
    return ImageAnalysis.newBuilder()
        .setSetting(prose(p, AnalysisParser.MAX_SETTING_CHARS))
        .setMood(prose(p + 100, AnalysisParser.MAX_MOOD_CHARS))
        .setCharacters(items(p, AnalysisParser.MAX_CHARACTERS))
        .setObjects(items(p + 200, AnalysisParser.MAX_OBJECTS))
        .setPotentialConflicts(items(p + 400, AnalysisParser.MAX_CONFLICTS))
        .build();
  }

  private static List<String> items(int seed, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> prose(seed * 31 + i, AnalysisParser.MAX_ITEM_CHARS))
        .toList();
  }

  /** Plain prose of exactly so many characters, different for every seed. */
  private static String prose(int seed, int chars) {
    String[] words = {
      "the", "old", "keeper", "climbs", "winding", "stairs", "toward", "lamp", "while", "storm",
      "gathers", "over", "harbor", "and", "a", "girl", "with", "red", "scarf", "watches", "from",
      "broken", "pier", "holding", "letter", "sealed", "in", "wax"
    };
    StringBuilder text = new StringBuilder();
    java.util.Random random = new java.util.Random(seed);
    while (text.length() < chars) {
      text.append(words[random.nextInt(words.length)]).append(' ');
    }
    return text.substring(0, chars).strip();
  }

  private static ImageAnalysis analysis(
      String setting, String mood, List<String> characters, List<String> conflicts) {
    return ImageAnalysis.newBuilder()
        .setSetting(setting)
        .setMood(mood)
        .setCharacters(characters)
        .setObjects(List.of())
        .setPotentialConflicts(conflicts)
        .build();
  }
}
