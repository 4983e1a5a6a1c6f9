package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a model call a book goes on without when the model cannot answer: its plan, a later
 * part of its plan, its characters' looks. The chapters' own calls meet the same model and fail the
 * book if it is down.
 */
final class OptionalAnswer {
  private static final Logger LOG = LoggerFactory.getLogger(OptionalAnswer.class);

  private OptionalAnswer() {}

  /**
   * The call's answer, its cost counted toward the book; empty when the model could not answer,
   * which is logged as a warning. Any other failure is a bug of ours, thrown.
   *
   * @param asked the call, as the warning names it ("the looks call")
   * @param without how the book goes on without its answer, as the warning says it
   */
  static Optional<ModelAnswer> of(
      BookState book, Finished<ModelRequest, ModelAnswer> call, String asked, String without) {
    switch (call) {
      case Finished.Failed<ModelRequest, ModelAnswer> failed -> {
        if (!(failed.failure() instanceof ModelException e)) {
          throw failed.failure();
        }
        LOG.warn("Book {}: {} failed ({}); {}", book.getBookId(), asked, e.getMessage(), without);
        return Optional.empty();
      }
      case Finished.Answered<ModelRequest, ModelAnswer> answered -> {
        BookTransitions.withCost(book, answered.answer().usage());
        return Optional.of(answered.answer());
      }
    }
  }
}
