package io.fablestream.schemas.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LengthScoreTest {
  @ParameterizedTest(name = "{0} words of {1} score {2}")
  @CsvSource({
    // exactly the target
    "300, 300, 100",
    // over: 100 * (1 - (450/300 - 1)/3) = 100 * (1 - 0.5/3)
    "450, 300, 83.3333",
    // over: 100 * (1 - (600/300 - 1)/3) = 100 * 2/3
    "600, 300, 66.6667",
    // four times the target and more score 0
    "1200, 300, 0",
    "5000, 300, 0",
    // short: 100 * (1 - (300/200 - 1)/2) = 75
    "200, 300, 75",
    // half: 100 * (1 - (2 - 1)/2) = 50
    "150, 300, 50",
    // a third and less score 0
    "100, 300, 0",
    "0, 300, 0"
  })
  void scoresAsLongBenchWriteDoes(int words, int target, double expected) {
    assertThat(LengthScore.of(words, target)).isCloseTo(expected, within(0.0001));
  }

  @Test
  void aTargetOfNoWordsIsRefused() {
    assertThatThrownBy(() -> LengthScore.of(10, 0)).hasMessageContaining("target");
  }
}
