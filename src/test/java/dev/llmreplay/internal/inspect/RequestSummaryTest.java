package dev.llmreplay.internal.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.json.Json;
import org.junit.jupiter.api.Test;

class RequestSummaryTest {
  private static RecordedRequest post(String url, String body) throws Exception {
    return RecordedRequest.builder()
        .method("POST")
        .url(url)
        .body(Body.json(Json.parse(body)))
        .build();
  }

  @Test
  void chatMessagesWithToolCallsToolResultsAndImages() throws Exception {
    RequestSummary s =
        RequestSummary.of(
            post(
                "https://api.openai.com/v1/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"Be"
                    + " brief.\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What"
                    + " is this?"
                    + " \"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:...\"}}]},"
                    + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"look\",\"arguments\":\"{\\\"x\\\":1}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"a"
                    + " cat\"}],"
                    + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"look\"}}],"
                    + "\"temperature\":0.2,\"response_format\":{\"type\":\"text\"}}"));
    assertThat(s.model()).isEqualTo("gpt-4o");
    assertThat(s.input())
        .extracting(RequestSummary.Line::toString)
        .containsExactly(
            "system: Be brief.",
            "user: What is this? [image]",
            "assistant: [calls look({\"x\":1})]",
            "tool c1: a cat");
    assertThat(s.tools()).containsExactly("look");
    assertThat(s.params())
        .containsExactly(
            java.util.Map.entry("temperature", "0.2"),
            java.util.Map.entry("response_format", "{\"type\":\"text\"}"));
  }

  @Test
  void anthropicSystemBlocksAndResponsesInputItems() throws Exception {
    RequestSummary anthropic =
        RequestSummary.of(
            post(
                "https://api.anthropic.com/v1/messages",
                "{\"model\":\"claude\",\"system\":[{\"type\":\"text\",\"text\":\"You are"
                    + " terse.\"}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":100,"
                    + "\"tools\":[{\"name\":\"search\",\"input_schema\":{}}]}"));
    assertThat(anthropic.input())
        .extracting(RequestSummary.Line::toString)
        .containsExactly("system: You are terse.", "user: Hi");
    assertThat(anthropic.tools()).containsExactly("search");

    RequestSummary responses =
        RequestSummary.of(
            post(
                "https://api.openai.com/v1/responses",
                "{\"model\":\"gpt-4.1\",\"instructions\":\"Obey.\",\"input\":["
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Weather?\"}]},"
                    + "{\"type\":\"function_call\",\"name\":\"w\",\"arguments\":\"{}\"},"
                    + "{\"type\":\"function_call_output\",\"call_id\":\"c\",\"output\":\"sunny\"}]}"));
    assertThat(responses.input())
        .extracting(RequestSummary.Line::toString)
        .containsExactly(
            "instructions: Obey.",
            "user: Weather?",
            "function_call: w({})",
            "function_call_output: sunny");
  }

  @Test
  void promptsStringsTokenArraysAndOtherBodies() throws Exception {
    assertThat(RequestSummary.of(post("/v1/completions", "{\"prompt\":[\"a\",\"b\"]}")).input())
        .extracting(RequestSummary.Line::toString)
        .containsExactly("prompt: a", "prompt: b");
    assertThat(RequestSummary.of(post("/v1/completions", "{\"prompt\":[1,2,3]}")).input())
        .extracting(RequestSummary.Line::toString)
        .containsExactly("prompt: 3 tokens");
    assertThat(RequestSummary.of(post("/x", "[1,2]")).bodyNote()).isEqualTo("JSON body: [1,2]");
    RecordedRequest text =
        RecordedRequest.builder().method("PUT").url("/f").body(Body.text("hello")).build();
    assertThat(RequestSummary.of(text).bodyNote()).isEqualTo("text body: hello");
    RecordedRequest get = RecordedRequest.builder().method("GET").url("/v1/models").build();
    assertThat(TextFormat.request(RequestSummary.of(get), 200))
        .containsExactly("request   GET /v1/models");
  }

  @Test
  void briefFormatKeepsEachTextOnOneLineAndCutsLongOnes() throws Exception {
    String longText = "x".repeat(30) + "\n" + "y".repeat(30);
    RequestSummary s =
        RequestSummary.of(
            post(
                "/v1/chat/completions",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
                    + Json.compact(com.fasterxml.jackson.databind.node.TextNode.valueOf(longText))
                    + "}],\"stream\":true}"));
    assertThat(TextFormat.request(s, 40))
        .containsExactly(
            "request   POST /v1/chat/completions",
            "model     m",
            "user      " + "x".repeat(30) + "\\n" + "y".repeat(8) + "… (61 chars)",
            "params    stream=true");
    assertThat(TextFormat.request(s, 0))
        .containsExactly(
            "request   POST /v1/chat/completions",
            "model     m",
            "user      " + "x".repeat(30),
            "          " + "y".repeat(30),
            "params    stream=true");
  }
}
