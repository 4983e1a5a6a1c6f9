package io.fablestream.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The app's JSON: the API's bodies and the read model's store values. Nulls are left out, unknown
 * fields are ignored so an older view in the store still reads.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  /** The value as JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A value of a type from JSON text. */
  public static <T> T read(String json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shared mapper, for reading trees. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A Kafka serde of a type as JSON bytes. */
  public static <T> Serde<T> serde(Class<T> type) {
    Serializer<T> serializer =
        (topic, value) -> {
          try {
            return value == null ? null : MAPPER.writeValueAsBytes(value);
          } catch (JsonProcessingException e) {
            throw new SerializationException("Cannot write a " + type.getSimpleName(), e);
          }
        };
    Deserializer<T> deserializer =
        (topic, bytes) -> {
          try {
            return bytes == null ? null : MAPPER.readValue(bytes, type);
          } catch (IOException e) {
            throw new SerializationException("Cannot read a " + type.getSimpleName(), e);
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
