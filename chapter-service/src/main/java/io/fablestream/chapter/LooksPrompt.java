package io.fablestream.chapter;

import io.fablestream.chapter.state.BookState;
import io.fablestream.chapter.state.StorySeed;
import io.fablestream.platform.model.ContextBudget;
import io.fablestream.platform.model.ModelRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one text-model call that writes the characters' looks of a book ({@link CharacterLooks}),
 * from the picture's analysis and the plan's cast: asked once per book, when its first chapter is
 * begun with illustrations on, so every illustration draws the characters alike.
 */
final class LooksPrompt {
  /** How the prompt begins; a test model knows the call by it. */
  static final String OPENING = "Describe how each named character of this book looks";

  /** The looks call's JSON schema. */
  static final String SCHEMA =
      """
      {"type":"object","properties":{\
      "characters":{"type":"array","items":{"type":"object","properties":{\
      "name":{"type":"string"},"looks":{"type":"string"}},"required":["name","looks"]}}},\
      "required":["characters"]}""";

  /** The most words a description is asked to run to. */
  static final int WORDS_PER_CHARACTER = 35;

  private static final String SYSTEM =
      "You are a character designer for a picture book. You write short, concrete visual"
          + " descriptions that an illustrator can draw the same way on every page.";

  private LooksPrompt() {}

  /** The looks call of a book, its answer bounded to the characters asked for. */
  static ModelRequest request(BookState book, ChapterSettings settings) {
    List<String> names = names(book);
    int words = 20 + names.size() * (WORDS_PER_CHARACTER + 10);
    ModelRequest request =
        ModelRequest.text(settings.textModel(), prompt(book, names))
            .withSystem(SYSTEM)
            .withJsonSchema(SCHEMA)
            .withAnswerWords(words);
    int tokens = ContextBudget.answerTokens(words, ChapterSteps.tokensPerWord(book));
    return request.withAnswerTokens(
        Math.max(1, Math.min(tokens, settings.budget().roomForAnswer(request))));
  }

  /**
   * The characters to describe: the plan's cast first (named, with who they are), then the
   * analysis's characters the cast does not name, at most {@link CharacterLooks#MAX_CHARACTERS}.
   */
  static List<String> names(BookState book) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> names = new ArrayList<>();
    BookPlan.of(book)
        .ifPresent(plan -> plan.cast().forEach(c -> add(names, seen, c.name() + ": " + c.line())));
    if (book.getStory() != null) {
      for (String character : book.getStory().getCharacters()) {
        boolean inCast =
            names.stream()
                .anyMatch(
                    n ->
                        n.toLowerCase(Locale.ROOT)
                            .startsWith(character.toLowerCase(Locale.ROOT) + ":"));
        if (!inCast) {
          add(names, seen, character);
        }
      }
    }
    return names;
  }

  private static void add(List<String> names, Set<String> seen, String line) {
    String flat = line.strip();
    if (names.size() < CharacterLooks.MAX_CHARACTERS
        && !flat.isEmpty()
        && seen.add(flat.toLowerCase(Locale.ROOT))) {
      names.add(flat.length() <= 200 ? flat : flat.substring(0, 200));
    }
  }

  static String prompt(BookState book, List<String> names) {
    StringBuilder p = new StringBuilder(OPENING);
    p.append(", for an illustrator who must draw them the same way in every chapter.\n\n");
    StorySeed story = book.getStory();
    if (story != null) {
      p.append("The picture the book grows from: ")
          .append(story.getSetting())
          .append("; mood: ")
          .append(story.getMood());
      if (!story.getObjects().isEmpty()) {
        p.append("; objects: ").append(String.join(", ", story.getObjects()));
      }
      p.append(".\n\n");
    }
    p.append("The characters:\n");
    names.forEach(n -> p.append("- ").append(n).append('\n'));
    p.append(
            "\nFor each character, one line of fixed visual traits: apparent age, build, hair,"
                + " face, clothes and their colours, one distinctive item. No actions, no feelings,"
                + " no setting. At most ")
        .append(WORDS_PER_CHARACTER)
        .append(
            " words each, in English whatever the book's language. Use each name as given"
                + " before its colon.\n\nAnswer in JSON: {\"characters\": [{\"name\": \"...\","
                + " \"looks\": \"...\"}]}");
    return p.toString();
  }
}
