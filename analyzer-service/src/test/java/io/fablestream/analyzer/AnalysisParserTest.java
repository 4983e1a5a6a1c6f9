package io.fablestream.analyzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fablestream.events.ImageAnalysis;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisParserTest {

  @Test
  void goodAnswerIsReadWithStringsTrimmedAndListsDeduplicated() {
    String answer =
        """
        {"setting": "  A kitchen\\n at   dawn ",
         "characters": ["a tabby cat", "A Tabby Cat", " ", "an old woman"],
         "mood": "quiet",
         "objects": ["kettle", "KETTLE", "window"],
         "potentialConflicts": ["the cat wants the fish on the table"],
         "extra": "ignored"}
        """;

    AnalysisParser.Parsed parsed = AnalysisParser.parse(answer);

    assertThat(parsed)
        .isEqualTo(
            new AnalysisParser.Valid(
                ImageAnalysis.newBuilder()
                    .setSetting("A kitchen at dawn")
                    .setCharacters(List.of("a tabby cat", "an old woman"))
                    .setMood("quiet")
                    .setObjects(List.of("kettle", "window"))
                    .setPotentialConflicts(List.of("the cat wants the fish on the table"))
                    .build()));
  }

  @Test
  void answerInAMarkdownFenceIsStillRead() {
    String answer =
        "```json\n"
            + "{\"setting\":\"s\",\"characters\":[\"c\"],\"mood\":\"m\",\"objects\":[],"
            + "\"potentialConflicts\":[\"p\"]}\n```";

    assertThat(AnalysisParser.parse(answer)).isInstanceOf(AnalysisParser.Valid.class);
  }

  @Test
  void longStringsAndListsAreBounded() {
    String longSetting = "word ".repeat(500);
    StringBuilder objects = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      objects.append(i == 0 ? "" : ",").append("\"object ").append(i).append('"');
    }
    String answer =
        "{\"setting\":\""
            + longSetting
            + "\",\"characters\":[\"c\"],\"mood\":\"m\",\"objects\":["
            + objects
            + "],\"potentialConflicts\":[\"p\"]}";

    ImageAnalysis analysis = ((AnalysisParser.Valid) AnalysisParser.parse(answer)).analysis();

    assertThat(analysis.getSetting()).hasSizeLessThanOrEqualTo(AnalysisParser.MAX_SETTING_CHARS);
    assertThat(analysis.getSetting()).endsWith("word…");
    assertThat(analysis.getObjects()).hasSize(AnalysisParser.MAX_OBJECTS);
    assertThat(analysis.getObjects().get(0)).isEqualTo("object 0");
  }

  @Test
  void everyProblemIsNamedForTheRepairPrompt() {
    String answer =
        "{\"setting\": 42, \"characters\": [], \"objects\": \"a lamp\","
            + " \"potentialConflicts\": [\"\", 7]}";

    AnalysisParser.Parsed parsed = AnalysisParser.parse(answer);

    assertThat(parsed)
        .isEqualTo(
            new AnalysisParser.Invalid(
                List.of(
                    "\"setting\" must be a string, not a number",
                    "\"mood\" is missing",
                    "\"characters\" needs at least 1 non-empty entry",
                    "\"objects\" must be an array of strings, not a string",
                    "\"potentialConflicts\"[1] must be a string, not a number",
                    "\"potentialConflicts\" needs at least 1 non-empty entry")));
  }

  @Test
  void proseIsNotJson() {
    AnalysisParser.Parsed parsed = AnalysisParser.parse("I see a cat on a mat.");

    assertThat(parsed).isInstanceOf(AnalysisParser.Invalid.class);
    assertThat(((AnalysisParser.Invalid) parsed).describe())
        .startsWith("the answer is not valid JSON");
  }

  @Test
  void schemaIsValidJsonRequiringEveryField() throws Exception {
    var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(AnalysisParser.SCHEMA);

    assertThat(schema.get("required").toString())
        .isEqualTo("[\"setting\",\"characters\",\"mood\",\"objects\",\"potentialConflicts\"]");
  }
}
