package io.fablestream.chapter;

import io.fablestream.platform.calls.CallKind;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.calls.JsonCodec;
import io.fablestream.platform.memory.MemoryQuery;
import io.fablestream.platform.memory.StoryMemory;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.platform.model.image.DrawRequest;
import io.fablestream.platform.model.image.DrawnImage;
import io.fablestream.platform.model.image.ImageGateway;
import java.util.List;
import java.util.Optional;

/**
 * The calls chapter-service makes off its stream threads: the search of story memory before each
 * chapter (on the io lane), the writer's and the judge's model calls (on the model lane), and the
 * image model's drawings of the chapters' illustrations (on the image lane).
 */
final class ChapterCalls {
  final CallKind<MemoryQuery, Recalled> recall;
  final CallKind<ModelRequest, ModelAnswer> model;
  final CallKind<DrawRequest, DrawnImage> draw;

  /** Whether an image gateway was given: without one, no drawing is ever asked for. */
  final boolean draws;

  final CallLedger ledger;

  ChapterCalls(
      ModelGateway models, StoryMemory memory, CallLanes lanes, Optional<ImageGateway> images) {
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
    this.draws = images.isPresent();
    ImageGateway drawer =
        images.orElse(
            request -> {
              throw new ModelException(
                  ModelException.Kind.UNAVAILABLE, "no image gateway is configured", 0, null);
            });
    this.draw =
        CallKind.of(
            "draw",
            JsonCodec.of(DrawRequest.class),
            lanes.image(),
            DrawingCost.timed(drawer)::draw);
    this.ledger = CallLedger.of(ChapterService.NAME, List.<CallKind<?, ?>>of(recall, model, draw));
  }
}
