package io.fablestream.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fablestream.platform.model.ollama.ReceivedRequest;

/**
 * What a model call is for, told apart by the JSON schema the request asks for: the services send
 * the vision schema ({@code setting}, ...), the chapter schema ({@code title}, {@code text}) and
 * the judge schema ({@code score}, {@code advancedConflicts}); the summary asks for free text.
 */
public enum CallPurpose {
  VISION,
  CHAPTER,
  JUDGE,
  SUMMARY;

  /** The purpose of one generate or chat request. */
  public static CallPurpose of(ReceivedRequest request) {
    JsonNode properties = request.format() == null ? null : request.format().path("properties");
    if (properties != null && properties.has("setting")) {
      return VISION;
    }
    if (properties != null && properties.has("score")) {
      return JUDGE;
    }
    if (properties != null && properties.has("text")) {
      return CHAPTER;
    }
    return request.images().isEmpty() ? SUMMARY : VISION;
  }
}
