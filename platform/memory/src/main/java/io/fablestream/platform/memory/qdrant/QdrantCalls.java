package io.fablestream.platform.memory.qdrant;

import com.google.common.util.concurrent.ListenableFuture;
import io.fablestream.platform.memory.StoreUnavailableException;
import io.grpc.Status;
import io.qdrant.client.grpc.Points.UpdateResult;
import io.qdrant.client.grpc.Points.UpdateStatus;
import java.util.concurrent.ExecutionException;

/**
 * Waits for calls to one Qdrant and turns what goes wrong into {@link StoreUnavailableException}s
 * that name the URL, what was asked, and the setting to look at.
 */
final class QdrantCalls {
  private final String target;

  QdrantCalls(String target) {
    this.target = target;
  }

  /** The call's answer, once it comes. */
  <T> T await(ListenableFuture<T> call, String what) {
    try {
      // The client puts the qdrant.timeout deadline on every call, so this wait is bounded.
      return call.get();
    } catch (ExecutionException e) {
      throw failure(what, e.getCause());
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("Interrupted while waiting for Qdrant at " + target, e);
    }
  }

  /**
   * Waits for a write sent with wait=true: Qdrant answers Completed once a search sees the change,
   * and anything else means it does not yet.
   */
  void confirm(ListenableFuture<UpdateResult> write, String what) {
    UpdateResult result = await(write, what);
    if (result.getStatus() != UpdateStatus.Completed) {
      throw new StoreUnavailableException(
          "Qdrant at "
              + target
              + " did not confirm the write ("
              + result.getStatus()
              + ") to "
              + what,
          null);
    }
  }

  /** The gRPC status code a failure of {@link #await} carries. */
  static Status.Code code(StoreUnavailableException failure) {
    return Status.fromThrowable(failure.getCause()).getCode();
  }

  private StoreUnavailableException failure(String what, Throwable cause) {
    Status status = Status.fromThrowable(cause);
    String why =
        switch (status.getCode()) {
          case UNAVAILABLE -> "is unavailable";
          case DEADLINE_EXCEEDED -> "did not answer in time (qdrant.timeout)";
          case UNAUTHENTICATED, PERMISSION_DENIED -> "refused the credentials (qdrant.api.key)";
          default -> "failed";
        };
    String detail = status.getDescription() == null ? "" : ": " + status.getDescription();
    return new StoreUnavailableException(
        "Qdrant at " + target + " " + why + " (" + status.getCode() + detail + ") to " + what,
        cause);
  }
}
