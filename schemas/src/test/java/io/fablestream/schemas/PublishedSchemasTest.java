package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/schemas} (each event's schema with every named type inlined, and its
 * fingerprint) equal to the generated classes, so outside clients never read a stale contract. Run
 * with {@code -Dfablestream.schemas.write=true} to rewrite them after a schema change.
 */
class PublishedSchemasTest {
  private static final Path DOCS = Path.of("..", "docs", "schemas");

  @Test
  void theSelfContainedSchemasForOtherLanguagesMatchTheContract() throws IOException {
    boolean write = Boolean.getBoolean("fablestream.schemas.write");
    StringBuilder fingerprints =
        new StringBuilder("# event\tCRC-64-AVRO fingerprint (hex; on the wire little-endian)\n");
    for (Topic<?> topic : Topics.all()) {
      Schema schema = SpecificData.get().getSchema(topic.valueType());
      String json = forOtherLanguages(schema) + "\n";
      Path file = DOCS.resolve(schema.getName() + ".avsc");
      fingerprints
          .append(schema.getName())
          .append('\t')
          .append(HexFormat.of().toHexDigits(SchemaNormalization.parsingFingerprint64(schema)))
          .append('\n');
      if (write) {
        Files.createDirectories(DOCS);
        Files.writeString(file, json, StandardCharsets.UTF_8);
      }
      assertThat(file).as("run with -Dfablestream.schemas.write=true").hasContent(json.strip());
    }
    Path list = DOCS.resolve("fingerprints.tsv");
    if (write) {
      Files.writeString(list, fingerprints.toString(), StandardCharsets.UTF_8);
    }
    assertThat(list).hasContent(fingerprints.toString().strip());
  }

  /**
   * The schema as JSON without the Java-only {@code avro.java.string} property, which changes no
   * parsing form but trips canonicalisers of other languages (Python's avro 1.11 keeps {@code
   * {"type":"string"}} instead of {@code "string"} and so computes another fingerprint).
   */
  private static String forOtherLanguages(Schema schema) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode tree = strip(mapper.readTree(schema.toString()));
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
  }

  private static JsonNode strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("avro.java.string");
      if (object.size() == 1 && object.has("type") && object.get("type").isTextual()) {
        return object.get("type");
      }
      object.properties().forEach(e -> e.setValue(strip(e.getValue())));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, strip(array.get(i)));
      }
    }
    return node;
  }
}
