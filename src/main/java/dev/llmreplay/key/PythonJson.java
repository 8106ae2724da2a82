package dev.llmreplay.key;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes a JSON tree exactly as Python's {@code json.dumps(value, sort_keys=True)} does, so that
 * request keys computed here equal those computed by Python tools such as llama-stack.
 */
public final class PythonJson {
  private PythonJson() {}

  /** Python's {@code json.dumps(node, sort_keys=True)} text. */
  public static String dumps(JsonNode node) {
    throw new UnsupportedOperationException("TODO");
  }
}
