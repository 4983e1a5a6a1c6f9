package io.fablestream.summarizer;

import io.fablestream.platform.calls.CallKind;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.calls.JsonCodec;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import java.util.List;

/** The model calls summarizer-service makes off its threads. */
final class SummarizerCalls {
  final CallKind<ModelRequest, ModelAnswer> model;
  final CallLedger ledger;

  SummarizerCalls(ModelGateway models, CallLanes lanes) {
    this.model =
        CallKind.of("model", JsonCodec.of(ModelRequest.class), lanes.model(), models::generate);
    this.ledger = CallLedger.of(SummarizerService.NAME, List.<CallKind<?, ?>>of(model));
  }
}
