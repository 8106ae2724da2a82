package dev.llmreplay.internal.refresh;

import static dev.llmreplay.internal.refresh.TestFixtures.chatRequest;
import static dev.llmreplay.internal.refresh.TestFixtures.fixture;
import static dev.llmreplay.internal.refresh.TestFixtures.json;
import static dev.llmreplay.internal.refresh.TestFixtures.request;
import static dev.llmreplay.internal.refresh.TestFixtures.sse;
import static dev.llmreplay.internal.refresh.TestFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.RecordedRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeReportTest {
  static final String CHAT = "https://api.openai.com/v1/chat/completions";

  @TempDir Path before;
  @TempDir Path after;

  static String chat(String id, long created, String fp, String choice, String usage) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"chat.completion\",\"created\":"
        + created
        + ",\"system_fingerprint\":\""
        + fp
        + "\",\"choices\":["
        + choice
        + "],\"usage\":"
        + usage
        + "}";
  }

  static String chunk(String id, long created, String fp, String delta, String obfuscation) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"chat.completion.chunk\",\"created\":"
        + created
        + ",\"system_fingerprint\":\""
        + fp
        + "\",\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"finish_reason\":null}],\"obfuscation\":\""
        + obfuscation
        + "\"}";
  }

  static String toolCall(String arguments) {
    return "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_"
        + arguments.length()
        + "\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
        + TestJson.quote(arguments)
        + "}}]},\"finish_reason\":\"tool_calls\"}";
  }

  void both(String name, RecordedRequest request, String beforeBody, String afterBody)
      throws IOException {
    write(before.resolve(name), fixture(request, json(beforeBody), "2025-01-01T00:00:00Z"));
    write(after.resolve(name), fixture(request, json(afterBody), "2026-11-25T00:00:00Z"));
  }

  void writeScenario() throws IOException {
    // a: text, finish reason, usage and shape changed.
    both(
        "a.json",
        chatRequest(CHAT, "Capital of France?"),
        chat(
            "chatcmpl-1",
            1000,
            "fp_1",
            "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Paris\"},\"logprobs\":null,\"finish_reason\":\"stop\"}",
            "{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}"),
        chat(
            "chatcmpl-2",
            2000,
            "fp_2",
            "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Paris is the"
                + " capital.\\n"
                + "It is in France.\",\"refusal\":null},\"finish_reason\":\"length\"}",
            "{\"prompt_tokens\":9,\"completion_tokens\":8,\"total_tokens\":17}"));
    // b: removed.
    write(
        before.resolve("b.json"),
        fixture(
            request(
                "https://api.openai.com/v1/embeddings",
                "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}"),
            json(
                "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5]}]}"),
            "2025-01-01T00:00:00Z"));
    // c: only volatile values differ (ids, created, fingerprint, obfuscation, timing, headers,
    // recorded_at).
    RecordedRequest streamed = chatRequest(CHAT, "Say hello");
    write(
        before.resolve("nested/c.json"),
        fixture(
            streamed,
            sse(
                100,
                List.of(
                    chunk("chatcmpl-c1", 1000, "fp_1", "{\"content\":\"Hel\"}", "a1"),
                    chunk("chatcmpl-c1", 1000, "fp_1", "{\"content\":\"lo\"}", "b22"),
                    "[DONE]"),
                "x-request-id",
                "req_1",
                "date",
                "Wed, 01 Jan 2025 00:00:00 GMT",
                "x-ratelimit-remaining-tokens",
                "999"),
            "2025-01-01T00:00:00Z"));
    write(
        after.resolve("nested/c.json"),
        fixture(
            streamed,
            sse(
                250,
                List.of(
                    chunk("chatcmpl-c2", 2000, "fp_2", "{\"content\":\"Hel\"}", "zz"),
                    chunk("chatcmpl-c2", 2000, "fp_2", "{\"content\":\"lo\"}", "q"),
                    "[DONE]"),
                "x-request-id",
                "req_2",
                "date",
                "Wed, 25 Nov 2026 00:00:00 GMT",
                "x-ratelimit-remaining-tokens",
                "12"),
            "2026-11-25T00:00:00Z"));
    // d: added.
    write(
        after.resolve("d.json"),
        fixture(
            chatRequest(CHAT, "Capital of Germany?"),
            json(
                chat(
                    "chatcmpl-d",
                    2000,
                    "fp_2",
                    "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Berlin\"},\"finish_reason\":\"stop\"}",
                    "{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}")),
            "2026-11-25T00:00:00Z"));
    // e: tool call arguments changed.
    String usage = "{\"prompt_tokens\":50,\"completion_tokens\":12,\"total_tokens\":62}";
    both(
        "e.json",
        chatRequest(CHAT, "Weather in Paris?"),
        chat("chatcmpl-e1", 1000, "fp_1", toolCall("{\"city\": \"Paris\"}"), usage),
        chat(
            "chatcmpl-e2",
            2000,
            "fp_2",
            toolCall("{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
            usage));
    // f: only a log probability changed.
    String lp1 =
        "{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Yes\"},\"logprobs\":{\"content\":[{\"token\":\"Yes\",\"logprob\":-0.01}]},\"finish_reason\":\"stop\"}";
    both(
        "f.json",
        chatRequest(CHAT, "Is water wet?"),
        chat(
            "chatcmpl-f1",
            1000,
            "fp_1",
            lp1,
            "{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}"),
        chat(
            "chatcmpl-f2",
            2000,
            "fp_2",
            lp1.replace("-0.01", "-0.02"),
            "{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}"));
    // g: the same text in different chunks.
    RecordedRequest g = chatRequest(CHAT, "Greet me");
    write(
        before.resolve("g.json"),
        fixture(
            g,
            sse(
                10,
                List.of(
                    chunk("x", 1, "fp", "{\"content\":\"Hel\"}", "o"),
                    chunk("x", 1, "fp", "{\"content\":\"lo\"}", "o"),
                    "[DONE]")),
            "2025-01-01T00:00:00Z"));
    write(
        after.resolve("g.json"),
        fixture(
            g,
            sse(
                10,
                List.of(
                    chunk("y", 2, "fp", "{\"content\":\"H\"}", "o"),
                    chunk("y", 2, "fp", "{\"content\":\"el\"}", "o"),
                    chunk("y", 2, "fp", "{\"content\":\"lo\"}", "o"),
                    "[DONE]")),
            "2026-11-25T00:00:00Z"));
  }

  static final String EXPECTED =
      String.join(
          "\n",
          "## llm-replay fixture report",
          "",
          "1 added, 4 changed, 1 removed, 1 unchanged.",
          "",
          "### Added (1)",
          "",
          "- `recordings/d.json`: POST /v1/chat/completions, gpt-4o-mini, text `Berlin`",
          "",
          "### Changed (4)",
          "",
          "#### `recordings/a.json`",
          "",
          "POST /v1/chat/completions, gpt-4o-mini",
          "",
          "- Text changed:",
          "",
          "  ```diff",
          "  - Paris",
          "  + Paris is the capital.",
          "  + It is in France.",
          "  ```",
          "",
          "- Finish reason: `stop` → `length`",
          "- Token usage: output 1 → 8, total 10 → 17",
          "- Response fields added: `choices[].message.refusal`",
          "- Response fields gone: `choices[].logprobs`",
          "",
          "#### `recordings/e.json`",
          "",
          "POST /v1/chat/completions, gpt-4o-mini",
          "",
          "- Tool calls changed:",
          "  - before: `get_weather({\"city\":\"Paris\"})`",
          "  - after: `get_weather({\"city\":\"Paris\",\"unit\":\"celsius\"})`",
          "",
          "#### `recordings/f.json`",
          "",
          "POST /v1/chat/completions, gpt-4o-mini",
          "",
          "- Other values changed: `choices[].logprobs.content[].logprob`",
          "",
          "#### `recordings/g.json`",
          "",
          "POST /v1/chat/completions, gpt-4o-mini",
          "",
          "- Stream events: 3 → 4",
          "",
          "### Removed (1)",
          "",
          "- `recordings/b.json`: POST /v1/embeddings, text-embedding-3-small",
          "");

  @Test
  void namesExactlyWhatChanged() throws IOException {
    writeScenario();
    ChangeReport report = ChangeReport.compare(before, after, "recordings");
    assertThat(report.toMarkdown()).isEqualTo(EXPECTED);
    assertThat(report.added()).containsOnlyKeys("recordings/d.json");
    assertThat(report.removed()).containsOnlyKeys("recordings/b.json");
    assertThat(report.changed())
        .extracting(FixtureChange::path)
        .containsExactly(
            "recordings/a.json", "recordings/e.json", "recordings/f.json", "recordings/g.json");
    assertThat(report.unchanged()).isEqualTo(1);
    assertThat(report.failed()).isEmpty();
  }

  @Test
  void saysNothingAboutVolatileFields() throws IOException {
    writeScenario();
    String md = ChangeReport.compare(before, after, "recordings").toMarkdown();
    for (String word :
        List.of(
            "nested/c.json",
            "created",
            "system_fingerprint",
            "fp_",
            "chatcmpl",
            "obfuscation",
            "x-request-id",
            "req_",
            "date",
            "ratelimit",
            "t_ms",
            "recorded_at",
            "2025",
            "2026",
            "id")) {
      assertThat(md).as(word).doesNotContain(word);
    }
  }

  @Test
  void sameDirectoryIsAllUnchanged() throws IOException {
    writeScenario();
    ChangeReport report = ChangeReport.compare(after, after, "");
    assertThat(report.isEmpty()).isTrue();
    assertThat(report.unchanged()).isEqualTo(6);
    assertThat(report.toMarkdown()).isEqualTo("## llm-replay fixture report\n\n6 unchanged.\n");
  }

  @Test
  void aMissingBeforeDirectoryMeansEverythingWasAdded() throws IOException {
    writeScenario();
    ChangeReport report = ChangeReport.compare(before.resolve("nope"), after, "r");
    assertThat(report.added())
        .containsOnlyKeys(
            "r/a.json", "r/d.json", "r/e.json", "r/f.json", "r/g.json", "r/nested/c.json");
    assertThat(report.summary()).isEqualTo("6 added.");
  }

  @Test
  void anUnreadableNewFixtureIsReportedAsFailed() throws IOException {
    java.nio.file.Files.writeString(after.resolve("broken.json"), "{\"request\": ");
    ChangeReport report = ChangeReport.compare(before, after, "r");
    assertThat(report.failed())
        .containsExactly(java.util.Map.entry("r/broken.json", "cannot read the new fixture"));
    assertThat(report.toMarkdown())
        .isEqualTo(
            "## llm-replay fixture report\n\n"
                + "1 failed.\n\n"
                + "### Failed (1)\n\n"
                + "- `r/broken.json`: cannot read the new fixture\n");
  }

  @Test
  void backticksInTextGetALongerFence() {
    Fixture a =
        fixture(
            chatRequest(CHAT, "q"),
            json(
                chat("i", 1, "f", "{\"index\":0,\"message\":{\"content\":\"use ```x```\"}}", "{}")),
            "2025-01-01T00:00:00Z");
    Fixture b =
        fixture(
            chatRequest(CHAT, "q"),
            json(chat("i", 1, "f", "{\"index\":0,\"message\":{\"content\":\"`y`\"}}", "{}")),
            "2025-01-01T00:00:00Z");
    String md =
        ChangeReport.builder()
            .compared(FixtureChange.between("p`q.json", a, b))
            .build()
            .toMarkdown();
    assertThat(md)
        .isEqualTo(
            String.join(
                "\n",
                "## llm-replay fixture report",
                "",
                "1 changed.",
                "",
                "### Changed (1)",
                "",
                "#### `` p`q.json ``",
                "",
                "POST /v1/chat/completions, gpt-4o-mini",
                "",
                "- Text changed:",
                "",
                "  ````diff",
                "  - use ```x```",
                "  + `y`",
                "  ````",
                ""));
  }

  @Test
  void aHugeReportStaysBelowGitHubsBodyLimit() {
    ChangeReport.Builder b = ChangeReport.builder();
    String longText = "word ".repeat(400);
    for (int i = 0; i < 200; i++) {
      Fixture x =
          fixture(
              chatRequest(CHAT, "q" + i),
              json(
                  chat(
                      "i",
                      1,
                      "f",
                      "{\"index\":0,\"message\":{\"content\":\"" + longText + "\"}}",
                      "{}")),
              "2025-01-01T00:00:00Z");
      Fixture y =
          fixture(
              chatRequest(CHAT, "q" + i),
              json(
                  chat(
                      "i",
                      1,
                      "f",
                      "{\"index\":0,\"message\":{\"content\":\"" + longText + i + "\"}}",
                      "{}")),
              "2025-01-01T00:00:00Z");
      b.compared(FixtureChange.between(String.format("f%03d.json", i), x, y));
    }
    String md = b.build().toMarkdown();
    assertThat(md.length()).isLessThanOrEqualTo(ChangeReportMarkdown.MAX_CHARS + 200);
    assertThat(md).startsWith("## llm-replay fixture report\n\n200 changed.\n");
    assertThat(md)
        .containsPattern("\n_\\d+ more changed fixtures not shown: the report is too long._\n$");
  }
}
