package dev.llmreplay.internal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import java.util.ArrayList;
import java.util.List;

/** Recognizes a response's API from its content and hands it to that API's assembly. */
final class Assembler {
  /** How much of an unknown body a note shows. */
  static final int EXCERPT = 300;

  private Assembler() {}

  static Transcript assemble(RecordedResponse response) {
    Transcript.Builder t = Transcript.builder().status(response.status());
    if (response.isStreaming()) {
      List<StreamEvent> events = response.events();
      long duration = events.isEmpty() ? 0 : events.get(events.size() - 1).tMs();
      t.streamed(true, events.size(), duration);
      List<Chunk> chunks = new ArrayList<>(events.size());
      for (StreamEvent e : events) {
        if (!e.isComment()) chunks.add(Chunk.of(e));
      }
      stream(chunks, response.streamFormat(), t);
    } else {
      body(response.body(), response.headers().first("content-type"), t);
    }
    return t.build();
  }

  private static void stream(List<Chunk> chunks, StreamFormat format, Transcript.Builder t) {
    Api api = recognizeStream(chunks);
    t.api(api);
    switch (api) {
      case CHAT_COMPLETIONS:
      case COMPLETIONS:
        OpenAiAssembly.stream(api, chunks, format == StreamFormat.SSE, t);
        break;
      case ANTHROPIC_MESSAGES:
        AnthropicAssembly.stream(chunks, t);
        break;
      case RESPONSES:
        ResponsesAssembly.stream(chunks, t);
        break;
      case OLLAMA_GENERATE:
      case OLLAMA_CHAT:
        OllamaAssembly.stream(chunks, t);
        break;
      case GEMINI:
        GeminiAssembly.stream(chunks, t);
        break;
      case BEDROCK_CONVERSE:
        BedrockAssembly.stream(chunks, t);
        break;
      default:
        otherStream(chunks, t);
    }
  }

  static Api recognizeStream(List<Chunk> chunks) {
    for (Chunk c : chunks) {
      String type = c.type();
      if (type != null) {
        if (type.startsWith("message_") || type.startsWith("content_block_")) {
          return Api.ANTHROPIC_MESSAGES;
        }
        if (type.startsWith("response.")) return Api.RESPONSES;
        if (BedrockAssembly.STREAM_EVENTS.contains(type)) return Api.BEDROCK_CONVERSE;
      }
      Api api = c.json() == null ? Api.OTHER : recognizeObject(c.json());
      if (api != Api.OTHER) return api;
    }
    return Api.OTHER;
  }

  /** The API of one JSON object: a whole body or one stream chunk. */
  static Api recognizeObject(JsonNode json) {
    if (!json.isObject()) return Api.OTHER;
    String type = Nodes.text(json, "type");
    if ("message".equals(type) && json.path("content").isArray()) return Api.ANTHROPIC_MESSAGES;
    if ("response".equals(Nodes.text(json, "object"))) return Api.RESPONSES;
    JsonNode choices = json.get("choices");
    if (choices != null && choices.isArray()) {
      JsonNode first = choices.path(0);
      return first.has("text") && !first.has("message") ? Api.COMPLETIONS : Api.CHAT_COMPLETIONS;
    }
    if (GeminiAssembly.recognizes(json)) return Api.GEMINI;
    if (BedrockAssembly.recognizes(json)) return Api.BEDROCK_CONVERSE;
    if (json.has("embeddings") || json.has("embedding")) return Api.EMBEDDINGS;
    JsonNode data = json.get("data");
    if (data != null && data.isArray() && data.path(0).has("embedding")) return Api.EMBEDDINGS;
    if (json.has("done")) {
      if (json.has("response")) return Api.OLLAMA_GENERATE;
      if (json.has("message")) return Api.OLLAMA_CHAT;
    }
    return Api.OTHER;
  }

  private static void body(Body body, String contentType, Transcript.Builder t) {
    if (body.kind() != Body.Kind.JSON) {
      t.api(Api.OTHER);
      t.notes(List.of(describe(body, contentType)));
      return;
    }
    JsonNode json = body.json();
    Api api = recognizeObject(json);
    t.api(api);
    t.error(errorOf(json));
    switch (api) {
      case CHAT_COMPLETIONS:
      case COMPLETIONS:
        OpenAiAssembly.body(api, json, t);
        break;
      case ANTHROPIC_MESSAGES:
        AnthropicAssembly.body(json, t);
        break;
      case RESPONSES:
        ResponsesAssembly.body(json, t);
        break;
      case OLLAMA_GENERATE:
      case OLLAMA_CHAT:
        OllamaAssembly.body(json, t);
        break;
      case GEMINI:
        GeminiAssembly.body(json, t);
        break;
      case BEDROCK_CONVERSE:
        BedrockAssembly.body(json, t);
        break;
      case EMBEDDINGS:
        OpenAiAssembly.embeddings(json, t);
        break;
      default:
        if (errorOf(json) == null) t.notes(List.of(describe(body, contentType)));
    }
  }

  /**
   * The error message of an error body: {@code error.message} (OpenAI, Anthropic, Gemini, with
   * {@code error.type} or Gemini's {@code error.status}), {@code error} as a string (Ollama), else
   * null.
   */
  static String errorOf(JsonNode json) {
    JsonNode error = json.get("error");
    if (error == null || error.isNull()) return null;
    if (error.isTextual()) return error.asText();
    String message = Nodes.text(error, "message");
    String type = Nodes.text(error, "type");
    if (type == null) type = Nodes.text(error, "status");
    if (message == null) return Nodes.compact(error);
    return type == null ? message : message + " (" + type + ")";
  }

  private static void otherStream(List<Chunk> chunks, Transcript.Builder t) {
    List<String> notes = new ArrayList<>();
    for (Chunk c : chunks) {
      if (c.json() != null && errorOf(c.json()) != null) {
        t.error(errorOf(c.json()));
        break;
      }
    }
    if (!chunks.isEmpty()) {
      Chunk first = chunks.get(0);
      String label = first.event() == null ? "first event" : "first event (" + first.event() + ")";
      notes.add(label + ": " + excerpt(first.data() == null ? "" : first.data()));
    }
    t.notes(notes);
  }

  private static String describe(Body body, String contentType) {
    String ct = contentType == null ? "" : " (" + contentType + ")";
    switch (body.kind()) {
      case EMPTY:
        return "empty body";
      case BINARY:
        return body.toWire().length + " bytes" + ct;
      case TEXT:
        return "body" + ct + ": " + excerpt(body.text());
      default:
        return "body: " + excerpt(Nodes.compact(body.json()));
    }
  }

  /** The first {@link #EXCERPT} characters, with "… (N chars)" when cut. */
  static String excerpt(String s) {
    if (s.length() <= EXCERPT) return s;
    int end = EXCERPT;
    if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
    return s.substring(0, end) + "… (" + s.length() + " chars)";
  }
}
