package io.fablestream.chapter;

import io.fablestream.platform.memory.MemoryDocument;
import io.fablestream.platform.memory.MemoryHit;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoryMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A story memory double: records every search and answers with hits the test chose. */
final class RecordingStoryMemory implements StoryMemory {
  private final List<MemoryQuery> queries = new ArrayList<>();
  private Function<MemoryQuery, List<MemoryHit>> answers = q -> List.of();

  void answerWith(Function<MemoryQuery, List<MemoryHit>> script) {
    this.answers = script;
  }

  List<MemoryQuery> queries() {
    return List.copyOf(queries);
  }

  @Override
  public int index(MemoryDocument document) {
    throw new UnsupportedOperationException("chapter-service only searches story memory");
  }

  @Override
  public List<MemoryHit> search(MemoryQuery query) {
    queries.add(query);
    return answers.apply(query);
  }

  @Override
  public void deleteBook(String bookId) {
    throw new UnsupportedOperationException("chapter-service only searches story memory");
  }

  @Override
  public void deleteChapters(String bookId, int fromChapter) {
    throw new UnsupportedOperationException("chapter-service only searches story memory");
  }

  @Override
  public void close() {}
}
