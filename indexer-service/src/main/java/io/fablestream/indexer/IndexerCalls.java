package io.fablestream.indexer;

import io.fablestream.platform.calls.CallKind;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.calls.JsonCodec;
import java.util.List;

/** The story-memory calls the indexer makes off its threads. */
final class IndexerCalls {
  final CallKind<IndexWrite, DocumentIndexer.Indexed> write;
  final CallKind<String, Boolean> forget;
  final CallLedger ledger;

  IndexerCalls(DocumentIndexer indexer, CallLanes lanes) {
    this.write = CallKind.of("write", JsonCodec.of(IndexWrite.class), lanes.io(), indexer::write);
    this.forget = CallKind.of("forget", JsonCodec.of(String.class), lanes.io(), indexer::forget);
    this.ledger = CallLedger.of(IndexerService.NAME, List.<CallKind<?, ?>>of(write, forget));
  }
}
