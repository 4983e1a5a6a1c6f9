package io.fablestream.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/**
 * What {@code fablestream eval} reports: one row per setting with its books' quality figures (the
 * mean, and the worst book's), what the books cost, and how long the setting took; as a table for
 * the terminal, as CSV, and as an HTML page with a chart per figure.
 */
final class EvalReport {
  private EvalReport() {}

  /** A quality figure of a book, and which way is better. */
  enum Figure {
    LENGTH_SCORE("length score", true, QualityView::lengthScore),
    SLOP_PER_1000("slop per 1000", false, QualityView::slopPer1000),
    REPETITION("repetition", false, QualityView::repetition),
    ONE_SENTENCE_PARAGRAPHS("one-sentence paragraphs", false, QualityView::oneSentenceParagraphs),
    JUDGE_SCORE("judge score", true, q -> q.judgeScore() == null ? Double.NaN : q.judgeScore());

    final String title;
    final boolean higherIsBetter;
    final ToDoubleFunction<QualityView> of;

    Figure(String title, boolean higherIsBetter, ToDoubleFunction<QualityView> of) {
      this.title = title;
      this.higherIsBetter = higherIsBetter;
      this.of = of;
    }

    String column() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The mean and the worst value of a figure over a setting's completed books; NaN for none. */
  record Spread(double mean, double worst) {}

  /**
   * One setting's row.
   *
   * @param setting the setting's label
   * @param books the books it was asked for
   * @param completed how many completed
   * @param figures a spread per {@link Figure}, in its order
   * @param modelCalls the model calls of the completed books
   * @param tokens their prompt and output tokens
   * @param wallTimeMs how long the setting took, from the line's start to its last book
   */
  record Row(
      String setting,
      int books,
      int completed,
      List<Spread> figures,
      long modelCalls,
      long tokens,
      long wallTimeMs) {

    /** The row of a setting from the views its books ended in. */
    static Row of(String setting, int books, List<BookView> ended, long wallTimeMs) {
      List<BookView> done =
          ended.stream().filter(v -> v.stage() == BookView.Stage.COMPLETED).toList();
      List<QualityView> measured =
          done.stream().map(v -> v.outcome().quality()).filter(Objects::nonNull).toList();
      List<Spread> figures = new ArrayList<>();
      for (Figure f : Figure.values()) {
        double[] values =
            measured.stream().mapToDouble(f.of).filter(v -> !Double.isNaN(v)).toArray();
        OptionalDouble mean = java.util.Arrays.stream(values).average();
        OptionalDouble worst =
            f.higherIsBetter
                ? java.util.Arrays.stream(values).min()
                : java.util.Arrays.stream(values).max();
        figures.add(new Spread(mean.orElse(Double.NaN), worst.orElse(Double.NaN)));
      }
      long calls =
          done.stream()
              .filter(v -> v.outcome().stats() != null)
              .mapToLong(v -> v.outcome().stats().modelCalls())
              .sum();
      long tokens =
          done.stream()
              .filter(v -> v.outcome().stats() != null)
              .mapToLong(
                  v -> v.outcome().stats().promptTokens() + v.outcome().stats().outputTokens())
              .sum();
      return new Row(setting, books, done.size(), figures, calls, tokens, wallTimeMs);
    }
  }

  /** The table's header line. */
  static String tableHeader() {
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, "%-32s %5s %5s", "setting", "books", "done"));
    for (Figure f : Figure.values()) {
      line.append(String.format(Locale.ROOT, " %15s", abbreviation(f) + " mean/worst"));
    }
    line.append(String.format(Locale.ROOT, " %6s %9s %9s", "calls", "tokens", "wall s"));
    return line.toString();
  }

  /** A row of the table, lined up under {@link #tableHeader()}. */
  static String tableRow(Row row) {
    String name =
        row.setting().length() > 32 ? row.setting().substring(0, 31) + "…" : row.setting();
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "%-32s %5d %5d", name, row.books(), row.completed()));
    for (Spread s : row.figures()) {
      line.append(String.format(Locale.ROOT, " %15s", number(s.mean()) + "/" + number(s.worst())));
    }
    line.append(
        String.format(
            Locale.ROOT,
            " %6d %9d %9s",
            row.modelCalls(),
            row.tokens(),
            number(row.wallTimeMs() / 1000.0)));
    return line.toString();
  }

  private static String abbreviation(Figure f) {
    return switch (f) {
      case LENGTH_SCORE -> "length";
      case SLOP_PER_1000 -> "slop/1k";
      case REPETITION -> "repeat";
      case ONE_SENTENCE_PARAGRAPHS -> "1-sent";
      case JUDGE_SCORE -> "judge";
    };
  }

  /** The rows as CSV: a header, then a line per setting; an absent figure is an empty field. */
  static String csv(List<Row> rows) {
    StringBuilder out = new StringBuilder("setting,books,completed");
    for (Figure f : Figure.values()) {
      out.append(',').append(f.column()).append("_mean,").append(f.column()).append("_worst");
    }
    out.append(",model_calls,tokens,wall_time_ms\n");
    for (Row row : rows) {
      out.append(csvField(row.setting()))
          .append(',')
          .append(row.books())
          .append(',')
          .append(row.completed());
      for (Spread s : row.figures()) {
        out.append(',').append(csvNumber(s.mean())).append(',').append(csvNumber(s.worst()));
      }
      out.append(',')
          .append(row.modelCalls())
          .append(',')
          .append(row.tokens())
          .append(',')
          .append(row.wallTimeMs());
      out.append('\n');
    }
    return out.toString();
  }

  /** The rows as a page: the table, then a bar chart per figure with a bar per setting. */
  static String html(List<Row> rows, String pictures) {
    StringBuilder out = new StringBuilder();
    out.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>fablestream eval</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2330}")
        .append(
            "table{border-collapse:collapse}td,th{border:1px solid #dcd8cf;padding:.25rem .5rem;text-align:right}")
        .append(
            "td:first-child,th:first-child{text-align:left}figure{display:inline-block;margin:1rem}")
        .append(".bar{fill:#2f5d8a}.label{font-size:11px}</style></head><body>\n")
        .append("<h1>fablestream eval</h1>\n<p>Pictures: ")
        .append(escape(pictures))
        .append(". The figures are defined in docs/quality.md; worst is the lowest score or the")
        .append(
            " highest slop, repetition or share of one-sentence paragraphs.</p>\n<table><thead><tr>")
        .append("<th>setting</th><th>books</th><th>completed</th>");
    for (Figure f : Figure.values()) {
      out.append("<th>").append(escape(f.title)).append(" mean</th><th>worst</th>");
    }
    out.append("<th>model calls</th><th>tokens</th><th>wall time (s)</th></tr></thead><tbody>\n");
    for (Row row : rows) {
      out.append("<tr><td>")
          .append(escape(row.setting()))
          .append("</td><td>")
          .append(row.books())
          .append("</td><td>")
          .append(row.completed())
          .append("</td>");
      for (Spread s : row.figures()) {
        out.append("<td>")
            .append(number(s.mean()))
            .append("</td><td>")
            .append(number(s.worst()))
            .append("</td>");
      }
      out.append("<td>")
          .append(row.modelCalls())
          .append("</td><td>")
          .append(row.tokens())
          .append("</td><td>")
          .append(number(row.wallTimeMs() / 1000.0))
          .append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    for (Figure f : Figure.values()) {
      out.append(chart(rows, f));
    }
    return out.append("</body></html>\n").toString();
  }

  private static String chart(List<Row> rows, Figure f) {
    int index = f.ordinal();
    double max =
        rows.stream()
            .mapToDouble(r -> r.figures().get(index).mean())
            .filter(v -> !Double.isNaN(v))
            .max()
            .orElse(0);
    max = Math.max(max, f == Figure.LENGTH_SCORE ? 100 : f == Figure.JUDGE_SCORE ? 1 : 1e-9);
    int barWidth = 180;
    int height = 22 * rows.size() + 10;
    StringBuilder svg = new StringBuilder("<figure><figcaption>");
    svg.append(escape(f.title))
        .append(" (mean; ")
        .append(f.higherIsBetter ? "higher" : "lower")
        .append(" is better)</figcaption>\n<svg role=\"img\" width=\"460\" height=\"")
        .append(height)
        .append("\" aria-label=\"")
        .append(escape(f.title))
        .append(" by setting\">\n");
    for (int i = 0; i < rows.size(); i++) {
      double v = rows.get(i).figures().get(index).mean();
      int w = Double.isNaN(v) ? 0 : (int) Math.round(barWidth * v / max);
      int y = 5 + 22 * i;
      String name = rows.get(i).setting();
      svg.append("<text class=\"label\" x=\"0\" y=\"")
          .append(y + 14)
          .append("\">")
          .append(escape(name.length() > 36 ? name.substring(0, 35) + "…" : name))
          .append("</text>")
          .append("<rect class=\"bar\" x=\"230\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(w)
          .append("\" height=\"18\"><title>")
          .append(number(v))
          .append("</title></rect>")
          .append("<text class=\"label\" x=\"")
          .append(234 + w)
          .append("\" y=\"")
          .append(y + 14)
          .append("\">")
          .append(number(v))
          .append("</text>\n");
    }
    return svg.append("</svg></figure>\n").toString();
  }

  /** Writes eval.csv and eval.html into a directory; the two files. */
  static List<Path> write(Path dir, List<Row> rows, String pictures) throws IOException {
    Files.createDirectories(dir);
    Path csv = dir.resolve("eval.csv");
    Path html = dir.resolve("eval.html");
    Files.writeString(csv, csv(rows), StandardCharsets.UTF_8);
    Files.writeString(html, html(rows, pictures), StandardCharsets.UTF_8);
    return List.of(csv, html);
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.2f", value);
  }

  private static String csvNumber(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static String csvField(String value) {
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
