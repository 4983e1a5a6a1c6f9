package io.fablestream.platform.memory.qdrant;

import static io.fablestream.platform.memory.ChunkFields.BOOK_ID;
import static io.fablestream.platform.memory.ChunkFields.CHAPTER;
import static io.fablestream.platform.memory.ChunkFields.CHUNK_INDEX;
import static io.fablestream.platform.memory.ChunkFields.KEYWORDS;
import static io.fablestream.platform.memory.ChunkFields.KIND;
import static io.fablestream.platform.memory.ChunkFields.TEXT;
import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.range;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;

import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryKind;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoredChunk;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a chunk looks as a Qdrant point: its payload fields, and the filters that select chunks by
 * book, document and chapter.
 */
final class ChunkPoints {

  private ChunkPoints() {}

  /** The point of a chunk: its derived id, its vector, and its metadata as payload. */
  static PointStruct point(StoredChunk chunk) {
    return PointStruct.newBuilder()
        .setId(id(chunk.pointId()))
        .setVectors(vectors(chunk.vector()))
        .putAllPayload(
            Map.of(
                BOOK_ID, value(chunk.bookId()),
                KIND, value(kindValue(chunk.kind())),
                CHAPTER, value((long) chunk.chapter()),
                CHUNK_INDEX, value((long) chunk.chunkIndex()),
                KEYWORDS, list(chunk.keywords().stream().map(k -> value(k)).toList()),
                TEXT, value(chunk.text())))
        .build();
  }

  /** A found point back as a hit, with Qdrant's score (cosine similarity for this collection). */
  static MemoryHit hit(ScoredPoint point) {
    Map<String, Value> payload = point.getPayloadMap();
    return new MemoryHit(
        payload.get(BOOK_ID).getStringValue(),
        MemoryKind.valueOf(payload.get(KIND).getStringValue().toUpperCase(Locale.ROOT)),
        Math.toIntExact(payload.get(CHAPTER).getIntegerValue()),
        Math.toIntExact(payload.get(CHUNK_INDEX).getIntegerValue()),
        payload.get(TEXT).getStringValue(),
        payload.containsKey(KEYWORDS)
            ? payload.get(KEYWORDS).getListValue().getValuesList().stream()
                .map(Value::getStringValue)
                .toList()
            : List.of(),
        point.getScore());
  }

  /** The search filter: this book, the chapter range, the kinds; applied inside the search. */
  static Filter searchFilter(MemoryQuery query) {
    Range.Builder chapters = Range.newBuilder().setGte(query.minChapter());
    if (query.maxChapter() != Integer.MAX_VALUE) {
      chapters.setLte(query.maxChapter());
    }
    return Filter.newBuilder()
        .addMust(matchKeyword(BOOK_ID, query.bookId()))
        .addMust(range(CHAPTER, chapters.build()))
        // In the enum's order: the same query always sends the same request.
        .addMust(
            matchKeywords(
                KIND, query.kinds().stream().sorted().map(ChunkPoints::kindValue).toList()))
        .build();
  }

  /** The chunks of one document from a chunk index on: what a shorter re-index leaves behind. */
  static Filter chunksFrom(String bookId, MemoryKind kind, int chapter, int firstChunk) {
    return Filter.newBuilder()
        .addMust(matchKeyword(BOOK_ID, bookId))
        .addMust(matchKeyword(KIND, kindValue(kind)))
        .addMust(match(CHAPTER, chapter))
        .addMust(range(CHUNK_INDEX, Range.newBuilder().setGte(firstChunk).build()))
        .build();
  }

  /** The chapter chunks of one book from a chapter on: what a revision writes anew. */
  static Filter chaptersFrom(String bookId, int fromChapter) {
    return Filter.newBuilder()
        .addMust(matchKeyword(BOOK_ID, bookId))
        .addMust(matchKeyword(KIND, kindValue(MemoryKind.CHAPTER)))
        .addMust(range(CHAPTER, Range.newBuilder().setGte(fromChapter).build()))
        .build();
  }

  /** Every chunk of one book. */
  static Filter book(String bookId) {
    return Filter.newBuilder().addMust(matchKeyword(BOOK_ID, bookId)).build();
  }

  /** The kind as stored: lowercase, as the design names kinds (analysis, chapter, summary). */
  static String kindValue(MemoryKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
