package io.fablestream.bench;

import java.util.Map;

/**
 * What a run that kills the line under load is asked ({@link ServeUnderLoad}, {@link
 * ServiceRestart}): so many books of so many chapters submitted at once on so many simulator slots,
 * so many SIGKILLs each so long after a start, each JVM's {@code -Xmx}, and the {@code --set}
 * settings of the line.
 *
 * @param books books submitted at once ({@code --books})
 * @param chapters chapters per book, one arc ({@code --chapters})
 * @param parallel simulator slots and model.parallelism ({@code --parallel})
 * @param kills SIGKILLs ({@code --kills})
 * @param killAfter seconds from a start to its kill ({@code --kill-after-s})
 * @param xmx each JVM's -Xmx ({@code --xmx})
 * @param settings any setting of the line ({@code --set key=value}, repeatable)
 */
record KillLoad(
    int books,
    int chapters,
    int parallel,
    int kills,
    int killAfter,
    String xmx,
    Map<String, String> settings) {
  /** A run's defaults, before its flags. */
  KillLoad(int books, int chapters, int parallel, int kills, int killAfter, String xmx) {
    this(books, chapters, parallel, kills, killAfter, xmx, Map.of());
  }

  /** These values, each replaced by its flag where one was given. */
  KillLoad read(HandFlags flags) {
    return new KillLoad(
        flags.integer("--books", books),
        flags.integer("--chapters", chapters),
        flags.integer("--parallel", parallel),
        flags.integer("--kills", kills),
        flags.integer("--kill-after-s", killAfter),
        flags.text("--xmx", xmx),
        flags.settings());
  }
}
