package io.fablestream.chapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fablestream.events.AnalysisReady;
import io.fablestream.events.ChapterIndexed;
import io.fablestream.events.ChapterWritten;
import io.fablestream.events.MemoryChunk;
import io.fablestream.platform.config.Config;
import io.fablestream.platform.memory.ExactSearch;
import io.fablestream.platform.memory.MemoryDocument;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.StoredChunk;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.memory.configured.StoryMemories;
import io.fablestream.platform.model.ModelRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same books, made of the same events, with story memory in Lucene and kept in Kafka: each
 * chapter's prompt carries the same passages from earlier in the book, the picture's analysis among
 * them. The chapters are the retrieval set's (three books of six chapters, each with names, places
 * and objects of its own), cut into small chunks so that a recall chooses 3 of about a dozen; the
 * embedder is the real MiniLM. The indexer's part is played here as the indexer plays it: with
 * Lucene each document is indexed into the store chapter-service searches, with Kafka its chunks
 * and vectors ride on ChapterIndexed (the analysis's as chapter 0) into chapter-service's own
 * store.
 */
class RetrievalParityTest {
  private static final Map<String, String> MEMORY =
      Map.of("memory.chunk.size", "160", "memory.chunk.overlap", "20");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void luceneAndKafkaGiveEveryChapterTheSamePassages() throws IOException {
    JsonNode set;
    try (InputStream in = getClass().getResourceAsStream("/memory/retrieval-set.json")) {
      set = JSON.readTree(in);
    }
    Map<String, String> lucene = new LinkedHashMap<>();
    Map<String, String> kafka = new LinkedHashMap<>();
    for (JsonNode book : set.get("books")) {
      List<String> chapters = new ArrayList<>();
      book.get("chapters").forEach(c -> chapters.add(c.asText()));
      String id = book.get("id").asText();
      lucene.putAll(passages(id, chapters, "lucene"));
      kafka.putAll(passages(id, chapters, "kafka"));
    }

    assertThat(kafka).isEqualTo(lucene);
    // Retrieval leaves out what the prompt already carries (the picture, in the system block, and
    // the previous chapter's end), so a chapter may recall nothing new; most of the 15 later
    // chapters recall something, from any earlier chapter, not only the one before.
    assertThat(lucene.values().stream().filter(p -> !p.isEmpty())).hasSizeGreaterThan(10);
    assertThat(kafka.values()).anySatisfy(p -> assertThat(p).contains("[chapter 1] "));
    assertThat(kafka.values())
        .anySatisfy(p -> assertThat(p).contains("[chapter 2] ").contains("[chapter 3] "));
  }

  /**
   * Writes one book of six chapters (the writer answers with the set's texts) with the story memory
   * of {@code store}, and gives each chapter's passages from earlier in the book, by chapter.
   */
  private Map<String, String> passages(String bookId, List<String> texts, String store) {
    Map<String, String> config = new java.util.HashMap<>(MEMORY);
    config.put("memory.store", store);
    config.put("memory.lucene.dir", dir.resolve(bookId + "-lucene").toString());
    try (StoryMemory memory = StoryMemories.open(Config.of(config), new SimpleMeterRegistry());
        ChapterLine line = new ChapterLine(Map.of(), null, memory)) {
      line.story.writer((n, attempt) -> StoryModel.chapterJson(n, texts.get(n - 1)));
      AnalysisReady ready = ChapterLine.analysisOf(bookId, texts.size(), 2);
      ready.setWordsPerChapter(80);
      line.analysis.pipeInput(bookId, ready);
      line.settle();
      index(line, memory, store, analysisDocument(bookId, texts.get(0)));
      int through = 0;
      while (line.completed.isEmpty()) {
        List<ChapterWritten> written = line.chapters.readValuesToList();
        assertThat(written).as("%s: a chapter after chapter %d", store, through).isNotEmpty();
        for (ChapterWritten chapter : written) {
          int n = chapter.getChapterNumber();
          through = n;
          index(
              line,
              memory,
              store,
              new MemoryDocument(
                  bookId, MemoryKind.CHAPTER, n, chapter.getText(), chapter.getKeywords()));
          if (n % 2 == 0 || n == texts.size()) {
            line.arcSummarized(bookId, n % 2 == 0 ? n - 1 : n, n);
          }
        }
      }
      Map<String, String> passages = new LinkedHashMap<>();
      for (ModelRequest request : line.writerRequests()) {
        String prompt = request.prompt();
        int start = prompt.indexOf("PASSAGES FROM EARLIER IN THE BOOK");
        int end = prompt.indexOf("\nTHIS CHAPTER\n");
        int chapter = Integer.parseInt(prompt.replaceAll("(?s).*Write chapter (\\d+) of.*", "$1"));
        passages.put(bookId + " " + chapter, start < 0 ? "" : prompt.substring(start, end));
      }
      assertThat(passages).as(store).hasSize(texts.size());
      return passages;
    }
  }

  /** What the indexer does with a document, for the store of this run. */
  private static void index(
      ChapterLine line, StoryMemory memory, String store, MemoryDocument document) {
    String bookId = document.bookId();
    int n = document.chapter();
    if (store.equals("lucene")) {
      int count = memory.index(document);
      if (n > 0) {
        line.indexed.pipeInput(bookId, new ChapterIndexed(bookId, n, count, 1, List.of()));
      }
    } else {
      List<MemoryChunk> chunks = new ArrayList<>();
      for (StoredChunk c : memory.prepare(document)) {
        chunks.add(
            new MemoryChunk(
                c.chunkIndex(), c.text(), c.keywords(), ExactSearch.toBytes(c.vector())));
      }
      line.indexed.pipeInput(bookId, new ChapterIndexed(bookId, n, chunks.size(), 1, chunks));
    }
    line.settle();
  }

  /**
   * The analysis as the indexer writes it: prose, with the characters and objects as keywords; its
   * setting is the book's opening sentence, as a picture of the book's place would give it.
   */
  private static MemoryDocument analysisDocument(String bookId, String firstChapter) {
    var analysis = ChapterLine.imageAnalysis();
    String text =
        "Setting: "
            + firstChapter.substring(0, firstChapter.indexOf('.'))
            + ".\nCharacters: "
            + String.join(", ", analysis.getCharacters())
            + ".\nMood: "
            + analysis.getMood()
            + ".\nObjects: "
            + String.join(", ", analysis.getObjects())
            + ".\nConflicts: "
            + String.join("; ", analysis.getPotentialConflicts())
            + ".\n";
    List<String> keywords = new ArrayList<>(analysis.getCharacters());
    keywords.addAll(analysis.getObjects());
    return new MemoryDocument(bookId, MemoryKind.ANALYSIS, 0, text, keywords);
  }
}
