package io.fablestream.analyzer;

import io.fablestream.events.ImageAnalysis;
import io.fablestream.platform.calls.JsonCodec;
import io.fablestream.platform.model.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What the analyzer holds of an album while its pictures are analysed side by side: each picture's
 * digest once it is taken in (to refuse a picture given twice) and its analysis once the vision
 * model gave it, by place in the album; the model that answered and what the calls cost. Kept as
 * JSON in the {@code analyzer-albums} store, one entry per album in flight, removed when the book's
 * AnalysisReady or BookFailed goes out: at most {@code album.max.pictures} analyses of bounded size
 * each ({@link AnalysisParser}).
 *
 * @param pictures how many pictures the album has, its first image included
 * @param digests each picture's SHA-256 (hex) of the image the model sees, null until taken in
 * @param analyses each picture's analysis, null until the model gave it
 * @param model the vision model that answered, null before the first answer
 * @param spent what the album's finished vision calls cost, repairs included
 */
record AlbumProgress(
    int pictures, List<String> digests, List<Seen> analyses, String model, Usage spent) {

  /** The JSON serde of the store. */
  static Serde<AlbumProgress> serde() {
    JsonCodec<AlbumProgress> codec = JsonCodec.of(AlbumProgress.class);
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : codec.write(value),
        (topic, bytes) -> bytes == null ? null : codec.read(bytes));
  }

  /** An album of so many pictures, none taken in yet. */
  static AlbumProgress started(int pictures) {
    List<String> digests = new ArrayList<>(Collections.nCopies(pictures, null));
    List<Seen> analyses = new ArrayList<>(Collections.nCopies(pictures, null));
    return new AlbumProgress(pictures, digests, analyses, null, Usage.NONE);
  }

  /** The earlier picture (1-based) with that digest, if one was taken in. */
  Optional<Integer> sameAs(String digest) {
    int i = digests.indexOf(digest);
    return i < 0 ? Optional.empty() : Optional.of(i + 1);
  }

  /** This album with picture {@code picture}'s digest. */
  AlbumProgress withDigest(int picture, String digest) {
    List<String> next = new ArrayList<>(digests);
    next.set(picture - 1, digest);
    return new AlbumProgress(pictures, next, analyses, model, spent);
  }

  /** This album with picture {@code picture}'s analysis and its cost. */
  AlbumProgress withAnalysis(int picture, ImageAnalysis analysis, String by, Usage cost) {
    List<Seen> next = new ArrayList<>(analyses);
    next.set(picture - 1, Seen.of(analysis));
    return new AlbumProgress(pictures, digests, next, by, spent.plus(cost));
  }

  /** Whether every picture is analysed. */
  boolean complete() {
    return analyses.stream().allMatch(Objects::nonNull);
  }

  /** The analyses in the album's order; only once {@link #complete}. */
  List<ImageAnalysis> inOrder() {
    return analyses.stream().map(Seen::analysis).toList();
  }

  /** One picture's analysis as JSON maps it (the Avro class is not a JSON bean). */
  record Seen(
      String setting,
      List<String> characters,
      String mood,
      List<String> objects,
      List<String> conflicts) {
    static Seen of(ImageAnalysis a) {
      return new Seen(
          a.getSetting(),
          List.copyOf(a.getCharacters()),
          a.getMood(),
          List.copyOf(a.getObjects()),
          List.copyOf(a.getPotentialConflicts()));
    }

    ImageAnalysis analysis() {
      return ImageAnalysis.newBuilder()
          .setSetting(setting)
          .setCharacters(characters)
          .setMood(mood)
          .setObjects(objects)
          .setPotentialConflicts(conflicts)
          .build();
    }
  }
}
