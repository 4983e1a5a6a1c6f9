package io.fablestream.platform.memory.qdrant;

import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.range;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.memory.StoredChunk;
import io.grpc.Metadata;
import io.grpc.Status;
import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.Points.CreateFieldIndexCollection;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests the Qdrant store sends, checked on Qdrant's own gRPC services in process: what the
 * collection is made of, how points are named and described, and what the search asks Qdrant to
 * filter.
 */
class QdrantVectorStoreTest {
  private static final int DIMENSION = 4;
  private static final String URL = "http://qdrant.test:6334";
  private static final String COLLECTION = "fablestream_chunks";

  private InProcessQdrant qdrant;
  private QdrantVectorStore store;

  @BeforeEach
  void startQdrant() throws Exception {
    qdrant = new InProcessQdrant();
  }

  @AfterEach
  void stopQdrant() {
    if (store != null) {
      store.close();
    }
    qdrant.close();
  }

  private QdrantVectorStore store(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(Map.of("qdrant.url", URL, "qdrant.timeout", "5s"));
    values.putAll(extra);
    store = QdrantVectorStore.on(QdrantSettings.from(Config.of(values)), qdrant.channel());
    return store;
  }

  private QdrantVectorStore openStore() {
    store(Map.of()).open(DIMENSION);
    return store;
  }

  @Test
  void openCreatesTheCollectionWithTheEmbeddersDimensionAndCosineDistance() {
    openStore();

    assertThat(qdrant.requests(CreateCollection.class))
        .containsExactly(
            CreateCollection.newBuilder()
                .setCollectionName(COLLECTION)
                .setVectorsConfig(
                    VectorsConfig.newBuilder()
                        .setParams(
                            VectorParams.newBuilder()
                                .setSize(DIMENSION)
                                .setDistance(Distance.Cosine)))
                .build());
  }

  @Test
  void openIndexesTheFilteredPayloadFieldsAndWaitsForTheIndexes() {
    openStore();

    assertThat(qdrant.requests(CreateFieldIndexCollection.class))
        .containsExactly(
            fieldIndex("bookId", FieldType.FieldTypeKeyword),
            fieldIndex("chapter", FieldType.FieldTypeInteger),
            fieldIndex("kind", FieldType.FieldTypeKeyword));
  }

  @Test
  void openKeepsAnExistingCollectionOfTheSameDimension() {
    qdrant.givenCollection(COLLECTION, DIMENSION);

    openStore();

    assertThat(qdrant.requests(CreateCollection.class)).isEmpty();
    assertThat(qdrant.requests(CreateFieldIndexCollection.class)).hasSize(3);
  }

  @Test
  void openRefusesACollectionMadeForAnotherEmbedder() {
    qdrant.givenCollection(COLLECTION, 768);

    assertThatThrownBy(() -> store(Map.of()).open(DIMENSION))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Qdrant collection fablestream_chunks at " + URL)
        .hasMessageContaining("4 dimensions")
        .hasMessageContaining("qdrant.collection");
  }

  @Test
  void replaceUpsertsOnePointPerChunkWithItsMetadataAndWaitsForTheWrite() {
    openStore();
    StoredChunk chunk =
        new StoredChunk(
            "book-1",
            MemoryKind.CHAPTER,
            3,
            0,
            "Mira lit the blue lantern.",
            List.of("Mira", "lantern"),
            new float[] {0.1f, 0.2f, 0.3f, 0.4f});

    store.replace("book-1", MemoryKind.CHAPTER, 3, List.of(chunk));

    assertThat(qdrant.requests(UpsertPoints.class))
        .containsExactly(
            UpsertPoints.newBuilder()
                .setCollectionName(COLLECTION)
                .setWait(true)
                .addPoints(
                    PointStruct.newBuilder()
                        .setId(id(derivedId("book-1", "CHAPTER", 3, 0)))
                        .setVectors(vectors(0.1f, 0.2f, 0.3f, 0.4f))
                        .putPayload("bookId", value("book-1"))
                        .putPayload("kind", value("chapter"))
                        .putPayload("chapter", value(3))
                        .putPayload("chunkIndex", value(0))
                        .putPayload("keywords", list(List.of(value("Mira"), value("lantern"))))
                        .putPayload("text", value("Mira lit the blue lantern.")))
                .build());
  }

  @Test
  void replaceThenDeletesTheDocumentsChunksBeyondTheNewCount() {
    openStore();

    store.replace("book-1", MemoryKind.SUMMARY, 6, chunks("book-1", MemoryKind.SUMMARY, 6, 2));

    assertThat(qdrant.requests(DeletePoints.class))
        .containsExactly(
            deleteWhere(
                Filter.newBuilder()
                    .addMust(matchKeyword("bookId", "book-1"))
                    .addMust(matchKeyword("kind", "summary"))
                    .addMust(match("chapter", 6))
                    .addMust(range("chunkIndex", Range.newBuilder().setGte(2).build()))
                    .build()));
  }

  @Test
  void pointIdsFollowFromBookKindChapterAndChunkSoAReindexOverwrites() {
    openStore();
    List<StoredChunk> first = chunks("book-1", MemoryKind.CHAPTER, 2, 3);

    store.replace("book-1", MemoryKind.CHAPTER, 2, first);
    store.replace("book-1", MemoryKind.CHAPTER, 2, chunks("book-1", MemoryKind.CHAPTER, 2, 3));

    List<UpsertPoints> upserts = qdrant.requests(UpsertPoints.class);
    assertThat(upserts).hasSize(2);
    assertThat(ids(upserts.get(1)))
        .isEqualTo(ids(upserts.get(0)))
        .containsExactly(
            derivedId("book-1", "CHAPTER", 2, 0).toString(),
            derivedId("book-1", "CHAPTER", 2, 1).toString(),
            derivedId("book-1", "CHAPTER", 2, 2).toString());
    assertThat(qdrant.points(COLLECTION)).hasSize(3);
  }

  @Test
  void theSameChunkOfAnotherBookKindOrChapterHasAnotherId() {
    assertThat(
            List.of(
                derivedId("book-1", "CHAPTER", 2, 0),
                derivedId("book-2", "CHAPTER", 2, 0),
                derivedId("book-1", "SUMMARY", 2, 0),
                derivedId("book-1", "CHAPTER", 3, 0),
                derivedId("book-1", "CHAPTER", 2, 1)))
        .doesNotHaveDuplicates();
  }

  @Test
  void searchAsksQdrantToFilterByBookChapterFromNMinusThreeAndKinds() {
    openStore();
    int chapterBeingWritten = 5;
    MemoryQuery query =
        MemoryQuery.of("book-1", "where is the lantern", 4)
            .fromChapter(chapterBeingWritten - 3)
            .ofKinds(EnumSet.of(MemoryKind.CHAPTER, MemoryKind.SUMMARY));

    store.search(new float[] {1f, 0f, 0f, 0f}, query);

    assertThat(qdrant.requests(QueryPoints.class))
        .containsExactly(
            QueryPoints.newBuilder()
                .setCollectionName(COLLECTION)
                .setQuery(nearest(1f, 0f, 0f, 0f))
                .setFilter(
                    Filter.newBuilder()
                        .addMust(matchKeyword("bookId", "book-1"))
                        .addMust(range("chapter", Range.newBuilder().setGte(2).build()))
                        .addMust(matchKeywords("kind", List.of("chapter", "summary"))))
                .setLimit(4)
                .setWithPayload(enable(true))
                .build());
  }

  @Test
  void aChapterRangeWithAnEndBoundsTheChapterOnBothSides() {
    openStore();

    store.search(
        new float[] {1f, 0f, 0f, 0f},
        MemoryQuery.of("book-1", "x", 3).fromChapter(2).throughChapter(4));

    assertThat(qdrant.requests(QueryPoints.class).get(0).getFilter().getMustList())
        .contains(range("chapter", Range.newBuilder().setGte(2).setLte(4).build()));
  }

  @Test
  void deleteBookDeletesEveryPointOfTheBookByFilter() {
    openStore();

    store.deleteBook("book-9");

    assertThat(qdrant.requests(DeletePoints.class))
        .containsExactly(
            deleteWhere(Filter.newBuilder().addMust(matchKeyword("bookId", "book-9")).build()));
  }

  @Test
  void theConfiguredApiKeyIsSentAsTheApiKeyHeaderOnEveryCall() {
    store(Map.of("qdrant.api.key", "s3cret")).open(DIMENSION);
    store.deleteBook("book-1");

    assertThat(qdrant.headers())
        .hasSize(qdrant.requests().size())
        .allSatisfy(h -> assertThat(h.get(apiKey())).isEqualTo("s3cret"));
  }

  @Test
  void aKeyQdrantRefusesFailsAsStoreUnavailableNamingTheKeySetting() {
    qdrant.requireApiKey("the-right-key");

    assertThatThrownBy(() -> store(Map.of("qdrant.api.key", "an-old-key")).open(DIMENSION))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("Qdrant at " + URL + " refused the credentials (qdrant.api.key)")
        .hasMessageNotContaining("an-old-key");
  }

  @Test
  void withoutAnApiKeyNoApiKeyHeaderIsSent() {
    openStore();

    assertThat(qdrant.headers()).isNotEmpty().allSatisfy(h -> assertThat(h.get(apiKey())).isNull());
  }

  @Test
  void aQdrantAnsweringUnavailableMakesOpenFailAsStoreUnavailableNamingTheUrl() {
    qdrant.failEveryCall(Status.UNAVAILABLE.withDescription("Service is shutting down"));

    assertThatThrownBy(() -> store(Map.of()).open(DIMENSION))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("Qdrant at " + URL + " is unavailable")
        .hasMessageContaining("UNAVAILABLE");
  }

  @Test
  void aQdrantThatGoesDownMakesWritesAndSearchesFailAsStoreUnavailable() {
    openStore();
    qdrant.failEveryCall(Status.UNAVAILABLE);

    assertThatThrownBy(
            () ->
                store.replace(
                    "book-1", MemoryKind.CHAPTER, 1, chunks("book-1", MemoryKind.CHAPTER, 1, 2)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining(URL);
    assertThatThrownBy(() -> store.search(new float[DIMENSION], MemoryQuery.of("book-1", "x", 3)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining(URL);
    assertThatThrownBy(() -> store.deleteBook("book-1"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining(URL);
  }

  @Test
  void aServerThatIsGoneMakesCallsFailAsStoreUnavailable() {
    openStore();
    qdrant.close();

    assertThatThrownBy(() -> store.search(new float[DIMENSION], MemoryQuery.of("book-1", "x", 3)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("Qdrant at " + URL + " is unavailable");
  }

  @Test
  void fromConfigOnAPortWhereNothingListensFailsAsStoreUnavailableNamingTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;

    try (QdrantVectorStore unreachable =
        QdrantVectorStore.fromConfig(Config.of(Map.of("qdrant.url", url)))) {
      assertThatThrownBy(() -> unreachable.open(DIMENSION))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("Qdrant at " + url + " is unavailable");
    }
  }

  @Test
  void aQdrantThatDoesNotAnswerFailsAsStoreUnavailableAtTheDeadline() {
    store(Map.of("qdrant.timeout", "200ms")).open(DIMENSION);
    qdrant.answerNothing();

    assertThatThrownBy(() -> store.deleteBook("book-1"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("Qdrant at " + URL + " did not answer in time")
        .hasMessageContaining("DEADLINE_EXCEEDED");
  }

  @Test
  void aChunkOfAnotherDimensionIsRefusedBeforeAnythingIsSent() {
    openStore();
    int sent = qdrant.requests().size();

    assertThatThrownBy(
            () ->
                store.replace(
                    "book-1",
                    MemoryKind.CHAPTER,
                    1,
                    List.of(
                        new StoredChunk(
                            "book-1", MemoryKind.CHAPTER, 1, 0, "x", List.of(), new float[3]))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(qdrant.requests()).hasSize(sent);
  }

  private static CreateFieldIndexCollection fieldIndex(String field, FieldType type) {
    return CreateFieldIndexCollection.newBuilder()
        .setCollectionName(COLLECTION)
        .setFieldName(field)
        .setFieldType(type)
        .setWait(true)
        .build();
  }

  private static DeletePoints deleteWhere(Filter filter) {
    return DeletePoints.newBuilder()
        .setCollectionName(COLLECTION)
        .setWait(true)
        .setPoints(PointsSelector.newBuilder().setFilter(filter))
        .build();
  }

  /** The id the design gives a chunk: a name-based UUID of its place in the story. */
  private static UUID derivedId(String book, String kind, int chapter, int chunk) {
    String key = book + '\u0000' + kind + '\u0000' + chapter + '\u0000' + chunk;
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> ids(UpsertPoints upsert) {
    return upsert.getPointsList().stream().map(p -> p.getId().getUuid()).toList();
  }

  private static List<StoredChunk> chunks(String book, MemoryKind kind, int chapter, int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(
            i ->
                new StoredChunk(
                    book,
                    kind,
                    chapter,
                    i,
                    "part " + i,
                    List.of("lantern"),
                    new float[] {1f, i, 0f, 0f}))
        .toList();
  }

  private static Metadata.Key<String> apiKey() {
    return Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);
  }
}
