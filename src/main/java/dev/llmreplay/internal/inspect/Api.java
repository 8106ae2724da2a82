package dev.llmreplay.internal.inspect;

/** The API a recorded response speaks, recognized from its content (not its URL). */
public enum Api {
  /** OpenAI chat completions ({@code choices[].message} / {@code choices[].delta}). */
  CHAT_COMPLETIONS("OpenAI chat completion"),
  /** OpenAI legacy completions ({@code choices[].text}). */
  COMPLETIONS("OpenAI completion"),
  /** The OpenAI Responses API ({@code response.*} events, {@code output[]}). */
  RESPONSES("OpenAI Responses"),
  /** Anthropic messages ({@code message_start} … {@code message_stop}, {@code content[]}). */
  ANTHROPIC_MESSAGES("Anthropic message"),
  /** Google Gemini {@code generateContent} ({@code candidates[].content.parts}, usage metadata). */
  GEMINI("Gemini generateContent"),
  /** Amazon Bedrock's Converse API ({@code output.message.content}, converse-stream events). */
  BEDROCK_CONVERSE("Bedrock Converse"),
  /** Ollama's native {@code /api/generate} ({@code response}, {@code done}). */
  OLLAMA_GENERATE("Ollama generate"),
  /** Ollama's native {@code /api/chat} ({@code message}, {@code done}). */
  OLLAMA_CHAT("Ollama chat"),
  /** Embeddings (OpenAI {@code data[].embedding}, Ollama {@code embeddings}). */
  EMBEDDINGS("embeddings"),
  /** Anything else: shown as it is. */
  OTHER("other");

  private final String label;

  Api(String label) {
    this.label = label;
  }

  /** A short human name, e.g. "Anthropic message". */
  public String label() {
    return label;
  }
}
