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
    List<Unit> units = new ArrayList<>();
    for (int[] paragraph : trimmed(text, paragraphs(text))) {
      int first = units.size();
      addUnits(text, paragraph, units);
      if (units.size() > first) {
        units.set(first, units.get(first).asParagraphStart());
      }
    }
    if (units.isEmpty()) {
      return List.of();
    }
    TreeSet<Integer> sentenceStarts = sentenceStarts(text, 0, text.length());
    List<String> chunks = new ArrayList<>();
    int first = 0;
    int start = units.get(0).start();
    int end = units.get(0).end();
    int i = 1;
    while (i < units.size()) {
      if (units.get(i).end() - start <= size) {
        end = units.get(i).end();
        i++;
        continue;
      }
      // The chunk is full: end it at the last paragraph break in its second half if there is
      // one, else after the last whole sentence (or word group) that fits.
      int cut = i;
      for (int p = i - 1; p > first; p--) {
        if (units.get(p).paragraphStart() && units.get(p).start() - start >= size / 2) {
          cut = p;
          break;
        }
      }
      end = units.get(cut - 1).end();
      chunks.add(text.substring(start, end));
      Unit next = units.get(cut);
      int carried = overlapStart(text, sentenceStarts, start, end, next.start());
      start = next.end() - carried <= size ? carried : next.start();
      end = next.end();
      first = cut;
      i = cut + 1;
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

  /** Adds a paragraph's sentences as units; a sentence longer than a chunk as its words. */
  private void addUnits(String text, int[] paragraph, List<Unit> units) {
    List<int[]> sentences = new ArrayList<>();
    Integer previous = null;
    for (int boundary : sentenceStarts(text, paragraph[0], paragraph[1])) {
      if (previous != null) {
        sentences.add(new int[] {previous, boundary});
      }
      previous = boundary;
    }
    if (previous != null) {
      sentences.add(new int[] {previous, paragraph[1]});
    }
    for (int[] sentence : trimmed(text, sentences)) {
      if (sentence[1] - sentence[0] <= size) {
        units.add(new Unit(sentence[0], sentence[1], false));
      } else {
        addWords(text, sentence, units);
      }
    }
  }

  /** Words packed up to the size; a word longer than the size in pieces of it. */
  private void addWords(String text, int[] range, List<Unit> units) {
    Matcher word = WORD.matcher(text).region(range[0], range[1]);
    int groupStart = -1;
    int groupEnd = -1;
    while (word.find()) {
      if (groupStart >= 0 && word.end() - groupStart <= size) {
        groupEnd = word.end();
        continue;
      }
      if (groupStart >= 0) {
        units.add(new Unit(groupStart, groupEnd, false));
      }
      for (int p = word.start(); p < word.end(); p += size) {
        units.add(new Unit(p, Math.min(p + size, word.end()), false));
      }
      // The word's last piece may still take the words after it.
      Unit last = units.remove(units.size() - 1);
      groupStart = last.start();
      groupEnd = last.end();
    }
    if (groupStart >= 0) {
      units.add(new Unit(groupStart, groupEnd, false));
    }
  }

  /** A stretch of text never split further: a sentence, a group of words, a piece of a word. */
  private record Unit(int start, int end, boolean paragraphStart) {
    Unit asParagraphStart() {
      return new Unit(start, end, true);
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
