package io.fablestream.bench;

import io.fablestream.schemas.quality.QualityReport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What the quality report costs chapter-service: it is computed on the stream thread when a book is
 * published, inside the transaction. Prints the CPU time of one report (thread CPU time, so a busy
 * machine does not inflate it) for a small, a middling and the largest book the contract allows
 * (100 chapters of 5,000 words), of English-like text with paragraphs, sentences and some slop.
 *
 * <pre>
 * java -cp bench/target/classes:$(cat bench/target/classpath.txt) io.fablestream.bench.QualityReportBench
 * </pre>
 */
public final class QualityReportBench {
  private QualityReportBench() {}

  public static void main(String[] args) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int[] shape : new int[][] {{5, 300}, {20, 1000}, {100, 5000}}) {
      List<QualityReport.Chapter> book = book(shape[0], shape[1]);
      for (int i = 0; i < 3; i++) {
        QualityReport.of(book, shape[1], "en");
      }
      int runs = 5;
      long start = cpu.getCurrentThreadCpuTime();
      for (int i = 0; i < runs; i++) {
        QualityReport.of(book, shape[1], "en");
      }
      double ms = (cpu.getCurrentThreadCpuTime() - start) / 1e6 / runs;
      System.out.printf(
          Locale.ROOT,
          "%3d chapters x %4d words: %7.1f ms CPU per report%n",
          shape[0],
          shape[1],
          ms);
    }
  }

  /**
   * A book of random words from a 5,000-word vocabulary, a sentence every 12 and slop now and then.
   */
  private static List<QualityReport.Chapter> book(int chapters, int words) {
    Random random = new Random(1);
    String[] vocabulary = new String[5000];
    for (int i = 0; i < vocabulary.length; i++) {
      vocabulary[i] = "w" + Integer.toString(i, 36);
    }
    List<QualityReport.Chapter> book = new ArrayList<>();
    for (int c = 1; c <= chapters; c++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < words; w++) {
        text.append(
            w % 200 == 7 ? "a testament to" : vocabulary[random.nextInt(vocabulary.length)]);
        text.append(w % 12 == 11 ? ". " : " ");
        if (w % 80 == 79) {
          text.append("\n\n");
        }
      }
      book.add(new QualityReport.Chapter(c, text.toString(), words, 0.8, 1));
    }
    return book;
  }
}
