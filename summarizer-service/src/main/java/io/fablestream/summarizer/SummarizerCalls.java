package io.fablestream.summarizer;

import io.fablestream.platform.calls.CallKind;
import io.fablestream.platform.calls.CallLanes;
import io.fablestream.platform.calls.CallLedger;
import io.fablestream.platform.calls.JsonCodec;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelGateway;
import io.fablestream.platform.model.ModelRequest;
import io.fablestream.schemas.Topics;
import java.time.Duration;
import java.util.List;

/** The names in summarizer-service's topology, and the model calls it makes off its threads. */
final class SummarizerCalls {
  static final String PROCESSOR = "summarizer-arcs-loop";

  /** The book states; the changelog is {@code fablestream-summarizer-summarizer-arcs-changelog}. */
  static final String ARCS_STORE = "summarizer-arcs";

  static final String LEDGER_STORE = "summarizer-calls";
  static final String SUMMARIES_SINK = Topics.ARCS_SUMMARIZED.sinkName();
  static final String FAILED_SINK = Topics.BOOKS_FAILED.sinkName();

  /** How often the closed books past their retention are dropped (wall-clock time). */
  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);

  final CallKind<ModelRequest, ModelAnswer> model;
  final CallLedger ledger;

  SummarizerCalls(ModelGateway models, CallLanes lanes) {
    this.model =
        CallKind.of("model", JsonCodec.of(ModelRequest.class), lanes.model(), models::generate);
    this.ledger =
        CallLedger.of(SummarizerService.NAME, LEDGER_STORE, List.<CallKind<?, ?>>of(model));
  }
}
