/**
 * Reading fixtures the way a person does: a response's streamed chunks assembled into text, tool
 * calls with their arguments, finish reason and token usage ({@link
 * dev.llmreplay.internal.inspect.Transcript}), and a request in brief ({@link
 * dev.llmreplay.internal.inspect.RequestSummary}). Knows the wire shapes of OpenAI chat and legacy
 * completions, the OpenAI Responses API, Anthropic messages, Gemini's generateContent and Ollama's
 * native API.
 */
package dev.llmreplay.internal.inspect;
