package io.fablestream.platform.memory;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a text into chunks of at most {@code size} characters, recursively: whole paragraphs where
 * they fit, else whole sentences, else groups of words, else (a word longer than a chunk) pieces of
 * characters. Each chunk after the first starts with up to {@code overlap} characters of the one
 * before, beginning at a sentence start where one lies in that window and at a word start
 * otherwise, so no chunk begins in the middle of a word.
 *
 * <p>Chunks are slices of the original text (its spacing and line breaks kept), trimmed. Immutable
 * and thread-safe.
 *
 * <p>Why not langchain4j's {@code DocumentSplitters.recursive}: it lives in the full {@code
 * langchain4j} artifact (with OpenNLP for sentences), and its overlap takes whole sentences only,
 * so with a 50-character overlap and ordinary prose (sentences longer than 50 characters) it has no
 * overlap at all. This splitter keeps the same paragraph, sentence, word order of preference, uses
 * the JDK's sentence boundaries, and always carries the overlap it is given.
 */
public final class Chunker {
  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n\\s*\\n");
  private static final Pattern WORD = Pattern.compile("\\S+");

  private final int size;
  private final int overlap;

  /**
   * @param size the most characters in a chunk, at least 20
   * @param overlap characters of a chunk repeated at the start of the next, from 0 to half the size
   */
  public Chunker(int size, int overlap) {
    if (size < 20) {
      throw new IllegalArgumentException("chunk size must be at least 20: " + size);
    }
    if (overlap < 0 || overlap > size / 2) {
      throw new IllegalArgumentException(
          "chunk overlap must be from 0 to half the size (" + size / 2 + "): " + overlap);
    }
    this.size = size;
    this.overlap = overlap;
  }

  /** The most characters in a chunk. */
  public int size() {
    return size;
  }

  /** Characters repeated from one chunk at the start of the next. */
  public int overlap() {
    return overlap;
  }

  /** The text's chunks in order; none for a blank text. */
  public List<String> split(String text) {
    List<int[]> units = new ArrayList<>();
    for (int[] paragraph : trimmed(text, paragraphs(text))) {
      addUnits(text, paragraph, units);
    }
    if (units.isEmpty()) {
      return List.of();
    }
    TreeSet<Integer> sentenceStarts = sentenceStarts(text, 0, text.length());
    List<String> chunks = new ArrayList<>();
    int start = units.get(0)[0];
    int end = units.get(0)[1];
    for (int i = 1; i < units.size(); i++) {
      int[] unit = units.get(i);
      if (unit[1] - start <= size) {
        end = unit[1];
        continue;
      }
      chunks.add(text.substring(start, end));
      int carried = overlapStart(text, sentenceStarts, start, end, unit[0]);
      start = unit[1] - carried <= size ? carried : unit[0];
      end = unit[1];
    }
    chunks.add(text.substring(start, end));
    return chunks;
  }

  /** Where the next chunk starts so it repeats up to {@code overlap} characters of this one. */
  private int overlapStart(
      String text, TreeSet<Integer> sentenceStarts, int chunkStart, int chunkEnd, int next) {
    if (overlap == 0) {
      return next;
    }
    int from = Math.max(chunkStart + 1, chunkEnd - overlap);
    Integer sentence = sentenceStarts.ceiling(from);
    if (sentence != null && sentence < chunkEnd) {
      return sentence;
    }
    for (int p = from; p < chunkEnd; p++) {
      if (!Character.isWhitespace(text.charAt(p)) && Character.isWhitespace(text.charAt(p - 1))) {
        return p;
      }
    }
    return next;
  }

  /** Adds a range as one unit if it fits, else its sentences, words or character pieces. */
  private void addUnits(String text, int[] range, List<int[]> units) {
    if (range[1] - range[0] <= size) {
      units.add(range);
      return;
    }
    List<int[]> sentences = new ArrayList<>();
    Integer previous = null;
    for (int boundary : sentenceStarts(text, range[0], range[1])) {
      if (previous != null) {
        sentences.add(new int[] {previous, boundary});
      }
      previous = boundary;
    }
    if (previous != null) {
      sentences.add(new int[] {previous, range[1]});
    }
    List<int[]> whole = trimmed(text, sentences);
    if (whole.size() > 1) {
      for (int[] sentence : whole) {
        addUnits(text, sentence, units);
      }
      return;
    }
    addWords(text, range, units);
  }

  /** Words packed up to the size; a word longer than the size in pieces of it. */
  private void addWords(String text, int[] range, List<int[]> units) {
    Matcher word = WORD.matcher(text).region(range[0], range[1]);
    while (word.find()) {
      for (int p = word.start(); p < word.end(); p += size) {
        units.add(new int[] {p, Math.min(p + size, word.end())});
      }
    }
  }

  private static List<int[]> paragraphs(String text) {
    List<int[]> out = new ArrayList<>();
    Matcher breaks = PARAGRAPH_BREAK.matcher(text);
    int start = 0;
    while (breaks.find()) {
      out.add(new int[] {start, breaks.start()});
      start = breaks.end();
    }
    out.add(new int[] {start, text.length()});
    return out;
  }

  private static TreeSet<Integer> sentenceStarts(String text, int from, int to) {
    TreeSet<Integer> starts = new TreeSet<>();
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    sentences.setText(text.substring(from, to));
    for (int b = sentences.first(); b != BreakIterator.DONE; b = sentences.next()) {
      int p = from + b;
      while (p < to && Character.isWhitespace(text.charAt(p))) {
        p++;
      }
      if (p < to) {
        starts.add(p);
      }
    }
    return starts;
  }

  /** The ranges without their leading and trailing whitespace; blank ones dropped. */
  private static List<int[]> trimmed(String text, List<int[]> ranges) {
    List<int[]> out = new ArrayList<>();
    for (int[] r : ranges) {
      int s = r[0];
      int e = r[1];
      while (s < e && Character.isWhitespace(text.charAt(s))) {
        s++;
      }
      while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
        e--;
      }
      if (s < e) {
        out.add(new int[] {s, e});
      }
    }
    return out;
  }
}
