package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fablestream eval} on the samples directory under two settings, against the Ollama-API test
 * server: a row per setting in the table, the CSV and the HTML report, and progress on the way.
 * Books of two chapters, so the two lines stay short.
 */
class EvalCommandIT {
  @TempDir Path dir;

  @RegisterExtension final StoryOllamaExtension models = StoryOllamaExtension.eachTest();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void comparesTwoSettingsOnTheSamplesAndWritesTheTableTheCsvAndTheReport() throws Exception {
    Map<String, String> settings = models.lineSettings(dir.resolve("data"));
    settings.put("ollama.retry.backoff", "100ms");
    Path report = dir.resolve("report");

    int code =
        LineTestConfig.cli(
            settings,
            out,
            err,
            "eval",
            "../docs/samples",
            "--setting",
            "chapters=2,arc.length=2,words=60",
            "--setting",
            "chapters=2,arc.length=2,words=400",
            "--out",
            report.toString(),
            "--timeout",
            "PT3M");

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed)
        .contains(
            "Setting 1 of 2: chapters=2,arc.length=2,words=60 (1 picture)",
            "[setting 2/2, picture 1/1] chelsea.png: book ",
            "completed: length score ",
            EvalReport.tableHeader());
    List<String> csv = Files.readAllLines(report.resolve("eval.csv"));
    assertThat(csv).hasSize(3);
    assertThat(csv.get(1)).startsWith("\"chapters=2,arc.length=2,words=60\",1,1,");
    assertThat(csv.get(2)).startsWith("\"chapters=2,arc.length=2,words=400\",1,1,");
    // The test server writes the words asked for: a length score of 100 under both settings.
    assertThat(lengthScoreMean(csv.get(1))).isEqualTo("100.0000");
    assertThat(lengthScoreMean(csv.get(2))).isEqualTo("100.0000");
    assertThat(Files.readString(report.resolve("eval.html")))
        .contains("<td>chapters=2,arc.length=2,words=400</td>", "<svg ");
  }

  /** The length_score_mean field of a CSV line: the third after the quoted setting. */
  private static String lengthScoreMean(String line) {
    return line.substring(line.indexOf("\",") + 2).split(",")[2];
  }
}
