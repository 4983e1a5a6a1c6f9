package io.fablestream.platform.model;

import java.util.List;

/**
 * How much of a run of prompts a server's prefix cache could reuse: for each prompt, the longest
 * prefix it shares with a prompt sent before it (Ollama's and llama.cpp's slots keep the last
 * prompt's KV cache, vLLM's prefix caching any earlier one's), in tokens of a tokenizer's table.
 */
public final class PromptPrefixes {
  private PromptPrefixes() {}

  /** The share of all the prompts' tokens that repeat a prefix of an earlier prompt, 0 to 1. */
  public static double reusedShare(List<String> prompts, TokenTable table, String language) {
    long[] sums = sums(prompts, table, language);
    return sums[1] == 0 ? 0 : (double) sums[0] / sums[1];
  }

  /** The tokens that repeat an earlier prompt's prefix, and all the prompts' tokens. */
  public static long[] sums(List<String> prompts, TokenTable table, String language) {
    long reused = 0;
    long total = 0;
    for (int i = 0; i < prompts.size(); i++) {
      String prompt = prompts.get(i);
      int longest = 0;
      for (int j = 0; j < i; j++) {
        longest = Math.max(longest, commonPrefix(prompt, prompts.get(j)));
      }
      // A cache reuses whole tokens: the shared prefix is cut back to a word's start.
      int cut = longest == prompt.length() ? longest : prompt.lastIndexOf(' ', longest) + 1;
      reused += table.count(prompt.substring(0, Math.max(0, cut)), language);
      total += table.count(prompt, language);
    }
    return new long[] {reused, total};
  }

  /**
   * The share of all the prompts' tokens that repeat a prefix of the prompt just before (a server
   * with one slot for the book, as Ollama's and llama.cpp's keep only the last prompt), 0 to 1.
   */
  public static double reusedFromPreviousShare(
      List<String> prompts, TokenTable table, String language) {
    long reused = 0;
    long total = 0;
    for (int i = 0; i < prompts.size(); i++) {
      String prompt = prompts.get(i);
      int longest = i == 0 ? 0 : commonPrefix(prompt, prompts.get(i - 1));
      int cut = longest == prompt.length() ? longest : prompt.lastIndexOf(' ', longest) + 1;
      reused += table.count(prompt.substring(0, Math.max(0, cut)), language);
      total += table.count(prompt, language);
    }
    return total == 0 ? 0 : (double) reused / total;
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }
}
