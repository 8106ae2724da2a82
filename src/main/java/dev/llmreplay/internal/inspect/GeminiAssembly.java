package dev.llmreplay.internal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Gemini's {@code generateContent} (and each event of {@code streamGenerateContent}): candidates,
 * their parts' text ({@code thought} parts as reasoning), function calls, finish reason and {@code
 * usageMetadata}. Streamed candidates add up by index; the last usage reported holds the totals.
 */
final class GeminiAssembly {
  private GeminiAssembly() {}

  /** Whether a JSON object is a Gemini response (or stream event). */
  static boolean recognizes(JsonNode json) {
    return json.path("candidates").isArray()
        || json.path("promptFeedback").isObject()
        || json.path("usageMetadata").has("promptTokenCount");
  }

  static void stream(List<Chunk> chunks, Transcript.Builder t) {
    ChoiceDraft.Choices choices = new ChoiceDraft.Choices();
    boolean finished = false;
    for (Chunk c : chunks) {
      if (c.json() == null || !c.json().isObject()) continue;
      finished |= response(c.json(), choices, t);
    }
    t.choices(choices.build());
    if (!finished) t.incomplete("the stream ends without a candidate's finishReason");
  }

  static void body(JsonNode json, Transcript.Builder t) {
    ChoiceDraft.Choices choices = new ChoiceDraft.Choices();
    response(json, choices, t);
    t.choices(choices.build());
  }

  /** Adds one response to the drafts; true when a candidate finished in it. */
  private static boolean response(
      JsonNode json, ChoiceDraft.Choices choices, Transcript.Builder t) {
    if (Nodes.text(json, "modelVersion") != null) t.model(Nodes.text(json, "modelVersion"));
    String error = Assembler.errorOf(json);
    if (error != null) t.error(error);
    String blocked = Nodes.text(json.path("promptFeedback"), "blockReason");
    if (blocked != null) t.error("prompt blocked: " + blocked);
    boolean finished = false;
    JsonNode candidates = json.path("candidates");
    for (int i = 0; i < candidates.size(); i++) {
      JsonNode candidate = candidates.get(i);
      ChoiceDraft d = choices.at(candidate.path("index").asInt(i));
      for (JsonNode part : candidate.path("content").path("parts")) part(part, d);
      String reason = Nodes.text(candidate, "finishReason");
      if (reason != null) {
        d.finishReason = reason;
        finished = true;
      }
    }
    JsonNode u = json.path("usageMetadata");
    Long in = Nodes.count(u, "promptTokenCount");
    Long out = Nodes.count(u, "candidatesTokenCount");
    Long total = Nodes.count(u, "totalTokenCount");
    if (in != null || out != null || total != null) t.usage(Usage.of(in, out, total));
    return finished;
  }

  private static void part(JsonNode part, ChoiceDraft d) {
    String text = Nodes.text(part, "text");
    if (text != null) {
      (part.path("thought").asBoolean(false) ? d.reasoning : d.text).append(text);
    }
    JsonNode call = part.get("functionCall");
    if (call != null && call.isObject()) {
      // Each functionCall part is one whole call; they have no index of their own.
      ChoiceDraft.ToolDraft tool = d.tool("f" + d.tools.size());
      tool.id = Nodes.text(call, "id");
      tool.name = Nodes.text(call, "name");
      tool.wholeArguments = call.has("args") ? Nodes.compact(call.get("args")) : "{}";
    }
  }
}
