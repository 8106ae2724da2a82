package dev.llmreplay.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.fixture.Body;
import dev.llmreplay.fixture.Json;
import dev.llmreplay.fixture.RecordedResponse;
import dev.llmreplay.fixture.StreamEvent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a recorded response says, read the way a client would: the assistant's text (streamed deltas
 * joined), its tool calls (name and arguments), the finish reason and the token usage. Knows the
 * OpenAI chat and completions APIs, the OpenAI Responses API, Anthropic Messages, Ollama's native
 * API and Gemini, streamed or not; other bodies assemble to nothing.
 *
 * <p>A minimal assembler for the change report; the command line's transcript (once merged) is the
 * fuller one and this class is meant to give way to it.
 */
public final class AssembledResponse {
  private final String text;
  private final List<String> toolCalls;
  private final String finishReason;
  private final Map<String, Long> usage;

  private AssembledResponse(
      String text, List<String> toolCalls, String finishReason, Map<String, Long> usage) {
    this.text = text;
    this.toolCalls = List.copyOf(toolCalls);
    this.finishReason = finishReason;
    this.usage = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(usage));
  }

  /** A view of several responses put together by the caller. */
  static AssembledResponse combined(
      String text, List<String> toolCalls, String finishReason, Map<String, Long> usage) {
    return new AssembledResponse(text, toolCalls, finishReason, usage);
  }

  /** Assembles one recorded response. */
  public static AssembledResponse of(RecordedResponse response) {
    Assembly a = new Assembly();
    if (response.isStreaming()) {
      for (StreamEvent e : response.events()) {
        if (e.data() == null) continue;
        JsonNode chunk = Json.tryParseStructure(e.data());
        if (chunk != null && chunk.isObject()) a.accept(chunk);
      }
    } else if (response.body().kind() == Body.Kind.JSON && response.body().json().isObject()) {
      a.accept(response.body().json());
    }
    return a.build();
  }

  /** The assistant's text; several choices are joined by a blank line. Empty when none. */
  public String text() {
    return text;
  }

  /** Each tool call as {@code name(arguments)}, arguments as compact JSON when they parse. */
  public List<String> toolCalls() {
    return toolCalls;
  }

  /** The finish (stop) reason, or null; several distinct ones are joined by commas. */
  public String finishReason() {
    return finishReason;
  }

  /** Token counts by the provider's own names ({@code prompt_tokens}, {@code input_tokens} ...). */
  public Map<String, Long> usage() {
    return usage;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AssembledResponse)) return false;
    AssembledResponse a = (AssembledResponse) o;
    return text.equals(a.text)
        && toolCalls.equals(a.toolCalls)
        && Objects.equals(finishReason, a.finishReason)
        && usage.equals(a.usage);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, toolCalls, finishReason, usage);
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

  /** Accumulates chunks (or one whole body) of one response. */
  private static final class Assembly {
    private final TreeMap<Integer, StringBuilder> texts = new TreeMap<>();
    private final TreeMap<Integer, TreeMap<Integer, Call>> calls = new TreeMap<>();
    private final List<String> finishReasons = new ArrayList<>();
    private final Map<String, Long> usage = new LinkedHashMap<>();
    private JsonNode finalResponse;
    private int nextCallSlot = 1_000_000;

    void accept(JsonNode o) {
      usage(o.get("usage"), "");
      usage(o.get("usageMetadata"), "");
      number(o, "prompt_eval_count");
      number(o, "eval_count");

      JsonNode choices = o.get("choices");
      if (choices != null && choices.isArray()) {
        for (int i = 0; i < choices.size(); i++) choice(choices.get(i), i);
        return;
      }
      String type = o.path("type").asText("");
      if (type.equals("message") && o.path("content").isArray()) {
        anthropicContent(o.get("content"));
        finish(o.get("stop_reason"));
        return;
      }
      switch (type) {
        case "message_start":
          usage(o.path("message").get("usage"), "");
          return;
        case "content_block_start":
          anthropicBlockStart(o.path("index").asInt(0), o.path("content_block"));
          return;
        case "content_block_delta":
          anthropicDelta(o.path("index").asInt(0), o.path("delta"));
          return;
        case "message_delta":
          finish(o.path("delta").get("stop_reason"));
          return;
        case "response.output_text.delta":
          text(0).append(o.path("delta").asText(""));
          return;
        case "response.completed":
        case "response.incomplete":
        case "response.failed":
          finalResponse = o.get("response");
          return;
        default:
          break;
      }
      if (o.path("object").asText("").equals("response") && o.path("output").isArray()) {
        finalResponse = o;
        return;
      }
      JsonNode candidates = o.get("candidates");
      if (candidates != null && candidates.isArray()) {
        for (int i = 0; i < candidates.size(); i++) gemini(candidates.get(i), i);
        return;
      }
      // Ollama: /api/chat carries message.content, /api/generate carries response.
      if (o.path("message").path("content").isTextual()) {
        text(0).append(o.path("message").path("content").asText());
        JsonNode toolCalls = o.path("message").get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
          for (JsonNode tc : toolCalls) wholeCall(0, tc.path("function"), "arguments");
        }
      } else if (o.path("response").isTextual()) {
        text(0).append(o.path("response").asText());
      }
      finish(o.get("done_reason"));
    }

    private void choice(JsonNode c, int position) {
      int index = c.path("index").asInt(position);
      JsonNode message = c.get("message");
      if (message != null && message.isObject()) {
        if (message.path("content").isTextual())
          text(index).append(message.get("content").asText());
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
          for (JsonNode tc : toolCalls) wholeCall(index, tc.path("function"), "arguments");
        }
      }
      JsonNode delta = c.get("delta");
      if (delta != null && delta.isObject()) {
        if (delta.path("content").isTextual()) text(index).append(delta.get("content").asText());
        JsonNode toolCalls = delta.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
          for (int i = 0; i < toolCalls.size(); i++) {
            JsonNode tc = toolCalls.get(i);
            Call call = call(index, tc.path("index").asInt(i));
            JsonNode fn = tc.path("function");
            if (fn.path("name").isTextual()) call.name.append(fn.get("name").asText());
            if (fn.path("arguments").isTextual())
              call.arguments.append(fn.get("arguments").asText());
          }
        }
      }
      if (c.path("text").isTextual()) text(index).append(c.get("text").asText());
      finish(c.get("finish_reason"));
    }

    private void anthropicContent(JsonNode content) {
      for (JsonNode block : content) {
        String t = block.path("type").asText("");
        if (t.equals("text")) {
          text(0).append(block.path("text").asText(""));
        } else if (t.equals("tool_use")) {
          wholeCall(0, block, "input");
        }
      }
    }

    private void anthropicBlockStart(int index, JsonNode block) {
      String t = block.path("type").asText("");
      if (t.equals("text")) {
        text(0).append(block.path("text").asText(""));
      } else if (t.equals("tool_use")) {
        Call call = call(0, index);
        call.name.append(block.path("name").asText(""));
        JsonNode input = block.get("input");
        // The start event carries an empty input; the arguments follow as JSON deltas.
        if (input != null && input.isObject() && input.size() > 0) {
          call.arguments.append(Json.compact(input));
        }
      }
    }

    private void anthropicDelta(int index, JsonNode delta) {
      String t = delta.path("type").asText("");
      if (t.equals("text_delta")) {
        text(0).append(delta.path("text").asText(""));
      } else if (t.equals("input_json_delta")) {
        call(0, index).arguments.append(delta.path("partial_json").asText(""));
      }
    }

    private void responsesApi(JsonNode response) {
      JsonNode output = response.path("output");
      for (JsonNode item : output) {
        String t = item.path("type").asText("");
        if (t.equals("message")) {
          for (JsonNode part : item.path("content")) {
            if (part.path("text").isTextual()) text(0).append(part.get("text").asText());
          }
        } else if (t.equals("function_call")) {
          wholeCall(0, item, "arguments");
        }
      }
      finish(response.get("status"));
      usage(response.get("usage"), "");
    }

    private void gemini(JsonNode candidate, int position) {
      int index = candidate.path("index").asInt(position);
      for (JsonNode part : candidate.path("content").path("parts")) {
        if (part.path("text").isTextual()) text(index).append(part.get("text").asText());
        if (part.path("functionCall").isObject())
          wholeCall(index, part.get("functionCall"), "args");
      }
      finish(candidate.get("finishReason"));
    }

    private StringBuilder text(int index) {
      return texts.computeIfAbsent(index, i -> new StringBuilder());
    }

    private Call call(int choice, int index) {
      return calls
          .computeIfAbsent(choice, c -> new TreeMap<>())
          .computeIfAbsent(index, i -> new Call());
    }

    /** A tool call that arrives whole (not streamed): appended after any others. */
    private void wholeCall(int choice, JsonNode holder, String argumentsField) {
      Call call = call(choice, nextCallSlot++);
      call.name.append(holder.path("name").asText(""));
      JsonNode args = holder.get(argumentsField);
      if (args != null && !args.isNull()) {
        call.arguments.append(args.isTextual() ? args.asText() : Json.compact(args));
      }
    }

    private void finish(JsonNode reason) {
      if (reason != null && reason.isTextual() && !finishReasons.contains(reason.asText())) {
        finishReasons.add(reason.asText());
      }
    }

    private void number(JsonNode o, String field) {
      JsonNode n = o.get(field);
      if (n != null && n.isIntegralNumber()) usage.put(field, n.asLong());
    }

    /** Later values win: streams report usage in their last events. */
    private void usage(JsonNode u, String prefix) {
      if (u == null || !u.isObject()) return;
      Iterator<Map.Entry<String, JsonNode>> it = u.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isIntegralNumber()) {
          usage.put(prefix + e.getKey(), e.getValue().asLong());
        } else if (e.getValue().isObject()) {
          usage(e.getValue(), prefix + e.getKey() + ".");
        }
      }
    }

    AssembledResponse build() {
      if (finalResponse != null && finalResponse.isObject()) {
        // A Responses API stream ends with the whole response: it is the authority.
        texts.clear();
        calls.clear();
        responsesApi(finalResponse);
      }
      List<String> parts = new ArrayList<>();
      for (StringBuilder sb : texts.values()) {
        if (sb.length() > 0) parts.add(sb.toString());
      }
      List<String> toolCalls = new ArrayList<>();
      for (TreeMap<Integer, Call> perChoice : calls.values()) {
        for (Call c : perChoice.values()) toolCalls.add(c.render());
      }
      return new AssembledResponse(
          String.join("\n\n", parts),
          toolCalls,
          finishReasons.isEmpty() ? null : String.join(",", finishReasons),
          usage);
    }
  }

  /** A tool call being assembled. */
  private static final class Call {
    final StringBuilder name = new StringBuilder();
    final StringBuilder arguments = new StringBuilder();

    String render() {
      String args = arguments.toString();
      JsonNode parsed = args.isBlank() ? null : Json.tryParseStructure(args);
      return name + "(" + (parsed != null ? Json.compact(parsed) : args) + ")";
    }
  }
}
