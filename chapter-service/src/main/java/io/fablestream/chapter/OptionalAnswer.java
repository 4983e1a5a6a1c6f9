package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.platform.calls.Finished;
import io.fablestream.platform.model.ModelAnswer;
import io.fablestream.platform.model.ModelException;
import io.fablestream.platform.model.ModelRequest;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The answer to a model call a book goes on without when the model cannot answer: its plan, a later
 * part of its plan, its characters' looks. The chapters' own calls meet the same model and fail the
 * book if it is down.
 */
final class OptionalAnswer {
  private OptionalAnswer() {}

  /**
   * The call's answer, its cost counted toward the book; empty when the model could not answer,
   * once {@code unanswered} is told why. Any other failure is a bug of ours, thrown.
   */
  static Optional<ModelAnswer> of(
      BookState book, Finished<ModelRequest, ModelAnswer> call, Consumer<String> unanswered) {
    switch (call) {
      case Finished.Failed<ModelRequest, ModelAnswer> failed -> {
        if (!(failed.failure() instanceof ModelException e)) {
          throw failed.failure();
        }
        unanswered.accept(e.getMessage());
        return Optional.empty();
      }
      case Finished.Answered<ModelRequest, ModelAnswer> answered -> {
        BookTransitions.withCost(book, answered.answer().usage());
        return Optional.of(answered.answer());
      }
    }
  }
}
