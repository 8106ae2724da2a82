package dev.llmreplay.internal.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gemini responses read as a person reads them: candidates' text, function calls, usage. */
class GeminiTranscriptTest {
  static RecordedResponse body(int status, String json) throws Exception {
    return RecordedResponse.builder().status(status).body(Body.json(Json.parse(json))).build();
  }

  static RecordedResponse sse(String... data) {
    List<StreamEvent> events = new ArrayList<>();
    long t = 0;
    for (String d : data) events.add(StreamEvent.builder().data(d).tMs(t += 7).build());
    return RecordedResponse.builder().streamFormat(StreamFormat.SSE).events(events).build();
  }

  @Test
  void aWholeResponseGivesTextFinishReasonUsageAndModel() throws Exception {
    Transcript t =
        Transcript.of(
            body(
                200,
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Let me think.\",\"thought\":true},"
                    + "{\"text\":\"The sky \"},{\"text\":\"is blue.\"}],\"role\":\"model\"},"
                    + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":9,"
                    + "\"candidatesTokenCount\":13,\"totalTokenCount\":22},"
                    + "\"modelVersion\":\"gemini-2.0-flash\",\"responseId\":\"r1\"}"));
    assertThat(t.api()).isEqualTo(Api.GEMINI);
    assertThat(t.model()).isEqualTo("gemini-2.0-flash");
    assertThat(t.text()).isEqualTo("The sky is blue.");
    assertThat(t.choices().get(0).reasoning()).isEqualTo("Let me think.");
    assertThat(t.finishReason()).isEqualTo("STOP");
    assertThat(t.usage()).isEqualTo(Usage.of(9L, 13L, 22L));
    assertThat(t.incomplete()).isNull();
  }

  @Test
  void functionCallPartsAreToolCallsWithTheirArgs() throws Exception {
    Transcript t =
        Transcript.of(
            body(
                200,
                "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"name\":\"get_weather\","
                    + "\"args\":{\"city\":\"Paris\"}}},{\"functionCall\":{\"id\":\"c2\",\"name\":\"get_time\"}}],"
                    + "\"role\":\"model\"},\"finishReason\":\"STOP\"}]}"));
    assertThat(t.toolCalls())
        .containsExactly(
            ToolCall.of(null, "get_weather", "{\"city\":\"Paris\"}"),
            ToolCall.of("c2", "get_time", "{}"));
    assertThat(t.text()).isEmpty();
  }

  @Test
  void aStreamAddsUpCandidatesByIndexAndKeepsTheLastUsage() {
    Transcript t =
        Transcript.of(
            sse(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"The sky is blue\"}],\"role\":\"model\"},\"index\":0}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":6,\"totalTokenCount\":6},\"modelVersion\":\"gemini-2.0-flash\"}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" because air scatters\"}],\"role\":\"model\"},\"index\":0}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":6,\"totalTokenCount\":6}}",
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" blue light.\"}],\"role\":\"model\"},"
                    + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":6,"
                    + "\"candidatesTokenCount\":12,\"totalTokenCount\":18}}"));
    assertThat(t.api()).isEqualTo(Api.GEMINI);
    assertThat(t.streamed()).isTrue();
    assertThat(t.eventCount()).isEqualTo(3);
    assertThat(t.text()).isEqualTo("The sky is blue because air scatters blue light.");
    assertThat(t.finishReason()).isEqualTo("STOP");
    assertThat(t.usage()).isEqualTo(Usage.of(6L, 12L, 18L));
    assertThat(t.incomplete()).isNull();
  }

  @Test
  void aStreamWithoutAFinishReasonIsIncomplete() {
    Transcript t =
        Transcript.of(
            sse(
                "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"The sky\"}],\"role\":\"model\"},\"index\":0}]}"));
    assertThat(t.incomplete()).isEqualTo("the stream ends without a candidate's finishReason");
  }

  @Test
  void anErrorBodyGivesItsMessageAndStatus() throws Exception {
    Transcript t =
        Transcript.of(
            body(
                400,
                "{\"error\":{\"code\":400,\"message\":\"API key not valid.\",\"status\":\"INVALID_ARGUMENT\"}}"));
    assertThat(t.error()).isEqualTo("API key not valid. (INVALID_ARGUMENT)");
  }

  @Test
  void aRequestSummaryShowsContentsToolsAndTheModelFromThePath() throws Exception {
    RecordedRequest request =
        RecordedRequest.builder()
            .method("POST")
            .url("http://127.0.0.1:1/v1beta/models/gemini-2.0-flash:generateContent?key=REDACTED")
            .body(
                Body.json(
                    Json.parse(
                        "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be brief.\"}]},"
                            + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather in Paris?\"}]},"
                            + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}]},"
                            + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_weather\",\"response\":{\"c\":18}}}]}],"
                            + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\"}]}],"
                            + "\"generationConfig\":{\"temperature\":0.2}}")))
            .build();
    RequestSummary s = RequestSummary.of(request);
    assertThat(s.model()).isEqualTo("gemini-2.0-flash");
    assertThat(s.tools()).containsExactly("get_weather");
    assertThat(s.input())
        .extracting(l -> l.label() + ": " + l.text())
        .containsExactly(
            "system: Be brief.",
            "user: Weather in Paris?",
            "model: [calls get_weather({\"city\":\"Paris\"})]",
            "user: [result of get_weather: {\"c\":18}]");
    assertThat(s.params()).containsOnlyKeys("generationConfig");
  }
}
