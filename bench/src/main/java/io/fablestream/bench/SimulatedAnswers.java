package io.fablestream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fablestream.platform.model.ModelHabits;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the simulated models write, in the shapes the services ask for: a picture's analysis, a
 * chapter ({@code title}, {@code text}) of the length the prompt asks for in prose that does not
 * repeat earlier chapters and names one of the conflicts, the judge's verdict ({@code score},
 * {@code advancedConflicts} copied from the prompt's list), a three-sentence summary, and the
 * book's synopsis of 80 to 110 words (inside summarizer-service's 60 to 120).
 *
 * <p>They write with a real 7-8B model's habits ({@link ModelHabits}): about 60% of a chapter or
 * part asked for above {@value ModelHabits#LONG_CHAPTER_WORDS} words, a preamble before each
 * summary and synopsis, and a judge that rates a chapter 4 of 5 on evidence it quotes.
 *
 * <p>Each analysis names its harbour town with the story's number ({@code Saltmere 7}), and the
 * conflicts and chapters carry that name on, so every later prompt of a book says which book it
 * belongs to: that is how the benchmark follows one book through the simulator's log.
 */
public final class SimulatedAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STORY = Pattern.compile("Saltmere (\\d+)");
  private static final Pattern CHAPTER = Pattern.compile("Write chapter (\\d+) of (\\d+)");

  /** The words a call asks for: the last "about n words" (a part's "about n more words"). */
  private static final Pattern WORDS = Pattern.compile("(?i)about (\\d+) (?:more )?words");

  private static final Pattern JUDGED_CHAPTER = Pattern.compile("\"Chapter (\\d+): ");
  private static final Pattern SUMMARY = Pattern.compile("chapters (\\d+) to (\\d+)");
  private static final Pattern SYNOPSIS_ARC = Pattern.compile("(?m)^Chapters (\\d+)-(\\d+): ");
  private static final Pattern LIST_ITEM = Pattern.compile("(?m)^- (.+)$");

  private static final String[] NAMES = {
    "Ada", "the keeper", "Tomas", "the ferryman", "old Maren", "the grey cat", "Ilse", "the pilot"
  };
  private static final String[] ADJECTIVES = {
    "cold", "narrow", "salted", "broken", "silent", "amber", "crooked", "hollow", "weathered",
    "distant", "brass", "pale", "tarred", "restless", "sunken", "iron", "bitter", "quiet",
    "patched", "drowned", "faint", "heavy", "copper", "brittle", "shuttered", "green", "slow",
    "wet", "forgotten", "sharp", "dim", "knotted", "rusted", "tall", "low", "red"
  };
  private static final String[] NOUNS = {
    "lantern", "rope", "ledger", "shutter", "gull", "anchor", "letter", "stair", "tide", "chart",
    "net", "bell", "window", "oar", "compass", "coat", "pier", "kettle", "candle", "key", "map",
    "hull", "wave", "door", "boat", "storm", "lens", "harbour", "shell", "flag", "crate", "dune",
    "fog", "quay", "sail", "reef"
  };
  private static final String[] VERBS = {
    "lifted", "studied", "hid", "mended", "carried", "counted", "followed", "watched", "opened",
    "pushed", "dropped", "traced", "cleaned", "tied", "measured", "turned", "searched", "held",
    "wrapped", "signalled", "weighed", "dragged", "read", "painted", "tested", "questioned"
  };
  private static final String[] PLACES = {
    "beside", "under", "behind", "across", "near", "past", "towards", "along", "above", "inside"
  };
  private static final String[] ADVERBS = {
    "Slowly", "At once", "Without a word", "Later", "Before dawn", "Again", "Carefully",
    "In the rain", "By noon", "At last", "Quietly", "Once more", "Half asleep", "Still shaking"
  };
  private static final String[] MOODS = {
    "quiet unease", "wistful hope", "gathering dread", "tender melancholy", "restless wonder"
  };

  private SimulatedAnswers() {}

  /** The story number a prompt names, or 0. */
  public static int story(String text) {
    Matcher m = text == null ? null : STORY.matcher(text);
    return m != null && m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /**
   * The chapter a request is about: its number for a chapter or judge, the last of the arc for a
   * summary, the last of the last arc the prompt lists for a synopsis.
   */
  public static int chapter(CallPurpose purpose, String prompt) {
    Pattern pattern =
        switch (purpose) {
          case CHAPTER -> CHAPTER;
          case JUDGE -> JUDGED_CHAPTER;
          case SUMMARY -> SUMMARY;
          case SYNOPSIS -> SYNOPSIS_ARC;
          case VISION -> null;
        };
    if (pattern == null || prompt == null) {
      return 0;
    }
    Matcher m = pattern.matcher(prompt);
    int chapter = 0;
    while (m.find()) {
      chapter =
          Integer.parseInt(
              purpose == CallPurpose.SUMMARY || purpose == CallPurpose.SYNOPSIS
                  ? m.group(2)
                  : m.group(1));
      if (purpose != CallPurpose.SYNOPSIS) {
        break;
      }
    }
    return chapter;
  }

  /** The analysis of story {@code story}'s picture, as the vision schema asks for it. */
  public static String analysis(int story) {
    String town = "Saltmere " + story;
    ObjectNode root = JSON.createObjectNode();
    root.put(
        "setting",
        "A fishing harbour called " + town + " at dusk in late autumn, under a lighthouse.");
    ArrayNode characters = root.putArray("characters");
    characters.add("Ada Vell, the lighthouse keeper of " + town);
    characters.add("a grey cat that watches the quay");
    root.put("mood", MOODS[Math.floorMod(story, MOODS.length)]);
    root.putArray("objects").add("a brass lantern").add("a sealed letter").add("a moored boat");
    ArrayNode conflicts = root.putArray("potentialConflicts");
    conflicts.add(
        "The storm will cut " + town + " off from the mainland before the ferry returns.");
    conflicts.add("Ada hides a letter that the harbour master of " + town + " wants.");
    return root.toString();
  }

  /**
   * A chapter for this prompt: {@code {"title", "text"}} of about the length a model writes when
   * asked (between 0.95 and 1.2 times it: all of a short chapter or part, 60% of a long one), in
   * new words each time, naming one of the prompt's conflicts.
   */
  public static String chapter(String prompt, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int number = chapter(CallPurpose.CHAPTER, prompt);
    Matcher words = WORDS.matcher(prompt);
    int asked = 300;
    while (words.find()) {
      asked = Integer.parseInt(words.group(1));
    }
    int target = ModelHabits.wordsWritten(asked);
    List<String> conflicts = listItems(prompt);
    int goal = (int) Math.round(target * (0.95 + 0.25 * random.nextDouble()));
    StringBuilder text = new StringBuilder();
    int count = 0;
    if (!conflicts.isEmpty()) {
      String conflict = conflicts.get(random.nextInt(conflicts.size()));
      text.append(conflict).append(' ');
      count += wordsIn(conflict);
    }
    while (count < goal) {
      String sentence = sentence(random);
      int n = wordsIn(sentence);
      if (count + n > target * 1.5 && count >= target) {
        break;
      }
      text.append(sentence).append(count % 60 < n ? "\n\n" : " ");
      count += n;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put(
        "title",
        "Chapter "
            + number
            + ": The "
            + capitalized(pick(random, ADJECTIVES))
            + " "
            + capitalized(pick(random, NOUNS)));
    root.put("text", text.toString().strip());
    return root.toString();
  }

  /**
   * The judge's verdict: a passing mood score and the listed conflicts the chapter names, with the
   * sentence that names each as evidence, and a lenient tone of {@value ModelHabits#LENIENT_TONE}.
   */
  public static String verdict(String prompt, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> conflicts = listItems(prompt);
    int chapterAt = prompt.indexOf("\nThe chapter, \"");
    String chapter = chapterAt < 0 ? prompt : prompt.substring(chapterAt);
    ObjectNode root = JSON.createObjectNode();
    root.put("score", Math.round((0.78 + 0.2 * random.nextDouble()) * 100) / 100.0);
    ArrayNode advanced = root.putArray("advancedConflicts");
    for (String conflict : conflicts) {
      if (chapter.contains(conflict)) {
        advanced.add(conflict);
      }
    }
    if (advanced.isEmpty() && !conflicts.isEmpty()) {
      advanced.add(conflicts.get(0));
    }
    // The judge as chapter-service asks it now: evidence first (the sentence of the chapter that
    // advances each conflict), no contradictions, and the tone of voice on 1-5.
    ArrayNode evidence = root.putArray("evidence");
    for (var conflict : advanced) {
      ObjectNode quoted = evidence.addObject();
      quoted.put("conflict", conflict.asText());
      quoted.put("sentence", sentenceWith(chapter, conflict.asText()));
    }
    root.putArray("contradictions");
    root.put("tone", ModelHabits.LENIENT_TONE);
    return root.toString();
  }

  /** The sentence of the text that holds the words, else its first sentence after the title. */
  private static String sentenceWith(String text, String words) {
    String body = text.contains("\":\n") ? text.substring(text.indexOf("\":\n") + 3) : text;
    String[] sentences = body.split("(?<=[.!?])\\s+");
    for (String sentence : sentences) {
      if (sentence.contains(words)) {
        return sentence.strip();
      }
    }
    return sentences.length == 0 ? body.strip() : sentences[0].strip();
  }

  /** Three sentences about the chapters a summary prompt names, after Llama 3.1's preamble. */
  public static String summary(String prompt, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Matcher m = SUMMARY.matcher(prompt);
    String range = m.find() ? m.group(1) + " to " + m.group(2) : "so far";
    int story = story(prompt);
    String town = story > 0 ? "Saltmere " + story : "the harbour";
    return ModelHabits.summaryPreamble(range)
        + "In chapters "
        + range
        + ", Ada Vell keeps the light of "
        + town
        + " burning while the storm closes in. She "
        + pick(random, VERBS)
        + " the "
        + pick(random, ADJECTIVES)
        + " "
        + pick(random, NOUNS)
        + " and learns that the harbour master wants her letter. Whether the ferry returns"
        + " before the sea road floods is still open.";
  }

  /**
   * The book's synopsis: 80 to 110 words (the summarizer asks for 60 to 120 and asks again outside
   * that), naming the keeper and the book's town, in new words each time, after Llama 3.1's
   * preamble and a bold title.
   */
  public static String synopsis(String prompt, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int story = story(prompt);
    String town = story > 0 ? "Saltmere " + story : "the harbour";
    StringBuilder text =
        new StringBuilder("In ")
            .append(town)
            .append(", Ada Vell keeps the light burning while a storm cuts the town off.");
    int goal = 80 + random.nextInt(21);
    int count = wordsIn(text.toString());
    while (count < goal) {
      String sentence = sentence(random);
      if (count + wordsIn(sentence) > 110) {
        break;
      }
      text.append(' ').append(sentence);
      count += wordsIn(sentence);
    }
    return ModelHabits.blurbPreamble("The Light of " + town)
        + text.append(" Will the ferry return in time?");
  }

  /** Answer text for a request of this purpose. */
  public static String answer(CallPurpose purpose, int story, String prompt, long seed) {
    return switch (purpose) {
      case VISION -> analysis(story);
      case CHAPTER -> chapter(prompt, seed);
      case JUDGE -> verdict(prompt, seed);
      case SUMMARY -> summary(prompt, seed);
      case SYNOPSIS -> synopsis(prompt, seed);
    };
  }

  /** Words as the chapter validator counts them: runs of non-space characters. */
  static int wordsIn(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? 0 : stripped.split("\\s+").length;
  }

  /** The {@code - item} lines of a prompt: the conflicts both chapter and judge prompts list. */
  static List<String> listItems(String prompt) {
    List<String> items = new ArrayList<>();
    Matcher m = LIST_ITEM.matcher(prompt);
    while (m.find()) {
      String item = m.group(1).strip();
      if (STORY.matcher(item).find() && !items.contains(item)) {
        items.add(item);
      }
    }
    return items;
  }

  /**
   * One sentence of random words in a few shapes; every run of five words holds at least three
   * random choices, so two chapters share almost no 5-gram (the repetition check compares those).
   */
  private static String sentence(SplittableRandom r) {
    return switch (r.nextInt(4)) {
      case 0 ->
          capitalized(pick(r, NAMES))
              + " "
              + pick(r, VERBS)
              + " the "
              + pick(r, ADJECTIVES)
              + " "
              + pick(r, NOUNS)
              + " "
              + pick(r, PLACES)
              + " the "
              + pick(r, NOUNS)
              + ".";
      case 1 ->
          pick(r, ADVERBS)
              + ", "
              + pick(r, NAMES)
              + " "
              + pick(r, VERBS)
              + " a "
              + pick(r, ADJECTIVES)
              + " "
              + pick(r, NOUNS)
              + ".";
      case 2 ->
          "The "
              + pick(r, ADJECTIVES)
              + " "
              + pick(r, NOUNS)
              + " lay "
              + pick(r, PLACES)
              + " the "
              + pick(r, ADJECTIVES)
              + " "
              + pick(r, NOUNS)
              + " while "
              + pick(r, NAMES)
              + " "
              + pick(r, VERBS)
              + " the "
              + pick(r, NOUNS)
              + ".";
      default ->
          "Was the "
              + pick(r, NOUNS)
              + " "
              + pick(r, PLACES)
              + " the "
              + pick(r, ADJECTIVES)
              + " "
              + pick(r, NOUNS)
              + " "
              + pick(r, ADJECTIVES)
              + " enough?";
    };
  }

  private static String pick(SplittableRandom r, String[] words) {
    return words[r.nextInt(words.length)];
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
