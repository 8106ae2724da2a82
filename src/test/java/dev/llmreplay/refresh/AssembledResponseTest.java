package dev.llmreplay.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.fixture.Body;
import dev.llmreplay.fixture.Json;
import dev.llmreplay.fixture.RecordedResponse;
import dev.llmreplay.fixture.StreamEvent;
import dev.llmreplay.stream.StreamFormat;
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
        .containsExactly(
            Map.entry("prompt_tokens", 20L),
            Map.entry("completion_tokens", 9L),
            Map.entry("total_tokens", 29L),
            Map.entry("prompt_tokens_details.cached_tokens", 0L));
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
    assertThat(chat.usage()).containsEntry("completion_tokens", 1L);

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
    assertThat(a.usage())
        .containsExactly(Map.entry("input_tokens", 25L), Map.entry("output_tokens", 40L));
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
  void responsesApiStreamTakesTheCompletedResponse() {
    AssembledResponse a =
        AssembledResponse.of(
            stream(
                StreamFormat.SSE,
                "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}",
                "{\"type\":\"response.output_text.delta\",\"delta\":\"Hel\"}",
                "{\"type\":\"response.output_text.delta\",\"delta\":\"lo\"}",
                "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":["
                    + "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello\"}]},{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{\\\"a\\\":"
                    + " 1}\"}],"
                    + "\"usage\":{\"input_tokens\":5,\"output_tokens\":2,\"total_tokens\":7}}}"));
    assertThat(a.text()).isEqualTo("Hello");
    assertThat(a.toolCalls()).containsExactly("f({\"a\":1})");
    assertThat(a.finishReason()).isEqualTo("completed");
    assertThat(a.usage()).containsEntry("total_tokens", 7L);
  }

  @Test
  void ollamaNdjsonAndGemini() throws IOException {
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
    assertThat(ollama.usage())
        .containsExactly(Map.entry("prompt_eval_count", 26L), Map.entry("eval_count", 3L));

    AssembledResponse gemini =
        AssembledResponse.of(
            body(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Bonjour\"},{\"functionCall\":{\"name\":\"g\",\"args\":{\"q\":\"x\"}}}]},"
                    + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":2,\"totalTokenCount\":6}}"));
    assertThat(gemini.text()).isEqualTo("Bonjour");
    assertThat(gemini.toolCalls()).containsExactly("g({\"q\":\"x\"})");
    assertThat(gemini.finishReason()).isEqualTo("STOP");
    assertThat(gemini.usage()).containsEntry("totalTokenCount", 6L);
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
