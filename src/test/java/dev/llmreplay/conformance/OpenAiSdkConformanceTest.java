package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official OpenAI Java SDK, recorded against a provider-shaped mock and then replayed offline,
 * both through an OkHttp interceptor in the SDK's client and through a {@link
 * dev.llmreplay.server.ReplayServer} base URL: what the SDK assembles must be the same both times.
 */
class OpenAiSdkConformanceTest {
  @TempDir Path dir;

  /** The SDK client for a leg: its interceptor (if any) installed, no retries, a fake key. */
  static OpenAIClient openAi(Leg leg) {
    OpenAIOkHttpClient.Builder b =
        OpenAIOkHttpClient.builder()
            .apiKey("test-key")
            .baseUrl(leg.baseUrl() + "/v1")
            .maxRetries(0);
    if (leg.interceptor() != null) b.addInterceptor(leg.interceptor());
    return b.build();
  }

  /** Runs {@code call} once recording against the mock, once replaying with the mock shut down. */
  <T> List<T> recordThenReplay(Route route, Function<OpenAIClient, T> call) {
    List<T> results = new ArrayList<>();
    String upstream;
    try (ProviderMock mock = ProviderMock.start()) {
      upstream = mock.url();
      try (Leg leg = Leg.record(route, dir, upstream)) {
        OpenAIClient client = openAi(leg);
        results.add(call.apply(client));
        client.close();
      }
      assertThat(mock.requestCount()).isEqualTo(1);
    }
    try (Leg leg = Leg.replay(route, dir, upstream)) {
      OpenAIClient client = openAi(leg);
      results.add(call.apply(client));
      client.close();
    }
    return results;
  }

  // ---------------------------------------------------------------- chat completions

  record ToolCall(String id, String name, String arguments) {}

  record Chat(
      String text,
      List<ToolCall> toolCalls,
      String finishReason,
      long promptTokens,
      long completionTokens,
      long totalTokens) {}

  static Chat summary(ChatCompletion c) {
    ChatCompletion.Choice choice = c.choices().get(0);
    List<ToolCall> calls = new ArrayList<>();
    for (ChatCompletionMessageToolCall t : choice.message().toolCalls().orElse(List.of())) {
      calls.add(
          new ToolCall(
              t.asFunction().id(),
              t.asFunction().function().name(),
              t.asFunction().function().arguments()));
    }
    var usage = c.usage().orElseThrow();
    return new Chat(
        choice.message().content().orElse(null),
        calls,
        choice.finishReason().asString(),
        usage.promptTokens(),
        usage.completionTokens(),
        usage.totalTokens());
  }

  static ChatCompletionCreateParams chatParams(String model, boolean tools) {
    ChatCompletionCreateParams.Builder b =
        ChatCompletionCreateParams.builder()
            .model(model)
            .addUserMessage("What is the weather in Paris?");
    if (tools) {
      b.addFunctionTool(
          FunctionDefinition.builder()
              .name("get_weather")
              .parameters(
                  FunctionParameters.builder()
                      .putAdditionalProperty("type", JsonValue.from("object"))
                      .putAdditionalProperty(
                          "properties",
                          JsonValue.from(
                              Map.of(
                                  "city", Map.of("type", "string"),
                                  "unit",
                                      Map.of(
                                          "type",
                                          "string",
                                          "enum",
                                          List.of("celsius", "fahrenheit")))))
                      .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                      .build())
              .build());
    }
    return b.build();
  }

  static final Chat TOOL_CALL_CHAT =
      new Chat(
          null,
          List.of(new ToolCall("call_weather_1", "get_weather", ProviderMock.TOOL_ARGUMENTS)),
          "tool_calls",
          82,
          18,
          100);

  @ParameterizedTest
  @EnumSource(Route.class)
  void chatCompletionWithToolCalls(Route route) {
    List<Chat> r =
        recordThenReplay(
            route, c -> summary(c.chat().completions().create(chatParams("gpt-4o-mini", true))));
    assertThat(r.get(1)).isEqualTo(r.get(0)).isEqualTo(TOOL_CALL_CHAT);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void chatCompletionText(Route route) {
    List<Chat> r =
        recordThenReplay(
            route, c -> summary(c.chat().completions().create(chatParams("gpt-4o-mini", false))));
    assertThat(r.get(1))
        .isEqualTo(r.get(0))
        .isEqualTo(new Chat(ProviderMock.TEXT, List.of(), "stop", 82, 18, 100));
  }

  /** The streamed chat as the SDK's accumulator assembles it, and the text of each chunk. */
  record StreamedChat(Chat assembled, List<String> deltas) {}

  static StreamedChat streamChat(OpenAIClient client, boolean tools) {
    ChatCompletionCreateParams params =
        chatParams("gpt-4o-mini", tools).toBuilder()
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    List<String> deltas = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(params)) {
      stream.stream()
          .forEach(
              chunk -> {
                acc.accumulate(chunk);
                chunk.choices().forEach(ch -> ch.delta().content().ifPresent(deltas::add));
              });
    }
    return new StreamedChat(summary(acc.chatCompletion()), deltas);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void chatCompletionStreamedWithToolCalls(Route route) {
    List<StreamedChat> r = recordThenReplay(route, c -> streamChat(c, true));
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).assembled()).isEqualTo(TOOL_CALL_CHAT);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void chatCompletionStreamedText(Route route) {
    List<StreamedChat> r = recordThenReplay(route, c -> streamChat(c, false));
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).assembled())
        .isEqualTo(new Chat(ProviderMock.TEXT, List.of(), "stop", 82, 18, 100));
    assertThat(r.get(1).deltas())
        .containsExactlyElementsOf(concat(List.of(""), ProviderMock.TEXT_PIECES));
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  // ---------------------------------------------------------------- legacy completions

  record StreamedCompletion(List<String> pieces, String text, String finishReason) {}

  static StreamedCompletion streamCompletion(OpenAIClient client) {
    CompletionCreateParams params =
        CompletionCreateParams.builder()
            .model("gpt-3.5-turbo-instruct")
            .prompt("Roses are red, violets are")
            .maxTokens(6)
            .build();
    List<String> pieces = new ArrayList<>();
    String[] finish = {null};
    try (StreamResponse<Completion> stream = client.completions().createStreaming(params)) {
      stream.stream()
          .forEach(
              chunk -> {
                pieces.add(chunk.choices().get(0).text());
                chunk
                    .choices()
                    .get(0)
                    ._finishReason()
                    .asKnown()
                    .ifPresent(f -> finish[0] = f.asString());
              });
    }
    return new StreamedCompletion(pieces, String.join("", pieces), finish[0]);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void legacyCompletionStreamed(Route route) {
    List<StreamedCompletion> r =
        recordThenReplay(route, OpenAiSdkConformanceTest::streamCompletion);
    assertThat(r.get(1))
        .isEqualTo(r.get(0))
        .isEqualTo(
            new StreamedCompletion(
                ProviderMock.COMPLETION_PIECES, ProviderMock.COMPLETION_TEXT, "length"));
  }

  // ---------------------------------------------------------------- embeddings

  record Embedded(List<Float> vector, String model, long promptTokens, long totalTokens) {}

  static Embedded embed(OpenAIClient client) {
    CreateEmbeddingResponse e =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small")
                    .input("Roses are red")
                    .build());
    return new Embedded(
        e.data().get(0).embedding(), e.model(), e.usage().promptTokens(), e.usage().totalTokens());
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void embeddings(Route route) {
    List<Embedded> r = recordThenReplay(route, OpenAiSdkConformanceTest::embed);
    List<Float> expected = new ArrayList<>();
    for (float f : ProviderMock.EMBEDDING) expected.add(f);
    assertThat(r.get(1))
        .isEqualTo(r.get(0))
        .isEqualTo(new Embedded(expected, "text-embedding-3-small", 6, 6));
  }

  // ---------------------------------------------------------------- Responses API

  record StreamedResponse(
      List<String> eventTypes,
      String deltasJoined,
      String finalText,
      String status,
      long inputTokens,
      long outputTokens) {}

  static StreamedResponse streamResponse(OpenAIClient client) {
    ResponseCreateParams params =
        ResponseCreateParams.builder()
            .model("gpt-4o-mini")
            .input("Complete: roses are red")
            .build();
    List<String> types = new ArrayList<>();
    StringBuilder deltas = new StringBuilder();
    Response[] completed = {null};
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params)) {
      stream.stream()
          .forEach(
              ev -> {
                types.add(typeOf(ev));
                ev.outputTextDelta().ifPresent(d -> deltas.append(d.delta()));
                ev.completed().ifPresent(c -> completed[0] = c.response());
              });
    }
    Response done = completed[0];
    String text = done.output().get(0).asMessage().content().get(0).asOutputText().text();
    var usage = done.usage().orElseThrow();
    return new StreamedResponse(
        types,
        deltas.toString(),
        text,
        done.status().orElseThrow().asString(),
        usage.inputTokens(),
        usage.outputTokens());
  }

  /** The event's {@code type} as the SDK parsed it (written back with the SDK's own mapper). */
  static String typeOf(ResponseStreamEvent ev) {
    return ObjectMappers.jsonMapper().valueToTree(ev).get("type").asText();
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void responsesApiStreamedWithNamedEvents(Route route) {
    List<StreamedResponse> r = recordThenReplay(route, OpenAiSdkConformanceTest::streamResponse);
    assertThat(r.get(1)).isEqualTo(r.get(0));
    StreamedResponse s = r.get(1);
    assertThat(s.eventTypes())
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed");
    assertThat(s.deltasJoined()).isEqualTo(ProviderMock.TEXT);
    assertThat(s.finalText()).isEqualTo(ProviderMock.TEXT);
    assertThat(s.status()).isEqualTo("completed");
    assertThat(s.inputTokens()).isEqualTo(12);
    assertThat(s.outputTokens()).isEqualTo(9);
  }

  // ---------------------------------------------------------------- errors

  record Failure(Class<?> type, String message, int status, String code) {}

  static Failure failure(OpenAIClient client, String model) {
    Throwable t =
        catchThrowable(() -> client.chat().completions().create(chatParams(model, false)));
    com.openai.errors.OpenAIServiceException e = (com.openai.errors.OpenAIServiceException) t;
    return new Failure(e.getClass(), e.getMessage(), e.statusCode(), e.code().orElse(null));
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void badRequestIsTheSameExceptionWithTheSameMessage(Route route) {
    List<Failure> r = recordThenReplay(route, c -> failure(c, ProviderMock.BAD_MODEL));
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).type()).isEqualTo(BadRequestException.class);
    assertThat(r.get(1).status()).isEqualTo(400);
    assertThat(r.get(1).code()).isEqualTo("model_not_found");
    assertThat(r.get(1).message()).contains("The model `no-such-model` does not exist");
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void rateLimitIsTheSameExceptionWithTheSameMessage(Route route) {
    List<Failure> r = recordThenReplay(route, c -> failure(c, ProviderMock.BUSY_MODEL));
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).type()).isEqualTo(RateLimitException.class);
    assertThat(r.get(1).status()).isEqualTo(429);
    assertThat(r.get(1).code()).isEqualTo("rate_limit_exceeded");
    assertThat(r.get(1).message()).contains("Rate limit reached for gpt-4o-mini");
  }
}
