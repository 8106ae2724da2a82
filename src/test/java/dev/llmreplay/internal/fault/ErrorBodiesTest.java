package dev.llmreplay.internal.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which provider a path belongs to, and the in-stream error event each one sends. */
class ErrorBodiesTest {

  @ParameterizedTest
  @CsvSource({
    "/v1/chat/completions, OPENAI",
    "/v1/completions, OPENAI",
    "/v1/threads/t1/messages, OPENAI",
    "/v1/messages, ANTHROPIC",
    "/anthropic/v1/messages, ANTHROPIC",
    "/v1/messages/count_tokens, ANTHROPIC",
    "/v1/responses, OPENAI_RESPONSES",
    "/api/chat, OLLAMA",
    "/v1beta/models/gemini-2.0-flash:streamGenerateContent, GEMINI",
  })
  void theProviderFollowsThePath(String path, Provider expected) {
    assertThat(Provider.of(path)).isEqualTo(expected);
  }

  static StreamEvent parse(StreamFormat format, byte[] wire) {
    List<StreamEvent> events = format.newDecoder().feed(wire);
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ANTHROPIC|SSE|error|/error/type|overloaded_error",
        "OPENAI_RESPONSES|SSE|error|/code|server_error",
        "OPENAI|SSE||/error/type|server_error",
        "GEMINI|SSE||/error/status|UNAVAILABLE",
        "OLLAMA|NDJSON||/error|boom",
      })
  void eachProviderHasItsStreamErrorEvent(
      Provider provider, StreamFormat format, String name, String pointer, String expected)
      throws IOException {
    int status = ErrorBodies.defaultStreamStatus(provider);
    StreamEvent e = parse(format, ErrorBodies.streamEvent(provider, format, status, "boom", 3));
    assertThat(e.event()).isEqualTo(name);
    JsonNode data = Json.parse(e.data().getBytes());
    assertThat(data.at(pointer).asText()).isEqualTo(expected);
    assertThat(e.data()).contains("boom");
  }

  @ParameterizedTest
  @CsvSource({"ANTHROPIC, 529", "OPENAI, 500", "GEMINI, 503", "OLLAMA, 500"})
  void theDefaultStreamErrorIsTheProvidersOverloadOrServerError(Provider provider, int status) {
    assertThat(ErrorBodies.defaultStreamStatus(provider)).isEqualTo(status);
  }
}
