package dev.llmreplay.internal.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;

/** Small null-safe readers over Jackson trees. */
final class Nodes {
  private Nodes() {}

  /** The field's text when it is a string, else null. */
  static String text(JsonNode node, String field) {
    if (node == null) return null;
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /** The field's value when it is an integral number, else null. */
  static Long count(JsonNode node, String field) {
    if (node == null) return null;
    JsonNode v = node.get(field);
    return v != null && v.isIntegralNumber() ? v.asLong() : null;
  }

  /** Whether the node is an object holding the field (with any value, null included). */
  static boolean has(JsonNode node, String field) {
    return node != null && node.isObject() && node.has(field);
  }

  /**
   * The text of a content value: a string as it is; an array of parts joined (the text of {@code
   * text}/{@code input_text}/{@code output_text} parts, {@code [image]}, {@code [audio]}, {@code
   * [file]} or {@code [type]} for others); null and missing as "".
   */
  static String contentText(JsonNode content) {
    if (content == null || content.isNull() || content.isMissingNode()) return "";
    if (content.isTextual()) return content.asText();
    if (!content.isArray()) return Json.compact(content);
    StringBuilder out = new StringBuilder();
    for (JsonNode part : content) {
      if (part.isTextual()) {
        out.append(part.asText());
        continue;
      }
      String text = text(part, "text");
      String type = text(part, "type");
      if (text != null) {
        out.append(text);
      } else if (part.path("toolUse").isObject()) { // Bedrock Converse
        JsonNode use = part.get("toolUse");
        out.append("[calls ")
            .append(text(use, "name"))
            .append('(')
            .append(compact(use.get("input")))
            .append(")]");
      } else if (part.path("toolResult").isObject()) {
        out.append("[result of ").append(text(part.get("toolResult"), "toolUseId")).append(']');
      } else if (type != null && type.contains("image")) {
        out.append("[image]");
      } else if (type != null && type.contains("audio")) {
        out.append("[audio]");
      } else if (type != null && (type.contains("file") || type.equals("document"))) {
        out.append("[file]");
      } else if (type != null) {
        out.append('[').append(type).append(']');
      }
    }
    return out.toString();
  }

  /** Compact JSON of a value, or "" for null/missing. */
  static String compact(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) return "";
    return node.isTextual() ? node.asText() : Json.compact(node);
  }
}
