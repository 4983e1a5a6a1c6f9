package io.fablestream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void theRegistryNamesEveryTopicOfTheArchitecture() {
    assertThat(Topics.all().stream().map(Topic::name))
        .containsExactly(
            "fablestream.images.submitted",
            "fablestream.analysis.ready",
            "fablestream.chapters.written",
            "fablestream.chapters.indexed",
            "fablestream.arcs.summarized",
            "fablestream.books.completed",
            "fablestream.books.failed",
            "fablestream.books.revisions",
            "fablestream.books.planned",
            "fablestream.chapters.illustrated");
    assertThat(Topics.deadLetter("analyzer")).isEqualTo("fablestream.analyzer.dlq");
  }

  @Test
  void theJarPublishesEveryEventSchemaWithADocOnEveryField() throws Exception {
    for (Topic<?> topic : Topics.all()) {
      String resource = "io/fablestream/events/" + topic.valueType().getSimpleName() + ".avsc";
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
        assertThat(in).as(resource).isNotNull();
      }
      assertEveryFieldDocumented(
          (Schema) topic.valueType().getField("SCHEMA$").get(null), new java.util.HashSet<>());
    }
  }

  private static void assertEveryFieldDocumented(Schema schema, java.util.Set<String> seen) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        assertThat(schema.getDoc()).as(schema.getFullName()).isNotBlank();
        for (Schema.Field field : schema.getFields()) {
          assertThat(field.doc()).as(schema.getFullName() + "." + field.name()).isNotBlank();
          assertEveryFieldDocumented(field.schema(), seen);
        }
      }
      case UNION -> schema.getTypes().forEach(t -> assertEveryFieldDocumented(t, seen));
      case ARRAY -> assertEveryFieldDocumented(schema.getElementType(), seen);
      default -> {}
    }
  }

  @Test
  void theDefaultsAreTheArchitecturesDefaults() {
    var request = io.fablestream.events.ImageSubmitted.getClassSchema();
    assertThat(
            List.of("chapterCount", "arcLength", "wordsPerChapter").stream()
                .map(f -> request.getField(f).defaultVal()))
        .containsExactly(5, 5, 300);
  }
}
