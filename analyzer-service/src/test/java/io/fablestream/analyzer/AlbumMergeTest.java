package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ImageAnalysis;
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
