package io.fablestream.platform.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.platform.memory.embed.MiniLmEmbedder;
import io.fablestream.platform.memory.lucene.LuceneVectorStore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Retrieval quality with the real model: three books of six chapters in one Lucene store, and
 * questions each labelled with the chapter that answers it. Recall@3 is the share of questions
 * whose chapter is among the three chunks retrieved for them.
 */
class RetrievalQualityTest {
  private static final double TARGET = 0.9;

  @TempDir Path dir;

  /**
   * lucene: the HNSW index; kafka: the exact per-book search chapter-service runs over the chunks
   * ChapterIndexed carried.
   */
  @ParameterizedTest
  @ValueSource(strings = {"lucene", "kafka"})
  void theChapterThatAnswersAQuestionIsAmongTheFirstThreeHits(String store) throws IOException {
    JsonNode set = readSet();
    List<String> misses = new ArrayList<>();
    int questions = 0;
    int found = 0;
    int first = 0;
    try (StoryMemory memory = memory(store)) {
      for (JsonNode book : set.get("books")) {
        int chapter = 1;
        for (JsonNode text : book.get("chapters")) {
          memory.index(
              new MemoryDocument(
                  book.get("id").asText(),
                  MemoryKind.CHAPTER,
                  chapter++,
                  text.asText(),
                  List.of()));
        }
      }
      for (JsonNode q : set.get("questions")) {
        questions++;
        int expected = q.get("chapter").asInt();
        List<MemoryHit> hits =
            memory.search(
                MemoryQuery.of(q.get("book").asText(), q.get("question").asText(), 3)
                    .ofKinds(EnumSet.of(MemoryKind.CHAPTER)));
        if (!hits.isEmpty() && hits.get(0).chapter() == expected) {
          first++;
        }
        if (hits.stream().anyMatch(hit -> hit.chapter() == expected)) {
          found++;
        } else {
          misses.add(
              q.get("question").asText()
                  + " (chapter "
                  + expected
                  + ", got "
                  + hits.stream().map(MemoryHit::chapter).toList()
                  + ")");
        }
      }
    }
    double recall = (double) found / questions;

    System.out.printf(
        "Retrieval recall@3 with all-MiniLM-L6-v2-q on %s: %.3f (%d of %d questions);"
            + " recall@1: %.3f%n",
        store, recall, found, questions, (double) first / questions);
    misses.forEach(miss -> System.out.println("  missed: " + miss));
    assertThat(questions).isGreaterThanOrEqualTo(30);
    assertThat(recall).as("recall@3, misses: %s", misses).isGreaterThanOrEqualTo(TARGET);
  }

  private StoryMemory memory(String kind) {
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    VectorStore store =
        kind.equals("kafka")
            ? new ExactVectorStore()
            : new LuceneVectorStore(dir.resolve("memory"));
    store.open(embedder.dimension());
    return new DefaultStoryMemory(
        new Chunker(500, 50), embedder, store, new SimpleMeterRegistry(), Tags.empty());
  }

  private static JsonNode readSet() throws IOException {
    try (InputStream in =
        RetrievalQualityTest.class.getResourceAsStream("/memory/retrieval-set.json")) {
      return new ObjectMapper().readTree(in);
    }
  }
}
