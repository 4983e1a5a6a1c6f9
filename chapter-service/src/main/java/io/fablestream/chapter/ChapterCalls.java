package io.fablestream.chapter;

import io.fablestream.platform.calls.CallKind;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.calls.JsonCodec;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import java.util.List;

/**
 * The calls chapter-service makes off its stream threads: the search of story memory before each
 * chapter (on the io lane), and the writer's and the judge's model calls (on the model lane).
 */
final class ChapterCalls {
  final CallKind<MemoryQuery, Recalled> recall;
  final CallKind<ModelRequest, ModelAnswer> model;
  final CallLedger ledger;

  ChapterCalls(ModelGateway models, StoryMemory memory, CallLanes lanes) {
    this.recall =
        CallKind.of(
            "recall",
            JsonCodec.of(MemoryQuery.class),
            lanes.io(),
            memory.keptInKafka()
                ? query -> Recalled.toSearch(memory.embedQuery(query.text()))
                : query -> Recalled.found(memory.search(query)));
    this.model =
        CallKind.of("model", JsonCodec.of(ModelRequest.class), lanes.model(), models::generate);
    this.ledger =
        CallLedger.of(
            ChapterService.NAME,
            ChapterService.CALLS_STORE,
            List.<CallKind<?, ?>>of(recall, model));
  }
}
