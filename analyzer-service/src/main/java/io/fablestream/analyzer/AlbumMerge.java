package io.fablestream.analyzer;

import io.fablestream.events.ImageAnalysis;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * One analysis of a whole album, from each picture's: the story opens where the first picture is,
 * so its setting and mood are the book's; every picture's characters are named once, and the
 * objects and conflicts of all pictures are merged. The lists are taken round-robin (the first item
 * of each picture, then the second of each...), so a bound keeps something of every picture, and
 * duplicates (ignoring case and spacing) are named once.
 */
final class AlbumMerge {
  /** The most characters the merged cast names; an album of 12 keeps one of every picture. */
  static final int MAX_CHARACTERS = 2 * AnalysisParser.MAX_CHARACTERS;

  static final int MAX_OBJECTS = 2 * AnalysisParser.MAX_OBJECTS;
  static final int MAX_CONFLICTS = 2 * AnalysisParser.MAX_CONFLICTS;

  private AlbumMerge() {}

  /** The merged analysis of the pictures' analyses, in the album's order. */
  static ImageAnalysis merged(List<ImageAnalysis> pictures) {
    if (pictures.isEmpty()) {
      throw new IllegalArgumentException("an album has at least one picture");
    }
    ImageAnalysis first = pictures.get(0);
    return ImageAnalysis.newBuilder()
        .setSetting(first.getSetting())
        .setMood(first.getMood())
        .setCharacters(roundRobin(pictures, ImageAnalysis::getCharacters, MAX_CHARACTERS))
        .setObjects(roundRobin(pictures, ImageAnalysis::getObjects, MAX_OBJECTS))
        .setPotentialConflicts(
            roundRobin(pictures, ImageAnalysis::getPotentialConflicts, MAX_CONFLICTS))
        .build();
  }

  private static List<String> roundRobin(
      List<ImageAnalysis> pictures, Function<ImageAnalysis, List<String>> items, int max) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int longest = pictures.stream().mapToInt(p -> items.apply(p).size()).max().orElse(0);
    for (int i = 0; i < longest && out.size() < max; i++) {
      for (ImageAnalysis picture : pictures) {
        List<String> list = items.apply(picture);
        if (i < list.size() && out.size() < max && seen.add(normalized(list.get(i)))) {
          out.add(list.get(i));
        }
      }
    }
    return List.copyOf(out);
  }

  private static String normalized(String item) {
    return item.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
