package dev.llmreplay.internal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * Amazon Bedrock's Converse API: {@code output.message.content[]} (text, {@code toolUse},
 * reasoning), stop reason and usage; and {@code converse-stream}'s event-stream frames, named by
 * their {@code :event-type} ({@code messageStart} … {@code contentBlockDelta} … {@code
 * messageStop}, {@code metadata}).
 */
final class BedrockAssembly {
  static final Set<String> STREAM_EVENTS =
      Set.of(
          "messageStart",
          "contentBlockStart",
          "contentBlockDelta",
          "contentBlockStop",
          "messageStop",
          "metadata");

  private BedrockAssembly() {}

  /** Whether a JSON object is a Converse answer. */
  static boolean recognizes(JsonNode json) {
    return json.path("output").path("message").isObject() && json.has("stopReason");
  }

  static void stream(List<Chunk> chunks, Transcript.Builder t) {
    ChoiceDraft d = new ChoiceDraft(0);
    boolean stopped = false;
    for (Chunk c : chunks) {
      JsonNode json = c.json();
      if (c.event() == null || json == null) continue;
      String key = "b" + json.path("contentBlockIndex").asInt();
      switch (c.event()) {
        case "contentBlockStart":
          JsonNode start = json.path("start").path("toolUse");
          if (start.isObject()) {
            ChoiceDraft.ToolDraft tool = d.tool(key);
            tool.id = Nodes.text(start, "toolUseId");
            tool.name = Nodes.text(start, "name");
          }
          break;
        case "contentBlockDelta":
          JsonNode delta = json.path("delta");
          append(d.text, Nodes.text(delta, "text"));
          append(d.reasoning, Nodes.text(delta.path("reasoningContent"), "text"));
          String input = Nodes.text(delta.path("toolUse"), "input");
          if (input != null) d.tool(key).arguments.append(input);
          break;
        case "messageStop":
          d.finishReason = Nodes.text(json, "stopReason");
          stopped = true;
          break;
        case "metadata":
          usage(json.path("usage"), t);
          break;
        default:
          // Exceptions come as frames named after them (throttlingException, ...).
          if (c.event().endsWith("Exception")) {
            String message = Nodes.text(json, "message");
            t.error(message == null ? c.event() : message + " (" + c.event() + ")");
            stopped = true;
          }
      }
    }
    t.choices(List.of(d.build()));
    if (!stopped) t.incomplete("the stream ends without a messageStop event");
  }

  static void body(JsonNode json, Transcript.Builder t) {
    ChoiceDraft d = new ChoiceDraft(0);
    JsonNode content = json.path("output").path("message").path("content");
    for (int i = 0; i < content.size(); i++) {
      JsonNode block = content.get(i);
      append(d.text, Nodes.text(block, "text"));
      append(d.reasoning, Nodes.text(block.path("reasoningContent").path("reasoningText"), "text"));
      JsonNode use = block.get("toolUse");
      if (use != null && use.isObject()) {
        ChoiceDraft.ToolDraft tool = d.tool("b" + i);
        tool.id = Nodes.text(use, "toolUseId");
        tool.name = Nodes.text(use, "name");
        tool.wholeArguments = Nodes.compact(use.get("input"));
      }
    }
    d.finishReason = Nodes.text(json, "stopReason");
    t.choices(List.of(d.build()));
    usage(json.path("usage"), t);
  }

  private static void usage(JsonNode u, Transcript.Builder t) {
    Long in = Nodes.count(u, "inputTokens");
    Long out = Nodes.count(u, "outputTokens");
    Long total = Nodes.count(u, "totalTokens");
    if (in != null || out != null || total != null) t.usage(Usage.of(in, out, total));
  }

  private static void append(StringBuilder out, String s) {
    if (s != null) out.append(s);
  }
}
