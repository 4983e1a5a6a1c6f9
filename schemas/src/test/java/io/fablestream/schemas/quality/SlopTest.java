package io.fablestream.schemas.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlopTest {
  private final Slop list =
      Slop.of("xx", List.of("# a comment", "tapestry", "in the realm of", "realm", "testament to"));

  @Test
  void countsWholeWordsAndPhrasesCaseBlindLongestFirst() {
    String text =
        "A Tapestry of light. In the realm of cats, the realm was vast; tapestries are not"
            + " counted, nor is a realmless sky. It was a testament to patience.";
    // tapestry (1), "in the realm of" (1, not also realm), realm (1), testament to (1).
    assertThat(list.phraseHits(text)).isEqualTo(4);
  }

  @Test
  void countsNotXButYConstructions() {
    assertThat(Slop.notXButY("It was not fear, but hunger. Not the cat but the dog.")).isEqualTo(2);
    // "nothing but", a sentence between, and too short a middle do not count.
    assertThat(Slop.notXButY("Nothing but rain. It was not. But then. not but")).isZero();
    // Curly apostrophes are read as straight ones.
    assertThat(Slop.notXButY("It wasn’t not his, but hers")).isEqualTo(1);
  }

  @Test
  void hitsPer1000Words() {
    assertThat(Slop.per1000(3, 600)).isCloseTo(5.0, within(1e-9));
    assertThat(Slop.per1000(3, 0)).isZero();
  }

  @Test
  void theEnglishListIsAResourceAndARegionalTagReadsItsLanguage() {
    assertThat(Slop.forLanguage("en-GB")).map(Slop::language).contains("en");
    assertThat(Slop.forLanguage("en").orElseThrow().phraseHits("A testament to tapestry."))
        .isEqualTo(2);
    assertThat(Slop.forLanguage("ja")).isEmpty();
  }
}
