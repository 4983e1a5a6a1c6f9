package io.fablestream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.platform.model.ollama.ReceivedRequest;

/**
 * What a model call is for, told apart by the JSON schema the request asks for: the services send
 * the vision schema ({@code setting}, ...), the chapter schema ({@code title}, {@code text}) and
 * the judge schema ({@code evidence}, {@code contradictions}, {@code tone}; {@code score} and
 * {@code advancedConflicts} before it asked for evidence). An arc's summary and the book's synopsis
 * both ask for free text; the synopsis prompt is the one that asks for a book's {@value
 * #SYNOPSIS_MARK} (summarizer-service's {@code SummaryPrompt.synopsis}).
 */
public enum CallPurpose {
  VISION,
  CHAPTER,
  JUDGE,
  SUMMARY,
  SYNOPSIS;

  /** The words only a synopsis prompt holds. */
  static final String SYNOPSIS_MARK = "back-cover blurb";

  /** The purpose of one generate or chat request. */
  public static CallPurpose of(ReceivedRequest request) {
    JsonNode properties = request.format() == null ? null : request.format().path("properties");
    if (properties != null && properties.has("setting")) {
      return VISION;
    }
    if (properties != null && (properties.has("evidence") || properties.has("score"))) {
      return JUDGE;
    }
    if (properties != null && properties.has("text")) {
      return CHAPTER;
    }
    if (!request.images().isEmpty()) {
      return VISION;
    }
    String prompt = request.prompt();
    return prompt != null && prompt.contains(SYNOPSIS_MARK) ? SYNOPSIS : SUMMARY;
  }
}
