package io.fablestream.platform.model;

import io.fablestream.platform.config.Config;
import io.fablestream.platform.config.ConfigKey;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * How the model gateway reaches a server that speaks the OpenAI API: vLLM, llama.cpp's
 * llama-server, LM Studio, OpenAI itself.
 *
 * @param baseUrl the API's base, up to and including {@code /v1}; no trailing slash
 * @param apiKey the bearer token, or empty for a server that needs none; never logged or shown
 * @param maxContext the context window of the server's models, in tokens: a call whose prompt and
 *     answer cannot fit is refused before it is sent, and a book whose calls cannot fit at intake
 */
public record OpenAiSettings(URI baseUrl, String apiKey, int maxContext) {
  public static final ConfigKey BASE_URL =
      new ConfigKey(
          "openai.base.url",
          "https://api.openai.com/v1",
          "The OpenAI-compatible API's base URL, /v1 included: http://localhost:8000/v1 for vLLM,"
              + " http://localhost:8080/v1 for llama-server, http://localhost:1234/v1 for LM"
              + " Studio.");
  public static final ConfigKey API_KEY =
      new ConfigKey(
          "openai.api.key",
          "",
          "The API key, sent as Authorization: Bearer KEY; empty sends none (a local server"
              + " started without --api-key). Required for api.openai.com. Never logged.");
  public static final ConfigKey MAX_CONTEXT =
      new ConfigKey(
          "openai.max.context",
          "32768",
          "The context window of the server's models, in tokens (vLLM's --max-model-len;"
              + " llama-server's -c divided by its -np slots; 128000 for gpt-4o). A book whose"
              + " calls cannot fit is refused at intake; each call's answer is bounded with"
              + " max_tokens.");

  /** The keys this record reads. */
  public static final List<ConfigKey> KEYS = List.of(BASE_URL, API_KEY, MAX_CONTEXT);

  public OpenAiSettings {
    Objects.requireNonNull(baseUrl);
    Objects.requireNonNull(apiKey);
  }

  /** Reads and validates the settings. */
  public static OpenAiSettings from(Config config) {
    URI uri = config.httpUri(BASE_URL);
    String base = uri.toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return new OpenAiSettings(
        URI.create(base),
        config.string(API_KEY).strip(),
        config.integer(MAX_CONTEXT, 512, 1 << 24));
  }

  @Override
  public String toString() {
    // The key is a credential: say only whether there is one.
    return "OpenAiSettings[baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey.isEmpty() ? "(none)" : "(set)")
        + ", maxContext="
        + maxContext
        + "]";
  }
}
