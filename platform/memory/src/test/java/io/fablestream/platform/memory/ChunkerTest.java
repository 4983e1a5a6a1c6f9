package io.fablestream.platform.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkerTest {
  private final Chunker chunker = new Chunker(500, 50);

  @Test
  void aShortTextIsOneChunk() {
    assertThat(chunker.split("  The lantern was blue.\n")).containsExactly("The lantern was blue.");
  }

  @Test
  void aBlankTextHasNoChunks() {
    assertThat(chunker.split(" \n\n ")).isEmpty();
  }

  @Test
  void everyChunkFitsTheSizeAndEverySentenceStaysWholeInSomeChunk() {
    List<String> sentences = sentences(40);
    String text = paragraphs(sentences, 5);

    List<String> chunks = chunker.split(text);

    assertThat(chunks)
        .hasSizeGreaterThan(5)
        .allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(500));
    for (String sentence : sentences) {
      assertThat(chunks).anySatisfy(chunk -> assertThat(chunk).contains(sentence));
    }
  }

  @Test
  void eachChunkBeginsWithTheEndOfTheOneBeforeAtAWordStart() {
    String text = paragraphs(sentences(40), 5);

    List<String> chunks = chunker.split(text);

    for (int i = 1; i < chunks.size(); i++) {
      String previous = chunks.get(i - 1);
      String next = chunks.get(i);
      String overlap = longestSuffixThatPrefixes(previous, next);
      assertThat(overlap).as("overlap of chunk %d", i).isNotEmpty().hasSizeLessThanOrEqualTo(50);
      int at = previous.length() - overlap.length();
      assertThat(Character.isWhitespace(previous.charAt(at - 1)))
          .as("chunk %d starts at a word start", i)
          .isTrue();
    }
  }

  @Test
  void paragraphsThatFitTogetherShareAChunk() {
    String text = "First paragraph, short.\n\nSecond paragraph, also short.\n\nThird.";

    assertThat(chunker.split(text)).containsExactly(text);
  }

  @Test
  void aSentenceLongerThanAChunkIsCutBetweenWords() {
    String longSentence = "word ".repeat(300).strip() + ".";

    List<String> chunks = chunker.split(longSentence);

    assertThat(chunks)
        .hasSizeGreaterThan(2)
        .allSatisfy(
            c -> {
              assertThat(c).hasSizeLessThanOrEqualTo(500);
              assertThat(c).startsWith("word");
            });
  }

  @Test
  void aWordLongerThanAChunkIsCutIntoPieces() {
    String word = "x".repeat(1_200);

    assertThat(chunker.split(word))
        .extracting(String::length)
        .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(500));
    assertThat(String.join("", new Chunker(500, 0).split(word))).isEqualTo(word);
  }

  @Test
  void anOverlapOverHalfTheSizeIsRefused() {
    assertThatThrownBy(() -> new Chunker(100, 60)).hasMessageContaining("overlap");
  }

  private static List<String> sentences(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          "Sentence number "
              + i
              + " tells how the keeper climbed the tower and polished the lens "
              + "x".repeat(i % 7)
              + ".");
    }
    return out;
  }

  private static String paragraphs(List<String> sentences, int perParagraph) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < sentences.size(); i++) {
      text.append(sentences.get(i)).append(i % perParagraph == perParagraph - 1 ? "\n\n" : " ");
    }
    return text.toString();
  }

  private static String longestSuffixThatPrefixes(String previous, String next) {
    for (int n = Math.min(previous.length(), next.length()); n > 0; n--) {
      if (previous.endsWith(next.substring(0, n))) {
        return next.substring(0, n);
      }
    }
    return "";
  }
}
