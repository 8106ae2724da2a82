package dev.llmreplay.internal.fault;

/** Whose error shape an endpoint speaks, told by the URL path alone. */
public enum Provider {
  /** OpenAI and every OpenAI-compatible API: the default. */
  OPENAI,
  /** OpenAI's Responses API ({@code /v1/responses}): OpenAI errors, its own stream error event. */
  OPENAI_RESPONSES,
  /** Anthropic's {@code /v1/messages} (and {@code /v1/complete}). */
  ANTHROPIC,
  /** Ollama's native {@code /api/*}. */
  OLLAMA,
  /** Gemini's {@code :generateContent} and {@code :streamGenerateContent}. */
  GEMINI;

  public static Provider of(String path) {
    // Proxies put a prefix in front (/anthropic/v1/messages); OpenAI's /v1/threads/{id}/messages
    // has no "/v1/messages" in it.
    if (path.contains("/v1/messages") || path.endsWith("/v1/complete")) return ANTHROPIC;
    if (path.startsWith("/api/")) return OLLAMA;
    if (path.contains(":generateContent") || path.contains(":streamGenerateContent")) return GEMINI;
    if (path.contains("/v1/responses") || path.endsWith("/responses")) return OPENAI_RESPONSES;
    return OPENAI;
  }
}
