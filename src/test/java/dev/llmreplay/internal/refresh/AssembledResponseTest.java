package dev.llmreplay.internal.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssembledResponseTest {
  static RecordedResponse stream(StreamFormat format, String... data) {
    List<StreamEvent> events = new ArrayList<>();
    for (String d : data) events.add(StreamEvent.data(d));
    return RecordedResponse.builder().streamFormat(format).events(events).build();
  }

  static RecordedResponse body(String json) throws IOException {
    return RecordedResponse.builder().body(Body.json(Json.parse(json))).build();
  }

  @Test
  void openAiChatStreamJoinsDeltasAndToolCallArguments() {
    AssembledResponse a =
        AssembledResponse.of(
            stream(
                StreamFormat.SSE,
                "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Let me"
                    + " \"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"check.\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":"
                    + " \"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}],\"usage\":null}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":9,\"total_tokens\":29,\"prompt_tokens_details\":{\"cached_tokens\":0}}}",
                "[DONE]"));
    assertThat(a.text()).isEqualTo("Let me check.");
    assertThat(a.toolCalls()).containsExactly("get_weather({\"city\":\"Paris\"})");
    assertThat(a.finishReason()).isEqualTo("tool_calls");
    assertThat(a.usage())
        .containsExactly(Map.entry("input", 20L), Map.entry("output", 9L), Map.entry("total", 29L));
  }

  @Test
  void openAiChatBodyAndLegacyCompletions() throws IOException {
    AssembledResponse chat =
        AssembledResponse.of(
            body(
                "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Paris\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}"));
    assertThat(chat.text()).isEqualTo("Paris");
    assertThat(chat.toolCalls()).isEmpty();
    assertThat(chat.finishReason()).isEqualTo("stop");
    assertThat(chat.usage())
        .containsExactly(Map.entry("input", 9L), Map.entry("output", 1L), Map.entry("total", 10L));

    AssembledResponse legacy =
        AssembledResponse.of(
            stream(
                StreamFormat.SSE,
                "{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\""
                    + " blue\",\"finish_reason\":null}]}",
                "{\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\".\",\"finish_reason\":\"length\"}]}",
                "[DONE]"));
    assertThat(legacy.text()).isEqualTo(" blue.");
    assertThat(legacy.finishReason()).isEqualTo("length");
  }

  @Test
  void anthropicStreamWithTextAndToolUse() {
    AssembledResponse a =
        AssembledResponse.of(
            stream(
                StreamFormat.SSE,
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking\"}}",
                "{\"type\":\"content_block_stop\",\"index\":0}",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\""
                    + " \\\"Oslo\\\"}\"}}",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":40}}",
                "{\"type\":\"message_stop\"}"));
    assertThat(a.text()).isEqualTo("Checking");
    assertThat(a.toolCalls()).containsExactly("get_weather({\"city\":\"Oslo\"})");
    assertThat(a.finishReason()).isEqualTo("tool_use");
    assertThat(a.usage()).containsExactly(Map.entry("input", 25L), Map.entry("output", 40L));
  }

  @Test
  void anthropicMessageBody() throws IOException {
    AssembledResponse a =
        AssembledResponse.of(
            body(
                "{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{\"x\":1}}],"
                    + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":3,\"output_tokens\":4}}"));
    assertThat(a.text()).isEqualTo("Hi");
    assertThat(a.toolCalls()).containsExactly("f({\"x\":1})");
    assertThat(a.finishReason()).isEqualTo("tool_use");
  }

  @Test
  void responsesApiStream() {
    AssembledResponse a =
        AssembledResponse.of(
            stream(
                StreamFormat.SSE,
                "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}",
                "{\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"Hel\"}",
                "{\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"lo\"}",
                "{\"type\":\"response.output_item.added\",\"output_index\":1,\"item\":{\"type\":\"function_call\","
                    + "\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"\"}}",
                "{\"type\":\"response.function_call_arguments.delta\",\"output_index\":1,\"delta\":\"{\\\"a\\\":"
                    + " 1}\"}",
                "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[],"
                    + "\"usage\":{\"input_tokens\":5,\"output_tokens\":2,\"total_tokens\":7}}}"));
    assertThat(a.text()).isEqualTo("Hello");
    assertThat(a.toolCalls()).containsExactly("f({\"a\":1})");
    assertThat(a.usage())
        .containsExactly(Map.entry("input", 5L), Map.entry("output", 2L), Map.entry("total", 7L));
  }

  @Test
  void ollamaNdjson() throws IOException {
    AssembledResponse ollama =
        AssembledResponse.of(
            stream(
                StreamFormat.NDJSON,
                "{\"model\":\"llama3.2:3b\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}",
                "{\"model\":\"llama3.2:3b\",\"message\":{\"role\":\"assistant\",\"content\":\""
                    + " there\"},\"done\":false}",
                "{\"model\":\"llama3.2:3b\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":26,\"eval_count\":3}"));
    assertThat(ollama.text()).isEqualTo("Hi there");
    assertThat(ollama.finishReason()).isEqualTo("stop");
    assertThat(ollama.usage()).containsExactly(Map.entry("input", 26L), Map.entry("output", 3L));
  }

  @Test
  void apisTheTranscriptDoesNotKnowAssembleToNothingAndChangeAsFieldValues() throws IOException {
    // Cohere's v1 chat: a shape the transcript does not know.
    String cohere =
        "{\"text\":\"Bonjour\",\"generation_id\":\"r1\",\"finish_reason\":\"COMPLETE\"}";
    AssembledResponse a = AssembledResponse.of(body(cohere));
    assertThat(a.text()).isEmpty();
    assertThat(a.finishReason()).isNull();
    dev.llmreplay.internal.fixture.RecordedRequest request =
        TestFixtures.request("https://api.cohere.com/v1/chat", "{\"message\":\"Hello\"}");
    FixtureChange change =
        FixtureChange.between(
            "c.json",
            TestFixtures.fixture(request, body(cohere), "2025-01-01T00:00:00Z"),
            TestFixtures.fixture(
                request,
                body(cohere.replace("Bonjour", "Salut").replace("r1", "r2")),
                "2026-01-01T00:00:00Z"));
    assertThat(change.isChanged()).isTrue();
    assertThat(change.changed(Aspect.TEXT)).isFalse();
    assertThat(change.otherPaths()).containsExactly("text");
  }

  @Test
  void geminiAssemblesItsCandidatesText() throws IOException {
    String gemini =
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Bonjour\"}]},\"finishReason\":\"STOP\"}],"
            + "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":1,\"totalTokenCount\":4},"
            + "\"responseId\":\"r1\"}";
    AssembledResponse a = AssembledResponse.of(body(gemini));
    assertThat(a.text()).isEqualTo("Bonjour");
    assertThat(a.finishReason()).isEqualTo("STOP");
    assertThat(a.usage())
        .containsExactly(Map.entry("input", 3L), Map.entry("output", 1L), Map.entry("total", 4L));
  }

  @Test
  void bodiesThatAreNoCompletionAssembleToNothing() throws IOException {
    AssembledResponse a =
        AssembledResponse.of(body("{\"object\":\"list\",\"data\":[{\"embedding\":[0.1]}]}"));
    assertThat(a.text()).isEmpty();
    assertThat(a.toolCalls()).isEmpty();
    assertThat(a.finishReason()).isNull();
    assertThat(a.usage()).isEmpty();
    assertThat(
            AssembledResponse.of(RecordedResponse.builder().body(Body.text("ok")).build()).text())
        .isEmpty();
  }
}
