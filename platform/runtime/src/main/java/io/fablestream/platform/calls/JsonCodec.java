package io.fablestream.platform.calls;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A request kept as JSON with Jackson: for records such as {@link
 * io.fablestream.platform.model.ModelRequest}, whose components map to JSON fields (bytes as
 * base64). Fields a newer version adds are left out of older JSON and read as their defaults;
 * fields an older version had and this one has not are skipped, so the ledger survives a deploy.
 *
 * @param <Q> the request's type
 */
public final class JsonCodec<Q> implements CallCodec<Q> {
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final Class<Q> type;

  private JsonCodec(Class<Q> type) {
    this.type = Objects.requireNonNull(type);
  }

  /** The codec of a JSON-mappable type, usually a record. */
  public static <Q> JsonCodec<Q> of(Class<Q> type) {
    return new JsonCodec<>(type);
  }

  @Override
  public byte[] write(Q request) {
    try {
      return JSON.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a " + type.getSimpleName() + " as JSON", e);
    }
  }

  @Override
  public Q read(byte[] bytes) {
    try {
      return JSON.readValue(bytes, type);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read a " + type.getSimpleName() + " from JSON", e);
    }
  }
}
