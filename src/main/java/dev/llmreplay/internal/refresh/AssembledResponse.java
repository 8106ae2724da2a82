package dev.llmreplay.internal.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.inspect.Choice;
import dev.llmreplay.internal.inspect.ToolCall;
import dev.llmreplay.internal.inspect.Transcript;
import dev.llmreplay.internal.inspect.Usage;
import dev.llmreplay.internal.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a recorded response says, in the terms the change report compares: the assistant's text
 * (streamed deltas joined; several choices joined by a blank line), its tool calls (name and
 * arguments, without their per-call ids), the finish reason and the token usage ({@code input},
 * {@code output}, {@code total}). Assembled by the command line's {@link Transcript}, so it knows
 * what that knows (OpenAI chat, completions and Responses, Anthropic Messages, Gemini, Bedrock
 * Converse, Ollama); other bodies assemble to nothing, and their changes show up as changed field
 * values instead.
 *
 * @param text the assistant's text; several choices are joined by a blank line. Empty when none.
 * @param toolCalls each tool call as {@code name(arguments)}, arguments as compact JSON when they
 *     parse
 * @param finishReason the finish (stop) reason, or null; several distinct ones are joined by commas
 * @param usage token counts reported: {@code input}, {@code output}, {@code total} (each when
 *     reported), in that order
 */
public record AssembledResponse(
    String text, List<String> toolCalls, String finishReason, Map<String, Long> usage) {
  public AssembledResponse {
    toolCalls = List.copyOf(toolCalls);
    usage = Collections.unmodifiableMap(new LinkedHashMap<>(usage));
  }

  /** A view of several responses put together by the caller. */
  static AssembledResponse combined(
      String text, List<String> toolCalls, String finishReason, Map<String, Long> usage) {
    return new AssembledResponse(text, toolCalls, finishReason, usage);
  }

  /** Assembles one recorded response (through the command line's {@link Transcript}). */
  public static AssembledResponse of(RecordedResponse response) {
    Transcript t = Transcript.of(response);
    List<String> texts = new ArrayList<>();
    List<String> finish = new ArrayList<>();
    List<String> calls = new ArrayList<>();
    for (Choice c : t.choices()) {
      if (!c.text().isEmpty()) texts.add(c.text());
      if (c.finishReason() != null && !finish.contains(c.finishReason()))
        finish.add(c.finishReason());
      // Call ids differ on every call: a call is its name and arguments.
      for (ToolCall call : c.toolCalls()) calls.add(render(call));
    }
    Map<String, Long> usage = new LinkedHashMap<>();
    Usage u = t.usage();
    if (u != null) {
      if (u.inputTokens() != null) usage.put("input", u.inputTokens());
      if (u.outputTokens() != null) usage.put("output", u.outputTokens());
      if (u.totalTokens() != null) usage.put("total", u.totalTokens());
    }
    return new AssembledResponse(
        String.join("\n\n", texts),
        calls,
        finish.isEmpty() ? null : String.join(",", finish),
        usage);
  }

  private static String render(ToolCall call) {
    String args = call.arguments();
    JsonNode parsed = args.isBlank() ? null : Json.tryParseStructure(args);
    return call.name() + "(" + (parsed != null ? Json.compact(parsed) : args) + ")";
  }

  @Override
  public String toString() {
    return "text="
        + text
        + " toolCalls="
        + toolCalls
        + " finish="
        + finishReason
        + " usage="
        + usage;
  }
}
