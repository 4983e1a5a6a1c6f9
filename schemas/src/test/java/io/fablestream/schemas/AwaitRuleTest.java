package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.schemas.AwaitRule.Awaits;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AwaitRuleTest {
  @Test
  void aWrittenChapterIsIndexedFirstThenItsArcSummarisedThenTheLastBringsTheSynopsis() {
    Set<Integer> none = Set.of();
    assertThat(AwaitRule.after(2, 1, none::contains, false, 2, 4)).contains(Awaits.INDEXED);
    assertThat(AwaitRule.after(2, 2, none::contains, false, 2, 4)).contains(Awaits.ARC_SUMMARY);
    assertThat(AwaitRule.after(2, 2, Set.of(2)::contains, false, 2, 4)).isEmpty();
    assertThat(AwaitRule.after(3, 3, none::contains, false, 2, 4)).isEmpty();
    assertThat(AwaitRule.after(4, 4, Set.of(2, 4)::contains, false, 2, 4))
        .contains(Awaits.SYNOPSIS);
    assertThat(AwaitRule.after(4, 4, Set.of(2, 4)::contains, true, 2, 4)).isEmpty();
  }
}
