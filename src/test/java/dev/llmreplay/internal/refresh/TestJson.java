package dev.llmreplay.internal.refresh;

import dev.llmreplay.internal.json.Json;

/** Test helper: JSON string literals. */
final class TestJson {
  private TestJson() {}

  static String quote(String s) {
    return Json.compact(Json.mapper().getNodeFactory().textNode(s));
  }
}
