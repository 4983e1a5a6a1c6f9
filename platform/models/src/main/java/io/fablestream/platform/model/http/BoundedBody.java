package io.fablestream.platform.model.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a bound: a declared length over it is refused before a
 * byte is read, and a body that grows past it is cancelled as it arrives, so a link to a huge file
 * cannot fill the heap.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  /** The body was larger than the bound. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long bound) {
      super("the body is larger than " + bound + " bytes");
    }
  }

  private final long bound;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(long bound) {
    this.bound = bound;
  }

  /** A subscriber for the response, refusing at once a declared length over the bound. */
  static HttpResponse.BodySubscriber<byte[]> of(HttpResponse.ResponseInfo info, long bound) {
    long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > bound) {
      return refused(bound);
    }
    return new BoundedBody(bound);
  }

  private static HttpResponse.BodySubscriber<byte[]> refused(long bound) {
    BoundedBody body = new BoundedBody(bound);
    body.result.completeExceptionally(new TooLarge(bound));
    return body;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (result.isDone()) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      bytes.writeBytes(chunk);
    }
    if (bytes.size() > bound) {
      subscription.cancel();
      result.completeExceptionally(new TooLarge(bound));
    }
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(bytes.toByteArray());
  }
}
