package dev.llmreplay.internal.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.HeaderMap;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {
  private static RecordedResponse sse(String... dataLines) {
    List<StreamEvent> events = new ArrayList<>();
    long t = 0;
    for (String d : dataLines) events.add(StreamEvent.builder().data(d).tMs(t += 10).build());
    return RecordedResponse.builder().streamFormat(StreamFormat.SSE).events(events).build();
  }

  /** Anthropic-style: each entry is {event name, data}. */
  private static RecordedResponse named(String[]... events) {
    List<StreamEvent> list = new ArrayList<>();
    for (String[] e : events) list.add(StreamEvent.builder().event(e[0]).data(e[1]).build());
    return RecordedResponse.builder().streamFormat(StreamFormat.SSE).events(list).build();
  }

  private static RecordedResponse ndjson(String... lines) {
    List<StreamEvent> events = new ArrayList<>();
    for (String l : lines) events.add(StreamEvent.data(l));
    return RecordedResponse.builder().streamFormat(StreamFormat.NDJSON).events(events).build();
  }

  private static RecordedResponse json(int status, String body) throws Exception {
    return RecordedResponse.builder().status(status).body(Body.json(Json.parse(body))).build();
  }

  @Test
  void chatStreamJoinsContentAndAssemblesToolCallArgumentsByIndex() {
    Transcript t =
        Transcript.of(
            sse(
                "{\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Let"
                    + " me \"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"check.\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"function\":{\"name\":\"get_time\",\"arguments\":\"{}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30,\"total_tokens\":42}}",
                "[DONE]"));
    assertThat(t.api()).isEqualTo(Api.CHAT_COMPLETIONS);
    assertThat(t.model()).isEqualTo("gpt-4o");
    assertThat(t.text()).isEqualTo("Let me check.");
    assertThat(t.toolCalls())
        .containsExactly(
            ToolCall.of("call_1", "get_weather", "{\"city\":\"Paris\"}"),
            ToolCall.of("call_2", "get_time", "{}"));
    assertThat(t.finishReason()).isEqualTo("tool_calls");
    assertThat(t.usage()).isEqualTo(Usage.of(12L, 30L, 42L));
    assertThat(t.streamed()).isTrue();
    assertThat(t.eventCount()).isEqualTo(9);
    assertThat(t.durationMs()).isEqualTo(90);
    assertThat(t.incomplete()).isNull();
  }

  @Test
  void chatStreamWithSeveralChoicesKeepsThemApart() {
    Transcript t =
        Transcript.of(
            sse(
                "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"B\"}},{\"index\":0,\"delta\":{\"content\":\"A\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"},{\"index\":1,\"delta\":{\"content\":\"b\"},\"finish_reason\":\"length\"}]}",
                "[DONE]"));
    assertThat(t.choices()).extracting(Choice::index).containsExactly(0, 1);
    assertThat(t.choices()).extracting(Choice::text).containsExactly("Aa", "Bb");
    assertThat(t.choices()).extracting(Choice::finishReason).containsExactly("stop", "length");
  }

  @Test
  void chatStreamWithoutDoneIsIncomplete() {
    Transcript t =
        Transcript.of(sse("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}"));
    assertThat(t.text()).isEqualTo("Hi");
    assertThat(t.incomplete()).isEqualTo("the stream ends without data: [DONE]");
  }

  @Test
  void chatBodyWithReasoningRefusalAndContentParts() throws Exception {
    Transcript t =
        Transcript.of(
            json(
                200,
                "{\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hello"
                    + " \"},{\"type\":\"text\",\"text\":\"there\"}],"
                    + "\"reasoning_content\":\"thought\",\"refusal\":null,"
                    + "\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":1}\"}}]},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}"));
    assertThat(t.streamed()).isFalse();
    assertThat(t.text()).isEqualTo("Hello there");
    assertThat(t.choices().get(0).reasoning()).isEqualTo("thought");
    assertThat(t.choices().get(0).refusal()).isEmpty();
    assertThat(t.toolCalls()).containsExactly(ToolCall.of("c", "f", "{\"x\":1}"));
    assertThat(t.usage().toString()).isEqualTo("3 in, 4 out, 7 total");
  }

  @Test
  void legacyCompletionStreamJoinsText() {
    Transcript t =
        Transcript.of(
            sse(
                "{\"object\":\"completion.chunk\",\"choices\":[{\"index\":0,\"text\":\"Roses"
                    + " \",\"delta\":{\"content\":\"Roses \"}}]}",
                "{\"choices\":[{\"index\":0,\"text\":\"are"
                    + " blue\",\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}",
                "[DONE]"));
    assertThat(t.api()).isEqualTo(Api.COMPLETIONS);
    assertThat(t.text()).isEqualTo("Roses are blue");
    assertThat(t.finishReason()).isEqualTo("length");
    assertThat(t.usage()).isEqualTo(Usage.of(5L, 2L, 7L));
  }

  @Test
  void anthropicStreamJoinsTextDeltasAndToolInputJson() {
    Transcript t =
        Transcript.of(
            named(
                new String[] {
                  "message_start",
                  "{\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}"
                },
                new String[] {
                  "content_block_start",
                  "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"
                },
                new String[] {
                  "content_block_delta",
                  "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Weather,"
                      + " so a tool.\"}}"
                },
                new String[] {
                  "content_block_start",
                  "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"
                },
                new String[] {"ping", "{\"type\":\"ping\"}"},
                new String[] {
                  "content_block_delta",
                  "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking"
                      + " \"}}"
                },
                new String[] {
                  "content_block_delta",
                  "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"the"
                      + " weather.\"}}"
                },
                new String[] {
                  "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"
                },
                new String[] {
                  "content_block_start",
                  "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}"
                },
                new String[] {
                  "content_block_delta",
                  "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\":"
                      + " \"}}"
                },
                new String[] {
                  "content_block_delta",
                  "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}"
                },
                new String[] {
                  "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}"
                },
                new String[] {
                  "message_delta",
                  "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":89}}"
                },
                new String[] {"message_stop", "{\"type\":\"message_stop\"}"}));
    assertThat(t.api()).isEqualTo(Api.ANTHROPIC_MESSAGES);
    assertThat(t.model()).isEqualTo("claude-sonnet-4-5");
    assertThat(t.text()).isEqualTo("Checking the weather.");
    assertThat(t.choices().get(0).reasoning()).isEqualTo("Weather, so a tool.");
    assertThat(t.toolCalls())
        .containsExactly(ToolCall.of("toolu_1", "get_weather", "{\"location\": \"Paris\"}"));
    assertThat(t.finishReason()).isEqualTo("tool_use");
    assertThat(t.usage()).isEqualTo(Usage.of(25L, 89L, null));
    assertThat(t.incomplete()).isNull();
  }

  @Test
  void anthropicStreamWithoutMessageStopIsIncompleteButAnErrorEventEndsIt() {
    Transcript cut =
        Transcript.of(
            named(
                new String[] {
                  "message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"c\"}}"
                },
                new String[] {
                  "content_block_delta",
                  "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"
                }));
    assertThat(cut.text()).isEqualTo("Hi");
    assertThat(cut.incomplete()).isEqualTo("the stream ends without a message_stop event");

    Transcript error =
        Transcript.of(
            named(
                new String[] {"message_start", "{\"type\":\"message_start\",\"message\":{}}"},
                new String[] {
                  "error",
                  "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"
                }));
    assertThat(error.error()).isEqualTo("Overloaded (overloaded_error)");
    assertThat(error.incomplete()).isNull();
  }

  @Test
  void anthropicBodyWithToolUse() throws Exception {
    Transcript t =
        Transcript.of(
            json(
                200,
                "{\"type\":\"message\",\"model\":\"claude\",\"content\":[{\"type\":\"text\",\"text\":\"Sure.\"},"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"lookup\",\"input\":{\"q\":\"x\"}}],"
                    + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":10,\"output_tokens\":20}}"));
    assertThat(t.api()).isEqualTo(Api.ANTHROPIC_MESSAGES);
    assertThat(t.text()).isEqualTo("Sure.");
    assertThat(t.toolCalls()).containsExactly(ToolCall.of("toolu_9", "lookup", "{\"q\":\"x\"}"));
    assertThat(t.finishReason()).isEqualTo("tool_use");
    assertThat(t.usage().toString()).isEqualTo("10 in, 20 out");
  }

  @Test
  void ollamaGenerateStreamJoinsResponseAndReadsTheDoneLine() {
    Transcript t =
        Transcript.of(
            ndjson(
                "{\"model\":\"llama3.2\",\"response\":\"The \",\"done\":false}",
                "{\"model\":\"llama3.2\",\"response\":\"answer\",\"done\":false}",
                "{\"model\":\"llama3.2\",\"response\":\"\",\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":26,\"eval_count\":3}"));
    assertThat(t.api()).isEqualTo(Api.OLLAMA_GENERATE);
    assertThat(t.text()).isEqualTo("The answer");
    assertThat(t.finishReason()).isEqualTo("stop");
    assertThat(t.usage()).isEqualTo(Usage.of(26L, 3L, null));
    assertThat(t.incomplete()).isNull();
  }

  @Test
  void ollamaStreamWithoutDoneTrueIsIncomplete() {
    Transcript t = Transcript.of(ndjson("{\"response\":\"The \",\"done\":false}"));
    assertThat(t.incomplete()).isEqualTo("the stream ends without a line holding \"done\": true");
  }

  @Test
  void ollamaChatJoinsMessageContentAndTakesWholeToolCalls() {
    Transcript t =
        Transcript.of(
            ndjson(
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"thinking\":\"hmm\"},\"done\":false}",
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"Ok\",\"tool_calls\":[{\"function\":{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":2}}}]},\"done\":false}",
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"eval_count\":7}"));
    assertThat(t.api()).isEqualTo(Api.OLLAMA_CHAT);
    assertThat(t.text()).isEqualTo("Ok");
    assertThat(t.choices().get(0).reasoning()).isEqualTo("hmm");
    assertThat(t.toolCalls()).containsExactly(ToolCall.of(null, "add", "{\"a\":1,\"b\":2}"));
    assertThat(t.usage()).isEqualTo(Usage.of(null, 7L, null));
  }

  @Test
  void responsesStreamJoinsOutputTextAndFunctionCallArguments() {
    Transcript t =
        Transcript.of(
            named(
                new String[] {
                  "response.created",
                  "{\"type\":\"response.created\",\"response\":{\"model\":\"gpt-4.1\",\"status\":\"in_progress\"}}"
                },
                new String[] {
                  "response.output_item.added",
                  "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"type\":\"message\",\"id\":\"msg_1\"}}"
                },
                new String[] {
                  "response.output_text.delta",
                  "{\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"Hel\"}"
                },
                new String[] {
                  "response.output_text.delta",
                  "{\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"lo\"}"
                },
                new String[] {
                  "response.output_item.added",
                  "{\"type\":\"response.output_item.added\",\"output_index\":1,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_7\",\"name\":\"get_weather\",\"arguments\":\"\"}}"
                },
                new String[] {
                  "response.function_call_arguments.delta",
                  "{\"type\":\"response.function_call_arguments.delta\",\"output_index\":1,\"delta\":\"{\\\"city\\\":\"}"
                },
                new String[] {
                  "response.function_call_arguments.delta",
                  "{\"type\":\"response.function_call_arguments.delta\",\"output_index\":1,\"delta\":\"\\\"Rome\\\"}\"}"
                },
                new String[] {
                  "response.function_call_arguments.done",
                  "{\"type\":\"response.function_call_arguments.done\",\"output_index\":1,\"arguments\":\"{\\\"city\\\":\\\"Rome\\\"}\"}"
                },
                new String[] {
                  "response.completed",
                  "{\"type\":\"response.completed\",\"response\":{\"model\":\"gpt-4.1\",\"status\":\"completed\",\"usage\":{\"input_tokens\":8,\"output_tokens\":9,\"total_tokens\":17}}}"
                }));
    assertThat(t.api()).isEqualTo(Api.RESPONSES);
    assertThat(t.text()).isEqualTo("Hello");
    assertThat(t.toolCalls())
        .containsExactly(ToolCall.of("call_7", "get_weather", "{\"city\":\"Rome\"}"));
    assertThat(t.finishReason()).isEqualTo("completed");
    assertThat(t.usage()).isEqualTo(Usage.of(8L, 9L, 17L));
    assertThat(t.model()).isEqualTo("gpt-4.1");
    assertThat(t.incomplete()).isNull();
  }

  @Test
  void responsesStreamWithoutATerminalEventIsIncomplete() {
    Transcript t =
        Transcript.of(
            named(
                new String[] {
                  "response.output_text.delta",
                  "{\"type\":\"response.output_text.delta\",\"delta\":\"x\"}"
                }));
    assertThat(t.text()).isEqualTo("x");
    assertThat(t.incomplete())
        .isEqualTo("the stream ends without response.completed (or failed/incomplete)");
  }

  @Test
  void responsesBodyReadsMessagesFunctionCallsAndIncompleteStatus() throws Exception {
    Transcript t =
        Transcript.of(
            json(
                200,
                "{\"object\":\"response\",\"model\":\"gpt-4.1\",\"status\":\"incomplete\","
                    + "\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"output\":["
                    + "{\"type\":\"reasoning\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"why\"}]},"
                    + "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"Part\"}]},"
                    + "{\"type\":\"function_call\",\"call_id\":\"call_3\",\"name\":\"f\",\"arguments\":\"{}\"}],"
                    + "\"usage\":{\"input_tokens\":1,\"output_tokens\":2,\"total_tokens\":3}}"));
    assertThat(t.api()).isEqualTo(Api.RESPONSES);
    assertThat(t.text()).isEqualTo("Part");
    assertThat(t.choices().get(0).reasoning()).isEqualTo("why");
    assertThat(t.toolCalls()).containsExactly(ToolCall.of("call_3", "f", "{}"));
    assertThat(t.finishReason()).isEqualTo("incomplete (max_output_tokens)");
  }

  @Test
  void errorBodiesGiveTheirMessage() throws Exception {
    assertThat(
            Transcript.of(
                    json(
                        429,
                        "{\"error\":{\"message\":\"Rate limit"
                            + " reached\",\"type\":\"requests\",\"code\":null}}"))
                .error())
        .isEqualTo("Rate limit reached (requests)");
    Transcript ollama = Transcript.of(json(404, "{\"error\":\"model 'x' not found\"}"));
    assertThat(ollama.error()).isEqualTo("model 'x' not found");
    assertThat(ollama.status()).isEqualTo(404);
    assertThat(ollama.notes()).isEmpty();
  }

  @Test
  void embeddingsAreCounted() throws Exception {
    Transcript openAi =
        Transcript.of(
            json(
                200,
                "{\"object\":\"list\",\"data\":[{\"embedding\":[0.1,0.2,0.3]},{\"embedding\":[0.4,0.5,0.6]}],"
                    + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}"));
    assertThat(openAi.api()).isEqualTo(Api.EMBEDDINGS);
    assertThat(openAi.notes()).containsExactly("2 embeddings of 3 dimensions");
    assertThat(openAi.usage()).isEqualTo(Usage.of(4L, null, 4L));
    Transcript ollama =
        Transcript.of(json(200, "{\"embeddings\":[[1,2]],\"prompt_eval_count\":6}"));
    assertThat(ollama.notes()).containsExactly("1 embedding of 2 dimensions");
    assertThat(ollama.usage()).isEqualTo(Usage.of(6L, null, null));
  }

  @Test
  void unknownBodiesAreDescribed() throws Exception {
    assertThat(Transcript.of(json(200, "{\"models\":[]}")).notes())
        .containsExactly("body: {\"models\":[]}");
    RecordedResponse text =
        RecordedResponse.builder()
            .headers(HeaderMap.empty().with("content-type", "text/plain"))
            .body(Body.text("pong"))
            .build();
    assertThat(Transcript.of(text).notes()).containsExactly("body (text/plain): pong");
    assertThat(
            Transcript.of(RecordedResponse.builder().body(Body.binary(new byte[] {1, 2})).build())
                .notes())
        .containsExactly("2 bytes");
    assertThat(Transcript.of(RecordedResponse.builder().build()).notes())
        .containsExactly("empty body");
    Transcript stream =
        Transcript.of(named(new String[] {"tick", "1"}, new String[] {"tick", "2"}));
    assertThat(stream.api()).isEqualTo(Api.OTHER);
    assertThat(stream.notes()).containsExactly("first event (tick): 1");
    assertThat(stream.incomplete()).isNull();
  }

  @Test
  void textFormatRendersTheTranscriptAsAlignedLines() {
    Transcript t =
        Transcript.of(
            sse(
                "{\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Two\\n"
                    + "lines\"}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}"));
    assertThat(TextFormat.response(t))
        .containsExactly(
            "response  200 (OpenAI chat completion, streamed, 2 events over 20 ms)",
            "model     gpt-4o",
            "text      Two",
            "          lines",
            "tool call f({}) [c1]",
            "finish    tool_calls",
            "warning   incomplete stream: the stream ends without data: [DONE]");
  }
}
