package io.fablestream.indexer;

import io.fablestream.platform.calls.CallKind;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.calls.JsonCodec;
import io.fablestream.schemas.Topics;
import java.util.List;

/** The names in the indexer's topology, and the story-memory calls it makes off its threads. */
final class IndexerCalls {
  static final String PROCESSOR = "indexer-loop";
  static final String LEDGER_STORE = "indexer-calls";

  /**
   * Closed books by the time they closed; the changelog is {@code ...-indexer-closed-changelog}.
   */
  static final String CLOSED_STORE = "indexer-closed";

  static final String INDEXED_SINK = Topics.CHAPTERS_INDEXED.sinkName();
  static final String FAILED_SINK = Topics.BOOKS_FAILED.sinkName();

  final CallKind<IndexWrite, DocumentIndexer.Indexed> write;
  final CallKind<String, Boolean> forget;
  final CallLedger ledger;

  IndexerCalls(DocumentIndexer indexer, CallLanes lanes) {
    this.write = CallKind.of("write", JsonCodec.of(IndexWrite.class), lanes.io(), indexer::write);
    this.forget = CallKind.of("forget", JsonCodec.of(String.class), lanes.io(), indexer::forget);
    this.ledger =
        CallLedger.of(IndexerService.NAME, LEDGER_STORE, List.<CallKind<?, ?>>of(write, forget));
  }
}
