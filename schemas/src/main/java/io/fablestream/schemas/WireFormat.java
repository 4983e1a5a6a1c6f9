package io.fablestream.schemas;

import java.util.Locale;

/**
 * How event values are written to the line's topics ({@code serde.format}). Readers take both, told
 * apart by the first byte: {@code C3} (single-object) or {@code 00} (registry).
 */
public enum WireFormat {
  /**
   * Avro single-object encoding: {@code C3 01}, the writer schema's 8-byte CRC-64-AVRO fingerprint
   * little-endian, then the Avro binary body. Needs no registry.
   */
  SINGLE_OBJECT("single-object"),

  /**
   * The schema-registry wire format of Confluent, Karapace, Redpanda and Apicurio's
   * Confluent-compatible API: byte {@code 00}, the schema's 4-byte big-endian registry id, then the
   * Avro binary body; the schema registered under {@code <topic>-value}.
   */
  REGISTRY("registry");

  private final String setting;

  WireFormat(String setting) {
    this.setting = setting;
  }

  /** The value of {@code serde.format} that names this format. */
  public String setting() {
    return setting;
  }

  /**
   * The format a setting names.
   *
   * @throws IllegalArgumentException when it names none
   */
  public static WireFormat named(String setting) {
    String wanted = setting.strip().toLowerCase(Locale.ROOT);
    for (WireFormat format : values()) {
      if (format.setting.equals(wanted)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "Unknown wire format " + setting + ": single-object or registry");
  }

  /** The registry subject of a topic's values: {@code <topic>-value} (TopicNameStrategy). */
  public static String subjectOf(String topic) {
    return topic + "-value";
  }
}
