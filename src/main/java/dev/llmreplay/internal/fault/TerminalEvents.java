package dev.llmreplay.internal.fault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamDecoder;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The events that tell a client a stream is complete: {@code data: [DONE]} (OpenAI), {@code
 * message_stop} (Anthropic), {@code response.completed}/{@code failed}/{@code incomplete}
 * (Responses API), a line with {@code "done": true} (Ollama).
 */
final class TerminalEvents {
  private TerminalEvents() {}

  static boolean isTerminal(StreamEvent e) {
    String data = e.data();
    if (data == null) return false;
    if (data.trim().equals("[DONE]")) return true;
    String name = e.event();
    if (name != null) return isTerminalType(name);
    if (!data.contains("done") && !data.contains("stop") && !data.contains("response.")) {
      return false;
    }
    JsonNode node = Json.tryParseStructure(data);
    if (node == null || !node.isObject()) return false;
    if (node.path("done").asBoolean(false)) return true;
    return isTerminalType(node.path("type").asText(""));
  }

  private static boolean isTerminalType(String type) {
    switch (type) {
      case "message_stop":
      case "response.completed":
      case "response.failed":
      case "response.incomplete":
        return true;
      default:
        return false;
    }
  }

  /** Whether the wire bytes of one event, in {@code format}, are a terminal event. */
  static boolean isTerminal(StreamFormat format, byte[] chunk) {
    StreamDecoder d = format.newDecoder();
    List<StreamEvent> events = new ArrayList<>(d.feed(chunk));
    events.addAll(d.finish());
    for (StreamEvent e : events) {
      if (isTerminal(e)) return true;
    }
    return false;
  }
}
