package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.platform.config.ConfigKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the code's: every key with its variable, default and meaning.
 * Run with {@code -Dfablestream.readme.write=true} to rewrite the table after a change.
 */
class ReadmeConfigurationTest {
  private static final Path README = Path.of("..", "README.md");
  private static final String START = "<!-- config-table:start -->\n";
  private static final String END = "<!-- config-table:end -->";

  @Test
  void theReadmeTableListsEveryKeyAsTheCodeDeclaresIt() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int from = readme.indexOf(START);
    int to = readme.indexOf(END);
    assertThat(from).as("the README's table markers").isNotNegative();
    assertThat(to).isGreaterThan(from);
    String table = ConfigCatalog.markdownTable();
    if (Boolean.getBoolean("fablestream.readme.write")) {
      readme = readme.substring(0, from + START.length()) + table + readme.substring(to);
      Files.writeString(README, readme, StandardCharsets.UTF_8);
      to = readme.indexOf(END);
    }
    assertThat(readme.substring(from + START.length(), to))
        .as("run the test with -Dfablestream.readme.write=true to regenerate the table")
        .isEqualTo(table);
  }

  @Test
  void noKeyIsDeclaredTwice() {
    Set<String> seen = new HashSet<>();
    for (ConfigCatalog.Section section : ConfigCatalog.sections()) {
      for (ConfigKey key : section.keys()) {
        assertThat(seen.add(key.name())).as("declared twice: " + key.name()).isTrue();
        if (key.alias() != null) {
          assertThat(seen.add(key.alias())).as("an alias taken twice: " + key.alias()).isTrue();
        }
      }
    }
  }
}
