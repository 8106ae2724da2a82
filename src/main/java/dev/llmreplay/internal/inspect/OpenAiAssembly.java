package dev.llmreplay.internal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** OpenAI chat completions, legacy completions and embeddings (and compatible servers). */
final class OpenAiAssembly {
  private OpenAiAssembly() {}

  static void stream(Api api, List<Chunk> chunks, boolean sse, Transcript.Builder t) {
    ChoiceDraft.Choices choices = new ChoiceDraft.Choices();
    boolean done = false;
    for (Chunk c : chunks) {
      if (c.isDone()) {
        done = true;
        continue;
      }
      if (c.json() == null || !c.json().isObject()) continue;
      JsonNode json = c.json();
      if (Nodes.text(json, "model") != null) t.model(Nodes.text(json, "model"));
      Usage usage = usage(json.get("usage"));
      if (usage != null) t.usage(usage);
      String error = Assembler.errorOf(json);
      if (error != null) t.error(error);
      JsonNode list = json.path("choices");
      for (int i = 0; i < list.size(); i++) {
        JsonNode choice = list.get(i);
        ChoiceDraft d = choices.at(choice.path("index").asInt(i));
        if (api == Api.COMPLETIONS) {
          append(d.text, choice.get("text"));
        } else {
          JsonNode delta = choice.has("delta") ? choice.get("delta") : choice.get("message");
          message(delta, d, true);
        }
        finish(choice, d);
      }
    }
    t.choices(choices.build());
    if (sse && !done) t.incomplete("the stream ends without data: [DONE]");
  }

  static void body(Api api, JsonNode json, Transcript.Builder t) {
    t.model(Nodes.text(json, "model"));
    t.usage(usage(json.get("usage")));
    ChoiceDraft.Choices choices = new ChoiceDraft.Choices();
    JsonNode list = json.path("choices");
    for (int i = 0; i < list.size(); i++) {
      JsonNode choice = list.get(i);
      ChoiceDraft d = choices.at(choice.path("index").asInt(i));
      if (api == Api.COMPLETIONS) {
        append(d.text, choice.get("text"));
      } else {
        message(choice.get("message"), d, false);
      }
      finish(choice, d);
    }
    t.choices(choices.build());
  }

  /** A chat message or delta into a draft; deltas append tool-call arguments by tool index. */
  private static void message(JsonNode m, ChoiceDraft d, boolean delta) {
    if (m == null || !m.isObject()) return;
    JsonNode content = m.get("content");
    if (content != null && !content.isNull()) d.text.append(Nodes.contentText(content));
    append(
        d.reasoning, m.has("reasoning_content") ? m.get("reasoning_content") : m.get("reasoning"));
    append(d.refusal, m.get("refusal"));
    JsonNode calls = m.get("tool_calls");
    if (calls != null && calls.isArray()) {
      for (int i = 0; i < calls.size(); i++) {
        JsonNode call = calls.get(i);
        // Streamed calls carry their index; whole messages list them in order.
        String key = delta && call.has("index") ? "t" + call.get("index").asInt() : "t" + i;
        tool(d.tool(key), call.path("id"), call.path("function"));
      }
    }
    JsonNode functionCall = m.get("function_call");
    if (functionCall != null && functionCall.isObject()) {
      tool(d.tool("function_call"), null, functionCall);
    }
  }

  private static void tool(ChoiceDraft.ToolDraft tool, JsonNode id, JsonNode function) {
    if (id != null && id.isTextual() && tool.id == null) tool.id = id.asText();
    String name = Nodes.text(function, "name");
    // Some servers repeat the name in every chunk; the first one counts.
    if (name != null && !name.isEmpty() && tool.name == null) tool.name = name;
    JsonNode args = function.get("arguments");
    if (args != null && args.isTextual()) {
      tool.arguments.append(args.asText());
    } else if (args != null && args.isObject()) {
      tool.arguments.append(Nodes.compact(args));
    }
  }

  private static void finish(JsonNode choice, ChoiceDraft d) {
    String reason = Nodes.text(choice, "finish_reason");
    if (reason != null) d.finishReason = reason;
  }

  private static void append(StringBuilder out, JsonNode value) {
    if (value != null && value.isTextual()) out.append(value.asText());
  }

  static Usage usage(JsonNode u) {
    if (u == null || !u.isObject()) return null;
    Usage usage =
        Usage.of(
            Nodes.count(u, "prompt_tokens"),
            Nodes.count(u, "completion_tokens"),
            Nodes.count(u, "total_tokens"));
    return usage.isEmpty() ? null : usage;
  }

  /** Counts vectors and their dimensions: OpenAI {@code data[]}, Ollama {@code embeddings}. */
  static void embeddings(JsonNode json, Transcript.Builder t) {
    t.model(Nodes.text(json, "model"));
    int count = 0;
    int dims = -1;
    if (json.path("data").isArray()) {
      for (JsonNode item : json.get("data")) {
        JsonNode e = item.path("embedding");
        count++;
        // A base64 embedding holds 4-byte floats.
        dims = e.isArray() ? e.size() : e.isTextual() ? e.asText().length() * 3 / 4 / 4 : dims;
      }
      t.usage(usage(json.get("usage")));
    } else if (json.path("embeddings").isArray()) {
      for (JsonNode e : json.get("embeddings")) {
        count++;
        dims = e.size();
      }
    } else if (json.path("embedding").isArray()) {
      count = 1;
      dims = json.get("embedding").size();
    }
    Long promptEval = Nodes.count(json, "prompt_eval_count");
    if (promptEval != null) t.usage(Usage.of(promptEval, null, null));
    String noun = count == 1 ? "embedding" : "embeddings";
    t.notes(List.of(count + " " + noun + (dims >= 0 ? " of " + dims + " dimensions" : "")));
  }
}
