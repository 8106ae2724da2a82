package dev.llmreplay.internal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamEvent;

/** One stream event reduced to what assembly needs: its SSE event name, data text and JSON. */
final class Chunk {
  final String event;
  final String data;

  /** The data parsed, when it is a JSON object or array; else null. */
  final JsonNode json;

  private Chunk(String event, String data, JsonNode json) {
    this.event = event;
    this.data = data;
    this.json = json;
  }

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
