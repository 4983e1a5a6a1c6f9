package io.fablestream.chapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic prose-like text of an exact word count, different for every seed. */
final class StoryText {
  private static final String[] WORDS = {
    "lantern",
    "harbor",
    "storm",
    "Mira",
    "whispered",
    "tide",
    "rope",
    "keeper",
    "shadow",
    "bell",
    "gull",
    "cold",
    "ran",
    "toward",
    "dark",
    "water",
    "light",
    "broken",
    "door",
    "salt",
    "wind",
    "stairs",
    "climbed",
    "voice",
    "sea",
    "night",
    "fog",
    "captain",
    "letter",
    "hidden",
    "map",
    "boat",
    "rocks",
    "thunder",
    "glass",
    "memory",
    "promise",
    "ember",
    "silver",
    "ancient"
  };

  private StoryText() {}

  /** {@code words} words drawn from a small sea-story vocabulary, seeded. */
  static String of(long seed, int words) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>(words);
    for (int i = 0; i < words; i++) {
      out.add(WORDS[random.nextInt(WORDS.length)]);
    }
    return String.join(" ", out);
  }
}
