package dev.llmreplay.internal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The OpenAI Responses API: output items (messages, function calls, reasoning), status, usage. */
final class ResponsesAssembly {
  private ResponsesAssembly() {}

  static void stream(List<Chunk> chunks, Transcript.Builder t) {
    ChoiceDraft d = new ChoiceDraft(0);
    boolean ended = false;
    for (Chunk c : chunks) {
      String type = c.type();
      JsonNode json = c.json();
      if (type == null || json == null) continue;
      String key = "o" + json.path("output_index").asInt(-1);
      switch (type) {
        case "response.created":
        case "response.in_progress":
          if (Nodes.text(json.path("response"), "model") != null) {
            t.model(Nodes.text(json.path("response"), "model"));
          }
          break;
        case "response.output_text.delta":
          d.text.append(delta(json));
          break;
        case "response.refusal.delta":
          d.refusal.append(delta(json));
          break;
        case "response.reasoning_summary_text.delta":
        case "response.reasoning_text.delta":
          d.reasoning.append(delta(json));
          break;
        case "response.output_item.added":
        case "response.output_item.done":
          JsonNode item = json.path("item");
          if ("function_call".equals(Nodes.text(item, "type"))) functionCall(item, d.tool(key));
          break;
        case "response.function_call_arguments.delta":
          d.tool(key).arguments.append(delta(json));
          break;
        case "response.function_call_arguments.done":
          if (Nodes.text(json, "arguments") != null) {
            d.tool(key).wholeArguments = Nodes.text(json, "arguments");
          }
          break;
        case "response.completed":
        case "response.incomplete":
        case "response.failed":
          ended = true;
          finished(json.path("response"), d, t);
          break;
        case "error":
          ended = true;
          t.error(
              Nodes.text(json, "message") != null
                  ? Nodes.text(json, "message")
                  : Assembler.errorOf(json));
          break;
        default:
          break;
      }
    }
    t.choices(List.of(d.build()));
    if (!ended) t.incomplete("the stream ends without response.completed (or failed/incomplete)");
  }

  static void body(JsonNode json, Transcript.Builder t) {
    ChoiceDraft d = new ChoiceDraft(0);
    JsonNode output = json.path("output");
    for (int i = 0; i < output.size(); i++) {
      JsonNode item = output.get(i);
      String type = Nodes.text(item, "type");
      if ("message".equals(type)) {
        for (JsonNode part : item.path("content")) {
          String partType = Nodes.text(part, "type");
          if ("output_text".equals(partType)) d.text.append(nullToEmpty(Nodes.text(part, "text")));
          if ("refusal".equals(partType))
            d.refusal.append(nullToEmpty(Nodes.text(part, "refusal")));
        }
      } else if ("function_call".equals(type)) {
        functionCall(item, d.tool("o" + i));
      } else if ("reasoning".equals(type)) {
        for (JsonNode s : item.path("summary"))
          d.reasoning.append(nullToEmpty(Nodes.text(s, "text")));
      }
    }
    finished(json, d, t);
    t.choices(List.of(d.build()));
  }

  private static void functionCall(JsonNode item, ChoiceDraft.ToolDraft tool) {
    String id =
        Nodes.text(item, "call_id") != null ? Nodes.text(item, "call_id") : Nodes.text(item, "id");
    if (tool.id == null) tool.id = id;
    if (tool.name == null) tool.name = Nodes.text(item, "name");
    String args = Nodes.text(item, "arguments");
    if (args != null && !args.isEmpty()) tool.wholeArguments = args;
  }

  /** Status, usage, model and error from a whole response object. */
  private static void finished(JsonNode response, ChoiceDraft d, Transcript.Builder t) {
    if (Nodes.text(response, "model") != null) t.model(Nodes.text(response, "model"));
    String status = Nodes.text(response, "status");
    String reason = Nodes.text(response.path("incomplete_details"), "reason");
    if (status != null) d.finishReason = reason == null ? status : status + " (" + reason + ")";
    JsonNode u = response.path("usage");
    Usage usage =
        Usage.of(
            Nodes.count(u, "input_tokens"),
            Nodes.count(u, "output_tokens"),
            Nodes.count(u, "total_tokens"));
    if (!usage.isEmpty()) t.usage(usage);
    String error = Assembler.errorOf(response);
    if (error != null) t.error(error);
  }

  private static String delta(JsonNode json) {
    return nullToEmpty(Nodes.text(json, "delta"));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
