package io.fablestream.platform.memory.qdrant;

import static io.qdrant.client.QueryFactory.nearest;
import static io.qdrant.client.WithPayloadSelectorFactory.enable;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.memory.ChunkFields;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.memory.StoredChunk;
import io.fablestream.platform.memory.VectorStore;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.VersionsCompatibilityChecker;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.DeletePoints;
import io.qdrant.client.grpc.Points.PointsSelector;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.UpsertPoints;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Story memory's vector store on Qdrant, over gRPC with the official Java client: one collection of
 * chunk points with cosine distance, payload indexes on the filtered fields, and filters applied by
 * Qdrant inside the search.
 */
public final class QdrantVectorStore implements VectorStore {
  private static final Logger LOG = LoggerFactory.getLogger(QdrantVectorStore.class);

  /** Points per upsert request: keeps each request far below Qdrant's request size limit. */
  static final int UPSERT_BATCH = 256;

  private final QdrantClient client;
  private final String collection;
  private final String target;
  private final QdrantCalls calls;
  private volatile int dimension;

  QdrantVectorStore(QdrantClient client, String collection, String target) {
    this.client = client;
    this.collection = collection;
    this.target = target;
    this.calls = new QdrantCalls(target);
  }

  /** The store the {@code qdrant.*} settings describe; nothing is sent before {@link #open}. */
  public static QdrantVectorStore fromConfig(Config config) {
    QdrantSettings settings = QdrantSettings.from(config);
    // The version check of the client's builder blocks without a deadline: open() does it.
    return create(
        settings,
        QdrantGrpcClient.newBuilder(settings.host(), settings.port(), settings.tls(), false));
  }

  /** The store on a channel the caller made, with the settings' key, timeout and collection. */
  static QdrantVectorStore on(QdrantSettings settings, ManagedChannel channel) {
    return create(settings, QdrantGrpcClient.newBuilder(channel, true, false));
  }

  private static QdrantVectorStore create(QdrantSettings settings, QdrantGrpcClient.Builder grpc) {
    grpc.withTimeout(settings.timeout());
    settings.apiKey().ifPresent(grpc::withApiKey);
    if (settings.apiKey().isPresent() && !settings.tls()) {
      LOG.warn("Qdrant API key configured for {} without TLS: it travels in clear", settings.url());
    }
    return new QdrantVectorStore(
        new QdrantClient(grpc.build()), settings.collection(), settings.url().toString());
  }

  @Override
  public void open(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be at least 1: " + dimension);
    }
    String server = calls.await(client.healthCheckAsync(), "answer a health check").getVersion();
    LOG.info("Qdrant {} at {}", server, target);
    String clientVersion = QdrantGrpcClient.class.getPackage().getImplementationVersion();
    if (clientVersion != null
        && !VersionsCompatibilityChecker.isCompatible(clientVersion, server)) {
      LOG.warn("Qdrant {} at {} may not understand client {}", server, target, clientVersion);
    }
    if (calls.await(
        client.collectionExistsAsync(collection), "tell whether " + collection + " exists")) {
      checkDimension(dimension);
    } else {
      createCollection(dimension);
    }
    index(ChunkFields.BOOK_ID, PayloadSchemaType.Keyword);
    index(ChunkFields.CHAPTER, PayloadSchemaType.Integer);
    index(ChunkFields.KIND, PayloadSchemaType.Keyword);
    this.dimension = dimension;
  }

  private void createCollection(int dimension) {
    VectorParams params =
        VectorParams.newBuilder().setSize(dimension).setDistance(Distance.Cosine).build();
    try {
      calls.await(
          client.createCollectionAsync(collection, params), "create the collection " + collection);
      LOG.info("Created Qdrant collection {} ({} dimensions, cosine)", collection, dimension);
    } catch (StoreUnavailableException e) {
      // Another instance may have created it between our check and our create: that is fine.
      if (QdrantCalls.code(e) != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
      checkDimension(dimension);
    }
  }

  private void checkDimension(int dimension) {
    VectorsConfig vectors =
        calls
            .await(
                client.getCollectionInfoAsync(collection), "describe the collection " + collection)
            .getConfig()
            .getParams()
            .getVectorsConfig();
    if (!vectors.hasParams() || vectors.getParams().getSize() != dimension) {
      throw new IllegalStateException(
          "Qdrant collection "
              + collection
              + " at "
              + target
              + " does not hold one unnamed vector of "
              + dimension
              + " dimensions (it has "
              + vectors
              + "): the embedder changed. Set qdrant.collection to a new name, or delete the"
              + " collection to index again.");
    }
  }

  private void index(String field, PayloadSchemaType type) {
    // Creating an index that exists is a no-op in Qdrant, so open() may run on every start.
    calls.confirm(
        client.createPayloadIndexAsync(collection, field, type, null, true, null, null),
        "index the payload field " + field);
  }

  @Override
  public void replace(String bookId, MemoryKind kind, int chapter, List<StoredChunk> chunks) {
    int dim = requireOpen();
    for (StoredChunk chunk : chunks) {
      if (!chunk.bookId().equals(bookId) || chunk.kind() != kind || chunk.chapter() != chapter) {
        throw new IllegalArgumentException(
            "chunk of " + chunk.bookId() + "/" + chunk.kind() + "/" + chunk.chapter() + " given");
      }
      if (chunk.vector().length != dim
          || chunk.chunkIndex() < 0
          || chunk.chunkIndex() >= chunks.size()) {
        // An index past the count would be deleted below as a leftover of a longer version.
        throw new IllegalArgumentException(
            "chunk "
                + chunk.chunkIndex()
                + " of "
                + chunks.size()
                + " with a vector of "
                + chunk.vector().length
                + " dimensions; expected indexes from 0 and "
                + dim);
      }
    }
    for (int from = 0; from < chunks.size(); from += UPSERT_BATCH) {
      List<StoredChunk> batch = chunks.subList(from, Math.min(chunks.size(), from + UPSERT_BATCH));
      UpsertPoints upsert =
          UpsertPoints.newBuilder()
              .setCollectionName(collection)
              .addAllPoints(batch.stream().map(ChunkPoints::point).toList())
              .setWait(true)
              .build();
      String what = "upsert " + batch.size() + " points of " + bookId + " into " + collection;
      calls.confirm(client.upsertAsync(upsert), what);
    }
    delete(
        ChunkPoints.chunksFrom(bookId, kind, chapter, chunks.size()),
        "delete the chunks of " + bookId + " beyond " + chunks.size());
  }

  @Override
  public List<MemoryHit> search(float[] vector, MemoryQuery query) {
    int dim = requireOpen();
    if (vector.length != dim) {
      throw new IllegalArgumentException(
          "query vector has " + vector.length + " dimensions; the collection " + dim);
    }
    if (query.kinds().isEmpty()) {
      return List.of();
    }
    QueryPoints request =
        QueryPoints.newBuilder()
            .setCollectionName(collection)
            .setQuery(nearest(vector))
            .setFilter(ChunkPoints.searchFilter(query))
            .setLimit(query.k())
            .setWithPayload(enable(true))
            .build();
    return calls.await(client.queryAsync(request), "search " + collection).stream()
        .map(ChunkPoints::hit)
        .toList();
  }

  @Override
  public void deleteBook(String bookId) {
    delete(ChunkPoints.book(bookId), "delete the book " + bookId);
  }

  @Override
  public void deleteChapters(String bookId, int fromChapter) {
    delete(
        ChunkPoints.chaptersFrom(bookId, fromChapter),
        "delete chapters " + fromChapter + "- of " + bookId);
  }

  private void delete(Filter filter, String what) {
    DeletePoints request =
        DeletePoints.newBuilder()
            .setCollectionName(collection)
            .setPoints(PointsSelector.newBuilder().setFilter(filter))
            .setWait(true)
            .build();
    calls.confirm(client.deleteAsync(request), what);
  }

  @Override
  public void close() {
    client.close();
  }

  private int requireOpen() {
    int dim = dimension;
    if (dim == 0) {
      throw new IllegalStateException("open(dimension) the Qdrant store before using it");
    }
    return dim;
  }
}
