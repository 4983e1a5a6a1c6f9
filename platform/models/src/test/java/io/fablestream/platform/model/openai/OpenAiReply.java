package io.fablestream.platform.model.openai;

/**
 * What the {@link OpenAiTestServer} answers to one chat completion: generated text (with the token
 * counts it reports), or an error with its HTTP status and the API's {@code {"error": {"message",
 * "type", "param", "code"}}} body.
 *
 * @param text the generated text; null for an error
 * @param promptTokens the reported {@code usage.prompt_tokens}; null to count the messages' words
 * @param completionTokens the reported {@code usage.completion_tokens}; null to count the words
 * @param status 200, or the error's status
 * @param error the error's message; null for text
 * @param type the error's type ({@code invalid_request_error}, {@code server_error})
 * @param code the error's code ({@code model_not_found}), or null
 */
public record OpenAiReply(
    String text,
    Integer promptTokens,
    Integer completionTokens,
    int status,
    String error,
    String type,
    String code) {

  /** Generated text; token counts are the words of the messages and of the text. */
  public static OpenAiReply text(String text) {
    return new OpenAiReply(text, null, null, 200, null, null, null);
  }

  /** An error as the API sends it. */
  public static OpenAiReply error(int status, String type, String code, String message) {
    return new OpenAiReply(null, null, null, status, message, type, code);
  }

  /** This reply reporting the given token counts. */
  public OpenAiReply withTokens(int prompt, int completion) {
    return new OpenAiReply(text, prompt, completion, status, error, type, code);
  }

  /** Whether this reply is an error. */
  public boolean isError() {
    return error != null;
  }
}
