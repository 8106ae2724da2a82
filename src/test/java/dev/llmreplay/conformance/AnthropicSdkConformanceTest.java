package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.anthropic.backends.AnthropicBackend;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientImpl;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import dev.llmreplay.adapters.AnthropicOkHttpAdapter;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official Anthropic Java SDK, recorded against a provider-shaped mock and replayed offline:
 * through {@link AnthropicOkHttpAdapter} (the SDK takes no OkHttp interceptor) and through a {@link
 * dev.llmreplay.server.ReplayServer} base URL (the SDK's own OkHttp transport).
 */
class AnthropicSdkConformanceTest {
  @TempDir Path dir;

  /** The SDK client for a leg; on the interceptor route its transport is the adapter. */
  static AnthropicClient anthropic(Leg leg) {
    if (leg.interceptor() == null) {
      return AnthropicOkHttpClient.builder()
          .apiKey("test-key")
          .baseUrl(leg.baseUrl())
          .maxRetries(0)
          .build();
    }
    return new AnthropicClientImpl(
        AnthropicOkHttpAdapter.clientOptions(
                leg.okHttp(),
                AnthropicBackend.builder().apiKey("test-key").baseUrl(leg.baseUrl()).build())
            .maxRetries(0)
            .build());
  }

  <T> List<T> recordThenReplay(Route route, Function<AnthropicClient, T> call) {
    List<T> results = new ArrayList<>();
    String upstream;
    try (ProviderMock mock = ProviderMock.start()) {
      upstream = mock.url();
      try (Leg leg = Leg.record(route, dir, upstream)) {
        AnthropicClient client = anthropic(leg);
        results.add(call.apply(client));
        client.close();
      }
      assertThat(mock.requestCount()).isEqualTo(1);
    }
    try (Leg leg = Leg.replay(route, dir, upstream)) {
      AnthropicClient client = anthropic(leg);
      results.add(call.apply(client));
      client.close();
    }
    return results;
  }

  static MessageCreateParams params(String model) {
    return MessageCreateParams.builder()
        .model(model)
        .maxTokens(1024)
        .addUserMessage("What is the weather in Paris?")
        .addTool(
            Tool.builder()
                .name("get_weather")
                .description("Current weather in a city")
                .inputSchema(
                    Tool.InputSchema.builder()
                        .properties(
                            JsonValue.from(
                                Map.of(
                                    "city",
                                    Map.of("type", "string"),
                                    "unit",
                                    Map.of("type", "string"))))
                        .required(List.of("city"))
                        .build())
                .build())
        .build();
  }

  record ToolUse(String id, String name, Object input) {}

  record Summary(
      String text,
      List<ToolUse> toolUses,
      String stopReason,
      long inputTokens,
      long outputTokens) {}

  static Summary summary(Message m) {
    StringBuilder text = new StringBuilder();
    List<ToolUse> tools = new ArrayList<>();
    for (ContentBlock b : m.content()) {
      b.text().ifPresent(t -> text.append(t.text()));
      b.toolUse()
          .ifPresent(
              t -> tools.add(new ToolUse(t.id(), t.name(), t._input().convert(Object.class))));
    }
    return new Summary(
        text.toString(),
        tools,
        m.stopReason().orElseThrow().asString(),
        m.usage().inputTokens(),
        m.usage().outputTokens());
  }

  static final Summary EXPECTED =
      new Summary(
          ProviderMock.TEXT,
          List.of(
              new ToolUse(
                  "toolu_01Mock", "get_weather", Map.of("city", "Paris", "unit", "celsius"))),
          "tool_use",
          25,
          41);

  @ParameterizedTest
  @EnumSource(Route.class)
  void messageWithToolUse(Route route) {
    List<Summary> r =
        recordThenReplay(route, c -> summary(c.messages().create(params("claude-sonnet-4-5"))));
    assertThat(r.get(1)).isEqualTo(r.get(0)).isEqualTo(EXPECTED);
  }

  record Streamed(Summary assembled, List<String> eventTypes, List<String> textDeltas) {}

  static Streamed stream(AnthropicClient client) {
    MessageAccumulator acc = MessageAccumulator.create();
    List<String> types = new ArrayList<>();
    List<String> deltas = new ArrayList<>();
    try (StreamResponse<RawMessageStreamEvent> s =
        client.messages().createStreaming(params("claude-sonnet-4-5"))) {
      s.stream()
          .forEach(
              ev -> {
                acc.accumulate(ev);
                types.add(
                    com.anthropic.core.ObjectMappers.jsonMapper()
                        .valueToTree(ev)
                        .get("type")
                        .asText());
                ev.contentBlockDelta()
                    .flatMap(d -> d.delta().text())
                    .ifPresent(t -> deltas.add(t.text()));
              });
    }
    return new Streamed(summary(acc.message()), types, deltas);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void messageStreamedWithNamedEvents(Route route) throws IOException {
    List<Streamed> r = recordThenReplay(route, AnthropicSdkConformanceTest::stream);
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).assembled()).isEqualTo(EXPECTED);
    assertThat(r.get(1).textDeltas()).containsExactlyElementsOf(ProviderMock.TEXT_PIECES);
    // The SDK hides ping; it sees every other event, in order.
    assertThat(r.get(1).eventTypes())
        .containsExactly(
            "message_start",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    // The fixture keeps the SSE event names, ping included.
    assertThat(recordedEventNames())
        .containsExactly(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "content_block_start",
            "content_block_delta",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
  }

  List<String> recordedEventNames() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).toList();
    }
    assertThat(files).hasSize(1);
    List<String> names = new ArrayList<>();
    Json.parse(Files.readAllBytes(files.get(0)))
        .at("/response/events")
        .forEach(e -> names.add(e.path("event").asText()));
    return names;
  }

  record Failure(Class<?> type, String message, int status, String errorType) {}

  static Failure failure(AnthropicClient client, String model) {
    Throwable t = catchThrowable(() -> client.messages().create(params(model)));
    if (!(t instanceof AnthropicServiceException e)) throw new AssertionError("unexpected", t);
    return new Failure(
        e.getClass(),
        e.getMessage(),
        e.statusCode(),
        e.errorType().map(Object::toString).orElse(null));
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void badRequestIsTheSameExceptionWithTheSameMessage(Route route) {
    List<Failure> r = recordThenReplay(route, c -> failure(c, ProviderMock.BAD_MODEL));
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).type()).isEqualTo(BadRequestException.class);
    assertThat(r.get(1).status()).isEqualTo(400);
    assertThat(r.get(1).message()).contains("model: no-such-model is not a valid model");
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void rateLimitIsTheSameExceptionWithTheSameMessage(Route route) {
    List<Failure> r = recordThenReplay(route, c -> failure(c, ProviderMock.BUSY_MODEL));
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).type()).isEqualTo(RateLimitException.class);
    assertThat(r.get(1).status()).isEqualTo(429);
    assertThat(r.get(1).message())
        .contains("Number of request tokens has exceeded your per-minute rate limit");
  }
}
