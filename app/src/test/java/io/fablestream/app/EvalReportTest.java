package io.fablestream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalReportTest {
  @TempDir Path dir;

  private static BookView completed(
      String id, double length, double slop, Double judge, int calls, long tokens) {
    QualityView quality =
        new QualityView(length, 0.02, slop, 0.1, judge, 0, 0, null, 0, "en", List.of(), null);
    return BookView.empty(id)
        .withStage(BookView.Stage.COMPLETED)
        .withOutcome(
            new BookView.Outcome(null, new BookView.Stats(tokens, 0, 0, 0, calls, 0, 0), quality));
  }

  @Test
  void aRowHasTheMeanAndTheWorstBookOfEachFigureAndCountsOnlyCompletedBooks() {
    List<BookView> ended =
        List.of(
            completed("a", 90, 2, 0.8, 10, 1000),
            completed("b", 60, 6, 0.6, 12, 3000),
            BookView.empty("c").withStage(BookView.Stage.FAILED));

    EvalReport.Row row = EvalReport.Row.of("model.text=x", 3, ended, 65_000);

    assertThat(row.books()).isEqualTo(3);
    assertThat(row.completed()).isEqualTo(2);
    // Length score: mean (90 + 60) / 2 = 75, worst the lowest, 60. Slop: mean 4, worst 6.
    assertThat(row.figures().get(EvalReport.Figure.LENGTH_SCORE.ordinal()))
        .isEqualTo(new EvalReport.Spread(75, 60));
    assertThat(row.figures().get(EvalReport.Figure.SLOP_PER_1000.ordinal()))
        .isEqualTo(new EvalReport.Spread(4, 6));
    assertThat(row.figures().get(EvalReport.Figure.JUDGE_SCORE.ordinal()).worst()).isEqualTo(0.6);
    assertThat(row.modelCalls()).isEqualTo(22);
    assertThat(row.tokens()).isEqualTo(4000);
    assertThat(EvalReport.tableRow(row))
        .startsWith("model.text=x")
        .contains("75.0/60.0", "4.00/6.00", "0.70/0.60")
        .endsWith("65.0");
  }

  @Test
  void writesTheRowsAsCsvAndAsAPageWithAChartPerFigure() throws Exception {
    EvalReport.Row row =
        EvalReport.Row.of("words=300", 1, List.of(completed("a", 80, 3, null, 5, 500)), 1234);

    List<Path> files = EvalReport.write(dir, List.of(row), "chelsea.png");

    assertThat(Files.readAllLines(files.get(0)))
        .containsExactly(
            "setting,books,completed,length_score_mean,length_score_worst,slop_per_1000_mean,"
                + "slop_per_1000_worst,repetition_mean,repetition_worst,"
                + "one_sentence_paragraphs_mean,one_sentence_paragraphs_worst,judge_score_mean,"
                + "judge_score_worst,model_calls,tokens,wall_time_ms",
            "\"words=300\",1,1,80.0000,80.0000,3.0000,3.0000,0.0200,0.0200,0.1000,0.1000,,,5,500,1234");
    String html = Files.readString(files.get(1));
    assertThat(html).contains("<td>words=300</td>", "chelsea.png");
    assertThat(html.split("<svg ", -1)).hasSize(EvalReport.Figure.values().length + 1);
  }

  @Test
  void aSettingIsAListOfPairsOrAPropertiesFileOfThem() throws Exception {
    EvalSetting listed = EvalSetting.parse("model.text=llama3.1:8b, words=120,chapters=2");
    Path file = dir.resolve("warm.properties");
    Files.writeString(file, "model.text.temperature=1.1\nlanguage=ja\n");
    EvalSetting filed = EvalSetting.parse(file.toString());

    assertThat(listed.values())
        .containsExactly(
            Map.entry("model.text", "llama3.1:8b"),
            Map.entry("words", "120"),
            Map.entry("chapters", "2"));
    assertThat(listed.request(BookRequest.DEFAULTS))
        .isEqualTo(new BookRequest(2, 5, 120, null, "en"));
    Config config = listed.config(Config.of(Map.of()));
    assertThat(config.string(new ConfigKey("model.text", "", "the text model")))
        .isEqualTo("llama3.1:8b");
    assertThat(config.isSet(new ConfigKey("words", "", "not a configuration key"))).isFalse();
    assertThat(filed.label()).isEqualTo("warm.properties");
    assertThat(filed.request(BookRequest.DEFAULTS).language()).isEqualTo("ja");
    assertThatThrownBy(() -> EvalSetting.parse("words:300")).hasMessageContaining("key=value");
    assertThatThrownBy(() -> EvalSetting.parse("words=many").request(BookRequest.DEFAULTS))
        .hasMessageContaining("whole numbers");
  }
}
