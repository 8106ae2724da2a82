package dev.llmreplay.internal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamEvent;

/**
 * One stream event reduced to what assembly needs: its SSE event name, data text and JSON.
 *
 * @param json the data parsed, when it is a JSON object or array; else null
 */
record Chunk(String event, String data, JsonNode json) {
  static Chunk of(StreamEvent e) {
    String data = e.data();
    return new Chunk(e.event(), data, data == null ? null : Json.tryParseStructure(data));
  }

  /** The JSON's {@code type} field (Anthropic, Responses API), else the SSE event name. */
  String type() {
    if (json != null && json.path("type").isTextual()) return json.get("type").asText();
    return event;
  }

  boolean isDone() {
    return data != null && data.trim().equals("[DONE]");
  }
}
