package io.fablestream.app.epub;

import java.util.ArrayList;
import java.util.List;

/**
 * Text made safe for XHTML. Chapter texts come from a model and from people, so anything may be in
 * them: markup-like characters are escaped, characters XML 1.0 forbids (most C0 and C1 controls,
 * lone surrogates, noncharacters) are dropped, and line breaks of every kind become {@code \n}.
 */
public final class Xhtml {
  private Xhtml() {}

  /** The text escaped for element content. */
  public static String text(String text) {
    return escape(clean(text), false);
  }

  /** The text escaped for a double-quoted attribute value, on one line. */
  public static String attribute(String text) {
    return escape(oneLine(text), true);
  }

  /** The text on one line: every run of whitespace, line breaks included, as one space. */
  public static String oneLine(String text) {
    return clean(text).strip().replaceAll("\\s+", " ");
  }

  /**
   * The text as paragraphs: blank lines (lines of nothing but whitespace) part them, a single line
   * break inside one is kept as {@code <br/>} (a letter, a poem, a person's own layout), and empty
   * paragraphs are left out.
   */
  public static String paragraphs(String text) {
    StringBuilder out = new StringBuilder();
    for (List<String> paragraph : split(clean(text))) {
      out.append("<p>");
      for (int i = 0; i < paragraph.size(); i++) {
        out.append(i == 0 ? "" : "<br/>").append(escape(paragraph.get(i), false));
      }
      out.append("</p>\n");
    }
    return out.toString();
  }

  /** The paragraphs of a text, each as its lines, as {@link #paragraphs} parts them. */
  static List<List<String>> split(String cleaned) {
    List<List<String>> paragraphs = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : cleaned.split("\n", -1)) {
      if (line.isBlank()) {
        if (!current.isEmpty()) {
          paragraphs.add(current);
          current = new ArrayList<>();
        }
      } else {
        // ASCII blanks only: an ideographic space that opens a Japanese paragraph is its indent.
        current.add(line.replaceAll("^[ \t]+|[ \t]+$", ""));
      }
    }
    if (!current.isEmpty()) {
      paragraphs.add(current);
    }
    return paragraphs;
  }

  /**
   * The text with line breaks as {@code \n} (a paragraph separator as a blank line) and without the
   * characters XML 1.0 forbids or HTML calls control characters; null reads as empty.
   */
  public static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    int length = text.length();
    for (int i = 0; i < length; ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\r') {
        out.append('\n');
        if (i < length && text.charAt(i) == '\n') {
          i++;
        }
      } else if (c == 0x0b || c == 0x0c || c == 0x85 || c == 0x2028) {
        out.append('\n');
      } else if (c == 0x2029) {
        out.append("\n\n");
      } else if (allowed(c)) {
        out.appendCodePoint(c);
      }
    }
    return out.toString();
  }

  private static boolean allowed(int c) {
    if (c == '\t' || c == '\n') {
      return true;
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return false;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      return false; // a lone surrogate: codePointAt found no pair
    }
    if ((c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe) {
      return false; // noncharacters, U+FFFE and U+FFFF of every plane among them
    }
    return true;
  }

  private static String escape(String text, boolean attribute) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
