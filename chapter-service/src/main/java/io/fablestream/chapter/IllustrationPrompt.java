package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.ChapterText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What an image model is asked to draw for one chapter, and the alt text a reader who cannot see
 * the picture gets: the style ({@code illustrations.style}), the chapter's scene (its beat from the
 * plan and its key moment: the writer's two-sentence summary, or the opening of its text), then the
 * looks of the characters who appear in it ({@link CharacterLooks}). Bounded: the prompt is at most
 * {@link #MAX_PROMPT_CHARS} characters whatever the plan and the chapter hold.
 *
 * @param prompt what to draw
 * @param alt the scene in words, for the EPUB's alt text and BookChapter.illustration.alt
 */
record IllustrationPrompt(String prompt, String alt) {
  /** The longest prompt sent (OpenAI's dall-e-2 takes 1000 characters; the others more). */
  static final int MAX_PROMPT_CHARS = 1000;

  /** The longest beat taken from the plan. */
  static final int MAX_BEAT_CHARS = 240;

  /** The longest key moment taken from the chapter. */
  static final int MAX_MOMENT_CHARS = 320;

  /** The longest alt text. */
  static final int MAX_ALT_CHARS = 300;

  /** The most characters whose looks one prompt carries. */
  static final int MAX_DRAWN_CHARACTERS = 4;

  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?…])\\s");

  /** The prompt of a chapter of a book, with the book's looks, in the given style. */
  static IllustrationPrompt of(
      BookState book, ChapterText chapter, CharacterLooks looks, String style) {
    String beat =
        BookPlan.of(book)
            .flatMap(plan -> plan.beat(chapter.getNumber()))
            .map(b -> cut(b.beat(), MAX_BEAT_CHARS))
            .orElse("");
    String moment = cut(moment(chapter), MAX_MOMENT_CHARS);
    String scene = join(beat, moment);
    if (scene.isEmpty()) {
      scene = cut(chapter.getTitle(), MAX_BEAT_CHARS);
    }
    StringBuilder prompt = new StringBuilder(join(cut(style, 200), scene));
    List<CharacterLooks.Look> drawn =
        looks.appearingIn(beat, chapter.getSummary(), chapter.getText()).stream()
            .limit(MAX_DRAWN_CHARACTERS)
            .toList();
    for (CharacterLooks.Look look : drawn) {
      String part = " " + look.name() + ": " + sentence(look.looks());
      if (prompt.length() + part.length() > MAX_PROMPT_CHARS) {
        break;
      }
      prompt.append(part);
    }
    return new IllustrationPrompt(
        cut(prompt.toString(), MAX_PROMPT_CHARS), cut(scene, MAX_ALT_CHARS));
  }

  /**
   * The book's seed: the same for every chapter and every retry, so a server that takes a seed
   * draws in one hand through the book; the first four bytes of the SHA-256 of the bookId, masked
   * to 31 bits (non-negative, and within every API's range).
   */
  static long seed(String bookId) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(bookId.getBytes(StandardCharsets.UTF_8));
      int first =
          ((hash[0] & 0xff) << 24)
              | ((hash[1] & 0xff) << 16)
              | ((hash[2] & 0xff) << 8)
              | (hash[3] & 0xff);
      return first & 0x7fffffffL;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The chapter's key moment: its summary, or its first sentences when it has none. */
  private static String moment(ChapterText chapter) {
    if (chapter.getSummary() != null && !chapter.getSummary().isBlank()) {
      return chapter.getSummary();
    }
    String text = SPACES.matcher(chapter.getText()).replaceAll(" ").strip();
    String[] sentences = SENTENCE_END.split(text);
    StringBuilder opening = new StringBuilder();
    for (String s : sentences) {
      if (opening.length() + s.length() > MAX_MOMENT_CHARS && opening.length() > 0) {
        break;
      }
      opening.append(opening.length() > 0 ? " " : "").append(s);
    }
    return opening.toString();
  }

  private static String join(String first, String second) {
    if (first.isEmpty()) {
      return second;
    }
    return second.isEmpty() ? sentence(first) : sentence(first) + " " + sentence(second);
  }

  private static String sentence(String text) {
    String t = text.strip();
    return t.isEmpty() || ".!?…".indexOf(t.charAt(t.length() - 1)) >= 0 ? t : t + ".";
  }

  private static String cut(String text, int max) {
    String flat = text == null ? "" : SPACES.matcher(text).replaceAll(" ").strip();
    if (flat.length() <= max) {
      return flat;
    }
    int space = flat.lastIndexOf(' ', max - 1);
    return (space > max / 2 ? flat.substring(0, space) : flat.substring(0, max - 1)).strip() + "…";
  }
}
