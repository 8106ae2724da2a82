package dev.llmreplay.refresh;

import dev.llmreplay.fixture.Json;

/** Test helper: JSON string literals. */
final class TestJson {
  private TestJson() {}

  static String quote(String s) {
    return Json.compact(Json.mapper().getNodeFactory().textNode(s));
  }
}
