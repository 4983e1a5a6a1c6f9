package io.fablestream.schemas;

/**
 * Avro 1.12 only instantiates classes it trusts, also while it builds a record's default (an empty
 * list of records): every generated event class calls {@link #ensure()} when it loads (see
 * src/main/avro-templates), so building one works before any serde exists.
 */
public final class TrustedClasses {
  private static boolean trusted;

  private TrustedClasses() {}

  /** Trusts the io.fablestream classes beside what the process already trusts; once. */
  public static synchronized void ensure() {
    if (!trusted) {
      SingleObjectSerde.trustFablestreamClasses();
      trusted = true;
    }
  }
}
