package dev.llmreplay.internal.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Turns the keyword arguments of a Python OpenAI SDK call (what llama-stack records as the request
 * body) into the JSON body that went over the wire: the SDK merges {@code extra_body} into the top
 * level (its keys win, a shallow merge) and sends {@code extra_headers}, {@code extra_query} and
 * {@code timeout} elsewhere or not at all.
 */
public final class PythonKwargs {
  private static final String EXTRA_BODY = "extra_body";
  private static final Set<String> NOT_IN_BODY =
      Set.of(EXTRA_BODY, "extra_headers", "extra_query", "timeout");

  private PythonKwargs() {}

  /** The wire body for these kwargs; the input itself when nothing changes (never modified). */
  public static JsonNode toWireBody(JsonNode kwargs) {
    if (!kwargs.isObject() || !hasAny(kwargs)) {
      return kwargs;
    }
    // Shallow copy: only the top level changes, children stay shared (and are not modified here).
    ObjectNode wire = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : kwargs.properties()) {
      if (!NOT_IN_BODY.contains(field.getKey())) {
        wire.set(field.getKey(), field.getValue());
      }
    }
    JsonNode extra = kwargs.get(EXTRA_BODY);
    if (extra != null && extra.isObject()) {
      for (Map.Entry<String, JsonNode> field : extra.properties()) {
        wire.set(field.getKey(), field.getValue());
      }
    }
    return wire;
  }

  private static boolean hasAny(JsonNode kwargs) {
    for (String name : NOT_IN_BODY) {
      if (kwargs.has(name)) {
        return true;
      }
    }
    return false;
  }
}
