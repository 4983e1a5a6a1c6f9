package io.fablestream.platform.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A service keeps each pending model request as JSON in its ledger store and reads it back when the
 * answer comes, or when a task's next owner issues the call again, possibly after a deploy. So a
 * request must come back whole from Jackson, and the JSON of the request as it was before answer
 * bounds and roles must still read. The mapper is set up as the ledger's codec sets up its own.
 */
class ModelRequestJsonTest {
  private static final ObjectMapper LEDGER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};

  private static ModelRequest roundTrip(ModelRequest request) throws Exception {
    return LEDGER.readValue(LEDGER.writeValueAsBytes(request), ModelRequest.class);
  }

  @Test
  void aJudgeRequestComesBackWithItsAnswerBoundRoleAndOptions() throws Exception {
    ModelRequest judge =
        ModelRequest.text("llama3.1:8b", "You judge one chapter of a story.")
            .withSystem("You answer with JSON only.")
            .withJsonSchema("{\"type\": \"object\"}")
            .withOptions(Map.of("seed", 42, "top_p", 0.9, "stop", List.of("\n\n")))
            .withRole(ModelRole.JUDGE)
            .withAnswerWords(BookBudget.JUDGE_WORDS);

    assertThat(roundTrip(judge)).isEqualTo(judge);
  }

  @Test
  void aVisionRequestComesBackWithThePictureByteForByte() throws Exception {
    ModelRequest vision =
        ModelRequest.text("llava:7b", "Describe the picture.")
            .withImages(List.of(PNG))
            .withJsonSchema("json")
            .withRole(ModelRole.VISION)
            .withAnswerWords(BookBudget.ANALYSIS_WORDS);

    ModelRequest back = roundTrip(vision);

    // A record compares its byte arrays by identity, so the picture is compared on its own.
    assertThat(back.images()).singleElement().isEqualTo(PNG);
    assertThat(back.withImages(List.of())).isEqualTo(vision.withImages(List.of()));
  }

  @Test
  void aRequestKeptBeforeAnswerBoundsAndRolesReadsWithTheDefaults() throws Exception {
    // The JSON the ledger held for a judge call and for a vision call before this version.
    String judge =
        """
        {"model":"llama3.1:8b","system":null,"prompt":"You judge one chapter of a story.",
         "images":[],"jsonSchema":"{}","options":{"temperature":0}}""";
    String vision =
        """
        {"model":"llava:7b","system":"You are a careful observer.","prompt":"Look.",
         "images":["iVBORw0KGgo="],"jsonSchema":"{}","options":{"temperature":0.2}}""";

    ModelRequest oldJudge = LEDGER.readValue(judge, ModelRequest.class);
    ModelRequest oldVision = LEDGER.readValue(vision, ModelRequest.class);

    assertThat(oldJudge.answerWords()).isZero();
    assertThat(oldJudge.answerTokens()).isZero();
    assertThat(oldJudge.answerWordsOrDefault()).isEqualTo(ContextBudget.DEFAULT_ANSWER_WORDS);
    assertThat(oldJudge.role()).isEqualTo(ModelRole.TEXT);
    // The temperature it was first sent with rides in its options, which win over the role's.
    assertThat(oldJudge.options()).containsEntry("temperature", 0);
    assertThat(oldVision.role()).isEqualTo(ModelRole.VISION);
    assertThat(oldVision.images())
        .singleElement()
        .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
  }

  @Test
  void theJsonHoldsTheRecordsComponentsAndNothingElse() throws Exception {
    ModelRequest request =
        ModelRequest.text("llama3.1:8b", "Write chapter 1.").withAnswerWords(480);

    assertThat(LEDGER.readTree(LEDGER.writeValueAsBytes(request)).properties())
        .extracting(Map.Entry::getKey)
        .containsExactly(
            "model",
            "system",
            "prompt",
            "images",
            "jsonSchema",
            "options",
            "answerWords",
            "role",
            "answerTokens");
  }
}
