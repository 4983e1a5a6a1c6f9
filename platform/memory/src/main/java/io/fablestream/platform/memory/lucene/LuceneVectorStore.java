package io.fablestream.platform.memory.lucene;

import static io.fablestream.platform.memory.ChunkFields.BOOK_ID;
import static io.fablestream.platform.memory.ChunkFields.CHAPTER;
import static io.fablestream.platform.memory.ChunkFields.CHUNK_INDEX;
import static io.fablestream.platform.memory.ChunkFields.KEYWORDS;
import static io.fablestream.platform.memory.ChunkFields.KIND;
import static io.fablestream.platform.memory.ChunkFields.TEXT;

import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.fablestream.platform.memory.StoredChunk;
import io.fablestream.platform.memory.VectorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.IOUtils;

/**
 * Story memory's vectors in an on-disk Lucene index: an HNSW graph over unit vectors (dot product,
 * which is the cosine for them), with the chunk's metadata as indexed fields so that the book,
 * chapter range and kind filters run inside the nearest-neighbour search.
 *
 * <p>Thread-safe: writes go through one {@link IndexWriter} (itself thread-safe) and are committed
 * before {@link #replace} returns, so a chapter reported indexed survives a crash; searches take a
 * near-real-time searcher from a {@link SearcherManager} that every write refreshes.
 */
public final class LuceneVectorStore implements VectorStore {
  static final String ID = "id";
  static final String DOCUMENT = "document";
  static final String VECTOR = "vector";

  private final Path directory;
  private FSDirectory luceneDirectory;
  private IndexWriter writer;
  private SearcherManager searchers;
  private volatile int dimension;
  private final Object commitLock = new Object();
  private volatile long committedSeqNo = -1;

  /** A store over the index in {@code directory}, created on {@link #open(int)} when absent. */
  public LuceneVectorStore(Path directory) {
    this.directory = Objects.requireNonNull(directory);
  }

  /** Where the index lives. */
  public Path directory() {
    return directory;
  }

  @Override
  public synchronized void open(int dimension) {
    if (writer != null) {
      throw new IllegalStateException("The Lucene vector store in " + directory + " is open");
    }
    this.dimension = dimension;
    this.committedSeqNo = -1;
    try {
      Files.createDirectories(directory);
      luceneDirectory = FSDirectory.open(directory);
      IndexWriterConfig config = new IndexWriterConfig();
      config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      config.setCommitOnClose(true);
      // Every replace commits a small segment. Lucene by default waits up to 500 ms at each commit
      // for merges of the new small segments, and merging means rebuilding HNSW graphs: that put
      // up to half a second on a chapter's write. Merges still run, in the background.
      config.setMaxFullFlushMergeWaitMillis(0);
      writer = new IndexWriter(luceneDirectory, config);
      searchers = new SearcherManager(writer, null);
      checkDimension(dimension);
    } catch (LockObtainFailedException e) {
      closeQuietly();
      throw new StoreUnavailableException(
          "Another process holds the Lucene index in "
              + directory
              + "; give each process its own memory.lucene.dir",
          e);
    } catch (IOException e) {
      closeQuietly();
      throw new StoreUnavailableException(
          "Cannot open the Lucene index in " + directory + ": " + e.getMessage(), e);
    }
  }

  private void checkDimension(int expected) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      FieldInfo vectors =
          FieldInfos.getMergedFieldInfos(searcher.getIndexReader()).fieldInfo(VECTOR);
      if (vectors != null && vectors.getVectorDimension() != expected) {
        throw new IllegalStateException(
            "The Lucene index in "
                + directory
                + " holds vectors of dimension "
                + vectors.getVectorDimension()
                + " but the embedder makes "
                + expected
                + ": point memory.lucene.dir at another directory for this embedder, or delete"
                + " the index and index the books again");
      }
    } finally {
      searchers.release(searcher);
    }
  }

  @Override
  public void replace(String bookId, MemoryKind kind, int chapter, List<StoredChunk> chunks) {
    List<Document> documents = new ArrayList<>(chunks.size());
    for (StoredChunk chunk : chunks) {
      if (!chunk.bookId().equals(bookId) || chunk.kind() != kind || chunk.chapter() != chapter) {
        throw new IllegalArgumentException(
            "Chunk " + chunk.pointId() + " is not of " + bookId + "/" + kind + "/" + chapter);
      }
      if (chunk.vector().length != dimension) {
        throw new IllegalArgumentException(
            "Vector of dimension " + chunk.vector().length + ", the index takes " + dimension);
      }
      documents.add(toDocument(chunk));
    }
    try {
      // One atomic step: the document's old chunks go and its new ones come in together, so a
      // concurrent search sees either the old set or the new one, and a shorter rewrite leaves no
      // chunk behind. Every chunk keeps the point id derived from (bookId, kind, chapter, index).
      IndexWriter w = writer();
      Term document = new Term(DOCUMENT, documentKey(bookId, kind, chapter));
      long seqNo;
      if (documents.isEmpty()) {
        // Lucene's updateDocuments with no documents trips its own flush accounting.
        seqNo = w.deleteDocuments(document);
      } else {
        seqNo = w.updateDocuments(document, documents);
      }
      commitThrough(w, seqNo);
    } catch (IOException | AlreadyClosedException e) {
      throw unavailable("write " + bookId + "/" + kind + "/" + chapter, e);
    }
  }

  @Override
  public List<MemoryHit> search(float[] vector, MemoryQuery query) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(
          "Query vector of dimension " + vector.length + ", the index takes " + dimension);
    }
    SearcherManager manager = searchers();
    IndexSearcher searcher;
    try {
      searcher = manager.acquire();
    } catch (IOException | AlreadyClosedException e) {
      throw unavailable("search " + query.bookId(), e);
    }
    try {
      Query knn = new KnnFloatVectorQuery(VECTOR, vector, query.k(), filter(query));
      TopDocs top = searcher.search(knn, query.k());
      StoredFields stored = searcher.storedFields();
      List<MemoryHit> hits = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc hit : top.scoreDocs) {
        hits.add(toHit(stored.document(hit.doc), hit.score));
      }
      return hits;
    } catch (IOException | AlreadyClosedException e) {
      throw unavailable("search " + query.bookId(), e);
    } finally {
      releaseQuietly(manager, searcher);
    }
  }

  /** The query's filters as one Lucene query, which the kNN search applies while it walks. */
  static Query filter(MemoryQuery query) {
    BooleanQuery.Builder filter = new BooleanQuery.Builder();
    filter.add(new TermQuery(new Term(BOOK_ID, query.bookId())), BooleanClause.Occur.FILTER);
    filter.add(
        IntField.newRangeQuery(CHAPTER, query.minChapter(), query.maxChapter()),
        BooleanClause.Occur.FILTER);
    if (!query.kinds().containsAll(EnumSet.allOf(MemoryKind.class))) {
      BooleanQuery.Builder kinds = new BooleanQuery.Builder();
      for (MemoryKind kind : query.kinds()) {
        kinds.add(new TermQuery(new Term(KIND, kind.name())), BooleanClause.Occur.SHOULD);
      }
      kinds.setMinimumNumberShouldMatch(1);
      filter.add(kinds.build(), BooleanClause.Occur.FILTER);
    }
    return filter.build();
  }

  @Override
  public void deleteBook(String bookId) {
    try {
      IndexWriter w = writer();
      commitThrough(w, w.deleteDocuments(new Term(BOOK_ID, bookId)));
    } catch (IOException | AlreadyClosedException e) {
      throw unavailable("delete " + bookId, e);
    }
  }

  @Override
  public void deleteChapters(String bookId, int fromChapter) {
    BooleanQuery.Builder chapters = new BooleanQuery.Builder();
    chapters.add(new TermQuery(new Term(BOOK_ID, bookId)), BooleanClause.Occur.FILTER);
    chapters.add(
        new TermQuery(new Term(KIND, MemoryKind.CHAPTER.name())), BooleanClause.Occur.FILTER);
    chapters.add(
        IntField.newRangeQuery(CHAPTER, fromChapter, Integer.MAX_VALUE),
        BooleanClause.Occur.FILTER);
    try {
      IndexWriter w = writer();
      commitThrough(w, w.deleteDocuments(chapters.build()));
    } catch (IOException | AlreadyClosedException e) {
      throw unavailable("delete chapters " + fromChapter + "- of " + bookId, e);
    }
  }

  /** How many chunks the index holds; for tests and the benchmark. */
  public int size() {
    SearcherManager manager = searchers();
    try {
      IndexSearcher searcher = manager.acquire();
      try {
        return searcher.getIndexReader().numDocs();
      } finally {
        manager.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  /**
   * Makes every operation up to {@code seqNo} durable and searchable. Group commit: writers that
   * arrive while a commit runs wait for it, and the next commit covers all of them at once, so
   * concurrent writers (two stream threads) share one fsync instead of queueing for one each.
   */
  private void commitThrough(IndexWriter w, long seqNo) throws IOException {
    if (committedSeqNo >= seqNo) {
      return;
    }
    synchronized (commitLock) {
      if (committedSeqNo >= seqNo) {
        return;
      }
      long committed = w.commit();
      searchers().maybeRefreshBlocking();
      committedSeqNo = committed;
    }
  }

  private synchronized IndexWriter writer() {
    if (writer == null) {
      throw new IllegalStateException("The Lucene vector store in " + directory + " is not open");
    }
    return writer;
  }

  private synchronized SearcherManager searchers() {
    if (searchers == null) {
      throw new IllegalStateException("The Lucene vector store in " + directory + " is not open");
    }
    return searchers;
  }

  private StoreUnavailableException unavailable(String what, Exception cause) {
    return new StoreUnavailableException(
        "The Lucene index in " + directory + " could not " + what + ": " + cause.getMessage(),
        cause);
  }

  private static Document toDocument(StoredChunk chunk) {
    Document doc = new Document();
    doc.add(new StringField(ID, chunk.pointId().toString(), Field.Store.YES));
    doc.add(
        new StringField(
            DOCUMENT, documentKey(chunk.bookId(), chunk.kind(), chunk.chapter()), Field.Store.NO));
    doc.add(new StringField(BOOK_ID, chunk.bookId(), Field.Store.YES));
    doc.add(new StringField(KIND, chunk.kind().name(), Field.Store.YES));
    doc.add(new IntField(CHAPTER, chunk.chapter(), Field.Store.YES));
    doc.add(new IntField(CHUNK_INDEX, chunk.chunkIndex(), Field.Store.YES));
    doc.add(new StoredField(TEXT, chunk.text()));
    for (String keyword : chunk.keywords()) {
      doc.add(new StoredField(KEYWORDS, keyword));
    }
    doc.add(
        new KnnFloatVectorField(
            VECTOR, normalised(chunk.vector()), VectorSimilarityFunction.DOT_PRODUCT));
    return doc;
  }

  private static MemoryHit toHit(Document doc, float luceneScore) {
    List<String> keywords = new ArrayList<>();
    for (String keyword : doc.getValues(KEYWORDS)) {
      keywords.add(keyword);
    }
    return new MemoryHit(
        doc.get(BOOK_ID),
        MemoryKind.valueOf(doc.get(KIND)),
        doc.getField(CHAPTER).storedValue().getIntValue(),
        doc.getField(CHUNK_INDEX).storedValue().getIntValue(),
        doc.get(TEXT),
        keywords,
        // Lucene scores a dot product d as (1 + d) / 2; give back the cosine, as Qdrant does.
        2.0 * luceneScore - 1.0);
  }

  /** The key of one document: every chunk of (bookId, kind, chapter) carries it. */
  static String documentKey(String bookId, MemoryKind kind, int chapter) {
    return bookId + '\u0000' + kind.name() + '\u0000' + chapter;
  }

  /**
   * The vector at unit length. Embedders already normalise; this guards the dot product, which is
   * only the cosine for unit vectors, against a vector that drifted by rounding.
   */
  static float[] normalised(float[] vector) {
    double sum = 0;
    for (float x : vector) {
      sum += x * x;
    }
    if (sum == 0 || Math.abs(sum - 1.0) < 1e-6) {
      return vector;
    }
    float norm = (float) Math.sqrt(sum);
    float[] out = new float[vector.length];
    for (int i = 0; i < vector.length; i++) {
      out[i] = vector[i] / norm;
    }
    return out;
  }

  private static void releaseQuietly(SearcherManager manager, IndexSearcher searcher) {
    try {
      manager.release(searcher);
    } catch (IOException | AlreadyClosedException e) {
      // The store is closing; the searcher's reader goes with it.
    }
  }

  private void closeQuietly() {
    try {
      // In this order, skipping those not open; one that fails does not keep the rest open.
      IOUtils.close(searchers, writer, luceneDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the Lucene index in " + directory, e);
    } finally {
      searchers = null;
      writer = null;
      luceneDirectory = null;
    }
  }
}
