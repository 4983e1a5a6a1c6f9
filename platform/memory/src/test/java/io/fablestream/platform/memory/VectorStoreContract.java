package io.fablestream.platform.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link VectorStore} does, whatever keeps the vectors. A store's test extends this
 * class and says how to make a store ({@link #createStore()}) and, for a store that keeps its data,
 * how to open it again ({@link #reopen(VectorStore)}).
 *
 * <p>Each test works on books of its own (ids with a random prefix), so a store that is shared
 * between tests (one Qdrant container) needs no cleaning. Vectors are of {@link #DIMENSION} and
 * built so that their cosine to the query direction is known exactly.
 */
public abstract class VectorStoreContract {
  /** The dimension every test opens its store with. */
  protected static final int DIMENSION = 8;

  private final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
  private VectorStore store;

  /** A new store, not yet opened; the contract opens it with {@link #DIMENSION}. */
  protected abstract VectorStore createStore();

  /**
   * Closes a store that keeps its data and returns a new one over the same data, not yet opened.
   * Stores that keep nothing across a close leave this as it is: the restart test is then skipped.
   */
  protected VectorStore reopen(VectorStore closed) {
    Assumptions.abort("this store does not keep its data across a restart");
    return closed;
  }

  @BeforeEach
  final void openStore() {
    store = createStore();
    store.open(DIMENSION);
  }

  @AfterEach
  final void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /** The store under test, open. */
  protected final VectorStore store() {
    return store;
  }

  @Test
  void storedChunksAreFoundNearestFirstWithAllTheirMetadata() {
    String book = book("lantern");
    List<StoredChunk> chunks =
        List.of(
            chunk(book, MemoryKind.CHAPTER, 2, 0, "The lantern was blue.", 0.2, 1),
            chunk(book, MemoryKind.CHAPTER, 2, 1, "Mira crossed the bridge.", 0.9, 2),
            chunk(book, MemoryKind.CHAPTER, 2, 2, "The river froze.", 0.5, 3));

    store.replace(book, MemoryKind.CHAPTER, 2, chunks);
    List<MemoryHit> hits = store.search(query(), MemoryQuery.of(book, "bridge", 3));

    assertThat(hits)
        .extracting(MemoryHit::text)
        .containsExactly("Mira crossed the bridge.", "The river froze.", "The lantern was blue.");
    MemoryHit best = hits.get(0);
    assertThat(best)
        .usingRecursiveComparison()
        .ignoringFields("score")
        .isEqualTo(
            new MemoryHit(
                book,
                MemoryKind.CHAPTER,
                2,
                1,
                "Mira crossed the bridge.",
                List.of("lantern", "bridge"),
                0));
    assertThat(best.score()).as("score is the cosine similarity").isCloseTo(0.9, within(0.01));
    assertThat(hits.get(2).score()).isCloseTo(0.2, within(0.01));
  }

  @Test
  void anIdenticalVectorScoresOne() {
    String book = book("identical");
    StoredChunk only = chunk(book, MemoryKind.ANALYSIS, 0, 0, "A tower by the sea.", 1.0, 1);

    store.replace(book, MemoryKind.ANALYSIS, 0, List.of(only));

    assertThat(store.search(query(), MemoryQuery.of(book, "tower", 1)))
        .singleElement()
        .satisfies(hit -> assertThat(hit.score()).isCloseTo(1.0, within(0.001)));
  }

  @Test
  void theSameChunksStoredTwiceLeaveOneSet() {
    String book = book("twice");
    List<StoredChunk> chunks = chapter(book, 1, 4, 0.8);

    store.replace(book, MemoryKind.CHAPTER, 1, chunks);
    store.replace(book, MemoryKind.CHAPTER, 1, chunks);

    assertThat(store.search(query(), MemoryQuery.of(book, "anything", 20)))
        .extracting(MemoryHit::chunkIndex)
        .containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void replacingWithFewerChunksRemovesTheRest() {
    String book = book("shrink");
    store.replace(book, MemoryKind.CHAPTER, 3, chapter(book, 3, 5, 0.8));
    List<StoredChunk> rewritten =
        List.of(
            chunk(book, MemoryKind.CHAPTER, 3, 0, "Rewritten opening.", 0.7, 11),
            chunk(book, MemoryKind.CHAPTER, 3, 1, "Rewritten ending.", 0.6, 12));

    store.replace(book, MemoryKind.CHAPTER, 3, rewritten);

    assertThat(store.search(query(), MemoryQuery.of(book, "anything", 20)))
        .extracting(MemoryHit::chunkIndex, MemoryHit::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, "Rewritten opening."),
            org.assertj.core.groups.Tuple.tuple(1, "Rewritten ending."));
  }

  @Test
  void replacingOneDocumentLeavesTheOtherDocumentsOfTheBook() {
    String book = book("neighbours");
    store.replace(book, MemoryKind.ANALYSIS, 0, chapterOfKind(book, MemoryKind.ANALYSIS, 0, 2));
    store.replace(book, MemoryKind.CHAPTER, 1, chapter(book, 1, 3, 0.5));
    store.replace(book, MemoryKind.CHAPTER, 2, chapter(book, 2, 3, 0.5));

    store.replace(book, MemoryKind.CHAPTER, 2, List.of());

    assertThat(store.search(query(), MemoryQuery.of(book, "anything", 20)))
        .extracting(hit -> hit.kind() + "/" + hit.chapter())
        .containsExactlyInAnyOrder(
            "ANALYSIS/0", "ANALYSIS/0", "CHAPTER/1", "CHAPTER/1", "CHAPTER/1");
  }

  @Test
  void theBookFilterAppliesInsideTheSearch() {
    // Given another book whose 30 chunks are all nearer to the query than any of ours: a store
    // that took the 3 nearest and then dropped other books would return nothing.
    String crowded = book("crowded");
    String ours = book("ours");
    store.replace(crowded, MemoryKind.CHAPTER, 1, chapter(crowded, 1, 30, 0.95));
    store.replace(ours, MemoryKind.CHAPTER, 1, chapter(ours, 1, 5, 0.3));

    List<MemoryHit> hits = store.search(query(), MemoryQuery.of(ours, "anything", 3));

    assertThat(hits).hasSize(3).allSatisfy(hit -> assertThat(hit.bookId()).isEqualTo(ours));
  }

  @Test
  void theChapterRangeAppliesInsideTheSearch() {
    // Chapters 5 to 8 are nearest to the query; the range asks for chapters 2 to 3 only.
    String book = book("range");
    for (int chapter = 1; chapter <= 8; chapter++) {
      double closeness = chapter >= 5 ? 0.95 : 0.2 + chapter * 0.05;
      store.replace(book, MemoryKind.CHAPTER, chapter, chapter(book, chapter, 4, closeness));
    }

    List<MemoryHit> between =
        store.search(query(), MemoryQuery.of(book, "anything", 3).fromChapter(2).throughChapter(3));
    List<MemoryHit> from =
        store.search(query(), MemoryQuery.of(book, "anything", 6).fromChapter(7));

    assertThat(between)
        .hasSize(3)
        .allSatisfy(hit -> assertThat(hit.chapter()).isBetween(2, 3))
        .extracting(MemoryHit::chapter)
        .as("nearest first: chapter 3 is nearer than chapter 2")
        .containsExactly(3, 3, 3);
    assertThat(from).hasSize(6).allSatisfy(hit -> assertThat(hit.chapter()).isBetween(7, 8));
  }

  @Test
  void theKindFilterAppliesInsideTheSearch() {
    String book = book("kinds");
    store.replace(book, MemoryKind.CHAPTER, 1, chapter(book, 1, 20, 0.95));
    store.replace(book, MemoryKind.ANALYSIS, 0, chapterOfKind(book, MemoryKind.ANALYSIS, 0, 4));
    store.replace(book, MemoryKind.SUMMARY, 1, chapterOfKind(book, MemoryKind.SUMMARY, 1, 4));

    List<MemoryHit> analysis =
        store.search(
            query(), MemoryQuery.of(book, "anything", 3).ofKinds(EnumSet.of(MemoryKind.ANALYSIS)));
    List<MemoryHit> notChapters =
        store.search(
            query(),
            MemoryQuery.of(book, "anything", 8)
                .ofKinds(EnumSet.of(MemoryKind.ANALYSIS, MemoryKind.SUMMARY)));

    assertThat(analysis)
        .hasSize(3)
        .allSatisfy(hit -> assertThat(hit.kind()).isEqualTo(MemoryKind.ANALYSIS));
    assertThat(notChapters)
        .hasSize(8)
        .allSatisfy(hit -> assertThat(hit.kind()).isNotEqualTo(MemoryKind.CHAPTER));
  }

  @Test
  void searchReturnsAtMostKHits() {
    String book = book("k");
    store.replace(book, MemoryKind.CHAPTER, 1, chapter(book, 1, 10, 0.5));

    assertThat(store.search(query(), MemoryQuery.of(book, "anything", 4))).hasSize(4);
  }

  @Test
  void aBookWithNothingStoredHasNoHits() {
    store.replace(book("other"), MemoryKind.CHAPTER, 1, chapter(book("other"), 1, 3, 0.5));

    assertThat(store.search(query(), MemoryQuery.of(book("empty"), "anything", 3))).isEmpty();
  }

  @Test
  void deletingABookForgetsItAndOnlyIt() {
    String gone = book("gone");
    String kept = book("kept");
    store.replace(gone, MemoryKind.CHAPTER, 1, chapter(gone, 1, 3, 0.5));
    store.replace(gone, MemoryKind.ANALYSIS, 0, chapterOfKind(gone, MemoryKind.ANALYSIS, 0, 2));
    store.replace(kept, MemoryKind.CHAPTER, 1, chapter(kept, 1, 3, 0.5));

    store.deleteBook(gone);

    assertThat(store.search(query(), MemoryQuery.of(gone, "anything", 10))).isEmpty();
    assertThat(store.search(query(), MemoryQuery.of(kept, "anything", 10))).hasSize(3);
  }

  @Test
  void deletingChaptersFromARevisionsFirstKeepsTheAnalysisAndTheChaptersBefore() {
    String book = book("revised");
    String other = book("other");
    store.replace(book, MemoryKind.ANALYSIS, 0, chapterOfKind(book, MemoryKind.ANALYSIS, 0, 2));
    for (int n = 1; n <= 4; n++) {
      store.replace(book, MemoryKind.CHAPTER, n, chapter(book, n, 2, 0.5));
    }
    store.replace(other, MemoryKind.CHAPTER, 3, chapter(other, 3, 2, 0.5));

    store.deleteChapters(book, 3);

    assertThat(store.search(query(), MemoryQuery.of(book, "anything", 20)))
        .extracting(MemoryHit::chapter)
        .containsOnly(0, 1, 2)
        .hasSize(6);
    assertThat(store.search(query(), MemoryQuery.of(other, "anything", 20))).hasSize(2);
  }

  @Test
  void storedChunksSurviveARestart() {
    String book = book("restart");
    store.replace(book, MemoryKind.CHAPTER, 4, chapter(book, 4, 3, 0.7));

    VectorStore reopened = reopen(store);
    store = reopened;
    store.open(DIMENSION);

    assertThat(store.search(query(), MemoryQuery.of(book, "anything", 10)))
        .extracting(MemoryHit::chapter, MemoryHit::chunkIndex)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(4, 0),
            org.assertj.core.groups.Tuple.tuple(4, 1),
            org.assertj.core.groups.Tuple.tuple(4, 2));
  }

  /** A book id of this test run. */
  protected final String book(String name) {
    return prefix + name;
  }

  /** The query direction: the first axis. */
  protected static float[] query() {
    float[] v = new float[DIMENSION];
    v[0] = 1f;
    return v;
  }

  /**
   * A unit vector whose cosine to {@link #query()} is exactly {@code closeness}; {@code salt} turns
   * the rest of it to one of the other axes so that chunks differ.
   */
  protected static float[] vectorAt(double closeness, int salt) {
    float[] v = new float[DIMENSION];
    v[0] = (float) closeness;
    v[1 + Math.floorMod(salt, DIMENSION - 1)] = (float) Math.sqrt(1 - closeness * closeness);
    return v;
  }

  /** One chunk with the keywords {@code lantern, bridge} and a vector at the given closeness. */
  protected static StoredChunk chunk(
      String book,
      MemoryKind kind,
      int chapter,
      int index,
      String text,
      double closeness,
      int salt) {
    return new StoredChunk(
        book, kind, chapter, index, text, List.of("lantern", "bridge"), vectorAt(closeness, salt));
  }

  /** A chapter's chunks, all about equally near the query (a little less with each index). */
  protected static List<StoredChunk> chapter(String book, int chapter, int count, double near) {
    List<StoredChunk> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double closeness = near - i * 0.001;
      out.add(
          chunk(
              book,
              MemoryKind.CHAPTER,
              chapter,
              i,
              "Chapter " + chapter + ", part " + i + ".",
              closeness,
              i));
    }
    return out;
  }

  /** Chunks of another kind, far from the query. */
  protected static List<StoredChunk> chapterOfKind(
      String book, MemoryKind kind, int chapter, int count) {
    List<StoredChunk> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(chunk(book, kind, chapter, i, kind + " part " + i + ".", 0.1 + i * 0.01, i));
    }
    return out;
  }
}
