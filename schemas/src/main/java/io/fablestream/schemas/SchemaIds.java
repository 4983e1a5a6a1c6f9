package io.fablestream.schemas;

import org.apache.avro.Schema;

/**
 * What the registry wire format needs of a schema registry: the id of a schema under a subject, and
 * the schema of an id. Implementations cache both ways, so a record's hot path makes no call once
 * its ids are known; the platform's registry client is one.
 */
public interface SchemaIds {
  /**
   * The registry id of this schema under the subject, registering it first where the process is
   * allowed to.
   *
   * @throws RuntimeException with a message naming the subject when the registry refuses or does
   *     not answer
   */
  int idOf(String subject, Schema schema);

  /**
   * The schema the registry holds under this id.
   *
   * @throws RuntimeException with a message naming the id when the registry has no such id or does
   *     not answer
   */
  Schema schemaOf(int id);

  /**
   * Checks, at a process's start, that the subject takes the schema: compatible with the subject's
   * latest version at the level the registry is configured for (a subject with no version takes
   * any), and registered, or registrable where the process may register. Then {@link #idOf} answers
   * from memory.
   *
   * @throws RuntimeException with a message naming the subject and the registry's reason
   */
  void requireWritable(String subject, Schema schema);
}
