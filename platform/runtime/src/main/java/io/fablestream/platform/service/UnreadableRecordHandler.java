package io.fablestream.platform.service;

import io.fablestream.schemas.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service does with a record it cannot read: a record that is not ours goes to the
 * dead-letter topic, its bytes as they arrived, and the service goes on ({@link
 * LogAndContinueExceptionHandler}). A record in the schema-registry wire format that could not be
 * read because the registry did not answer is not a bad record: dead-lettering it would lose a good
 * event for an outage. The stream thread stops on it instead, without committing past it, and its
 * replacement ({@link ThreadReplacements}) reads it again.
 */
public final class UnreadableRecordHandler extends LogAndContinueExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(UnreadableRecordHandler.class);

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException registry && registry.unavailable()) {
        LOG.error(
            "Cannot read the record at {}-{} offset {} now: {}. Stopping this stream thread; the"
                + " record is read again when it is replaced",
            context.topic(),
            context.partition(),
            context.offset(),
            registry.getMessage());
        return Response.fail();
      }
    }
    return super.handleError(context, record, exception);
  }
}
