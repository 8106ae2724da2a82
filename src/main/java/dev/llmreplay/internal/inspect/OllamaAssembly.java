package dev.llmreplay.internal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Ollama's native API: {@code response} / {@code message.content} joined, done reason, counts. */
final class OllamaAssembly {
  private OllamaAssembly() {}

  static void stream(List<Chunk> chunks, Transcript.Builder t) {
    ChoiceDraft d = new ChoiceDraft(0);
    JsonNode last = null;
    for (Chunk c : chunks) {
      if (c.json() == null || !c.json().isObject()) continue;
      last = c.json();
      chunk(c.json(), d, t);
    }
    t.choices(List.of(d.build()));
    if (last == null || !last.path("done").asBoolean(false)) {
      t.incomplete("the stream ends without a line holding \"done\": true");
    }
  }

  static void body(JsonNode json, Transcript.Builder t) {
    ChoiceDraft d = new ChoiceDraft(0);
    chunk(json, d, t);
    t.choices(List.of(d.build()));
  }

  private static void chunk(JsonNode json, ChoiceDraft d, Transcript.Builder t) {
    if (Nodes.text(json, "model") != null) t.model(Nodes.text(json, "model"));
    String error = Assembler.errorOf(json);
    if (error != null) t.error(error);
    append(d.text, json.get("response"));
    append(d.reasoning, json.get("thinking"));
    JsonNode message = json.get("message");
    if (message != null && message.isObject()) {
      append(d.text, message.get("content"));
      append(d.reasoning, message.get("thinking"));
      JsonNode calls = message.get("tool_calls");
      if (calls != null && calls.isArray()) {
        // Ollama sends each tool call whole, with arguments as a JSON object.
        for (JsonNode call : calls) {
          ChoiceDraft.ToolDraft tool = d.tool("t" + d.tools.size());
          tool.id = Nodes.text(call, "id");
          tool.name = Nodes.text(call.path("function"), "name");
          tool.wholeArguments = Nodes.compact(call.path("function").get("arguments"));
        }
      }
    }
    if (json.path("done").asBoolean(false)) {
      d.finishReason = Nodes.text(json, "done_reason");
      Long in = Nodes.count(json, "prompt_eval_count");
      Long out = Nodes.count(json, "eval_count");
      if (in != null || out != null) t.usage(Usage.of(in, out, null));
    }
  }

  private static void append(StringBuilder out, JsonNode value) {
    if (value != null && value.isTextual()) out.append(value.asText());
  }
}
