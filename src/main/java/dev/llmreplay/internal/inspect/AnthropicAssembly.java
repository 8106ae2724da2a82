package dev.llmreplay.internal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Anthropic messages: content blocks (text, tool_use, thinking), stop reason, usage. */
final class AnthropicAssembly {
  private AnthropicAssembly() {}

  static void stream(List<Chunk> chunks, Transcript.Builder t) {
    ChoiceDraft d = new ChoiceDraft(0);
    Long in = null;
    Long out = null;
    boolean stopped = false;
    for (Chunk c : chunks) {
      String type = c.type();
      JsonNode json = c.json();
      if (type == null || json == null) continue;
      switch (type) {
        case "message_start":
          JsonNode message = json.path("message");
          if (Nodes.text(message, "model") != null) t.model(Nodes.text(message, "model"));
          in = first(Nodes.count(message.path("usage"), "input_tokens"), in);
          out = first(Nodes.count(message.path("usage"), "output_tokens"), out);
          break;
        case "content_block_start":
          block(json.path("content_block"), d, "b" + json.path("index").asInt());
          break;
        case "content_block_delta":
          delta(json.path("delta"), d, "b" + json.path("index").asInt());
          break;
        case "message_delta":
          String reason = Nodes.text(json.path("delta"), "stop_reason");
          if (reason != null) d.finishReason = reason;
          // message_delta's usage is cumulative: the last one holds the totals.
          in = first(Nodes.count(json.path("usage"), "input_tokens"), in);
          out = first(Nodes.count(json.path("usage"), "output_tokens"), out);
          break;
        case "message_stop":
          stopped = true;
          break;
        case "error":
          t.error(Assembler.errorOf(json));
          stopped = true; // an error event ends the stream as the API meant it to
          break;
        default:
          break;
      }
    }
    t.choices(List.of(d.build()));
    if (in != null || out != null) t.usage(Usage.of(in, out, null));
    if (!stopped) t.incomplete("the stream ends without a message_stop event");
  }

  static void body(JsonNode json, Transcript.Builder t) {
    t.model(Nodes.text(json, "model"));
    ChoiceDraft d = new ChoiceDraft(0);
    JsonNode content = json.path("content");
    for (int i = 0; i < content.size(); i++) {
      block(content.get(i), d, "b" + i);
    }
    d.finishReason = Nodes.text(json, "stop_reason");
    t.choices(List.of(d.build()));
    JsonNode u = json.path("usage");
    Long in = Nodes.count(u, "input_tokens");
    Long out = Nodes.count(u, "output_tokens");
    if (in != null || out != null) t.usage(Usage.of(in, out, null));
  }

  private static void block(JsonNode block, ChoiceDraft d, String key) {
    String type = Nodes.text(block, "type");
    if (type == null) return;
    switch (type) {
      case "text":
        d.text.append(Nodes.text(block, "text") == null ? "" : Nodes.text(block, "text"));
        break;
      case "thinking":
        d.reasoning.append(
            Nodes.text(block, "thinking") == null ? "" : Nodes.text(block, "thinking"));
        break;
      case "tool_use":
      case "server_tool_use":
        ChoiceDraft.ToolDraft tool = d.tool(key);
        tool.id = Nodes.text(block, "id");
        tool.name = Nodes.text(block, "name");
        // A streamed block starts with input {} and gets its JSON from deltas.
        if (block.has("input")) tool.wholeArguments = Nodes.compact(block.get("input"));
        break;
      default:
        break;
    }
  }

  private static void delta(JsonNode delta, ChoiceDraft d, String key) {
    String type = Nodes.text(delta, "type");
    if (type == null) return;
    switch (type) {
      case "text_delta":
        d.text.append(nullToEmpty(Nodes.text(delta, "text")));
        break;
      case "thinking_delta":
        d.reasoning.append(nullToEmpty(Nodes.text(delta, "thinking")));
        break;
      case "input_json_delta":
        d.tool(key).arguments.append(nullToEmpty(Nodes.text(delta, "partial_json")));
        break;
      default:
        break;
    }
  }

  private static Long first(Long value, Long otherwise) {
    return value != null ? value : otherwise;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
