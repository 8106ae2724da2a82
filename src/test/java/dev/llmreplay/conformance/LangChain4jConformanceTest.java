package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.llmreplay.adapters.LangChain4jOkHttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * LangChain4j's OpenAI models, recorded against a provider-shaped mock and replayed offline:
 * through {@link LangChain4jOkHttpClient} carrying the interceptor (LangChain4j does not use OkHttp
 * by itself), and through a {@link dev.llmreplay.server.ReplayServer} base URL with LangChain4j's
 * default JDK transport.
 */
class LangChain4jConformanceTest {
  @TempDir Path dir;

  /** Which model a scenario runs; built per leg. */
  record Models(OpenAiChatModel chat, OpenAiStreamingChatModel streaming) {}

  static Models models(Leg leg, String modelName) {
    OpenAiChatModel.OpenAiChatModelBuilder chat =
        OpenAiChatModel.builder()
            .baseUrl(leg.baseUrl() + "/v1")
            .apiKey("test-key")
            .modelName(modelName)
            .maxRetries(0);
    OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder streaming =
        OpenAiStreamingChatModel.builder()
            .baseUrl(leg.baseUrl() + "/v1")
            .apiKey("test-key")
            .modelName(modelName);
    if (leg.interceptor() != null) {
      chat.httpClientBuilder(LangChain4jOkHttpClient.builder().okHttpClient(leg.okHttp()));
      streaming.httpClientBuilder(LangChain4jOkHttpClient.builder().okHttpClient(leg.okHttp()));
    }
    return new Models(chat.build(), streaming.build());
  }

  <T> List<T> recordThenReplay(Route route, String modelName, Function<Models, T> call) {
    List<T> results = new ArrayList<>();
    String upstream;
    try (ProviderMock mock = ProviderMock.start()) {
      upstream = mock.url();
      try (Leg leg = Leg.record(route, dir, upstream)) {
        results.add(call.apply(models(leg, modelName)));
      }
      assertThat(mock.requestCount()).isEqualTo(1);
    }
    try (Leg leg = Leg.replay(route, dir, upstream)) {
      results.add(call.apply(models(leg, modelName)));
    }
    return results;
  }

  static ChatRequest request(boolean tools) {
    ChatRequest.Builder b =
        ChatRequest.builder().messages(UserMessage.from("What is the weather in Paris?"));
    if (tools) {
      b.toolSpecifications(
          ToolSpecification.builder()
              .name("get_weather")
              .parameters(
                  JsonObjectSchema.builder()
                      .addStringProperty("city")
                      .addStringProperty("unit")
                      .required("city")
                      .build())
              .build());
    }
    return b.build();
  }

  record ToolCall(String id, String name, String arguments) {}

  record Summary(
      String text,
      List<ToolCall> toolCalls,
      String finishReason,
      Integer inputTokens,
      Integer outputTokens,
      Integer totalTokens) {}

  static Summary summary(ChatResponse r) {
    List<ToolCall> calls = new ArrayList<>();
    if (r.aiMessage().hasToolExecutionRequests()) {
      for (ToolExecutionRequest t : r.aiMessage().toolExecutionRequests())
        calls.add(new ToolCall(t.id(), t.name(), t.arguments()));
    }
    return new Summary(
        r.aiMessage().text(),
        calls,
        String.valueOf(r.finishReason()),
        r.tokenUsage().inputTokenCount(),
        r.tokenUsage().outputTokenCount(),
        r.tokenUsage().totalTokenCount());
  }

  static final Summary TOOL_CALL =
      new Summary(
          null,
          List.of(new ToolCall("call_weather_1", "get_weather", ProviderMock.TOOL_ARGUMENTS)),
          "TOOL_EXECUTION",
          82,
          18,
          100);
  static final Summary TEXT = new Summary(ProviderMock.TEXT, List.of(), "STOP", 82, 18, 100);

  @ParameterizedTest
  @EnumSource(Route.class)
  void chatWithToolCall(Route route) {
    List<Summary> r =
        recordThenReplay(route, "gpt-4o-mini", m -> summary(m.chat().chat(request(true))));
    assertThat(r.get(1)).isEqualTo(r.get(0)).isEqualTo(TOOL_CALL);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void chatText(Route route) {
    List<Summary> r =
        recordThenReplay(route, "gpt-4o-mini", m -> summary(m.chat().chat(request(false))));
    assertThat(r.get(1)).isEqualTo(r.get(0)).isEqualTo(TEXT);
  }

  record Streamed(Summary complete, List<String> partials) {}

  static Streamed stream(OpenAiStreamingChatModel model, ChatRequest request) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    List<String> partials = new ArrayList<>();
    model.chat(
        request,
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {
            partials.add(partial);
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    return new Streamed(summary(done.orTimeout(10, TimeUnit.SECONDS).join()), partials);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void streamingChatText(Route route) {
    List<Streamed> r =
        recordThenReplay(route, "gpt-4o-mini", m -> stream(m.streaming(), request(false)));
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).complete()).isEqualTo(TEXT);
    assertThat(r.get(1).partials()).containsExactlyElementsOf(ProviderMock.TEXT_PIECES);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void streamingChatWithToolCall(Route route) {
    List<Streamed> r =
        recordThenReplay(route, "gpt-4o-mini", m -> stream(m.streaming(), request(true)));
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).complete()).isEqualTo(TOOL_CALL);
    assertThat(r.get(1).partials()).isEmpty();
  }

  record Failure(Class<?> type, String message) {}

  static Failure failure(Models m) {
    Throwable t = catchThrowable(() -> m.chat().chat(request(false)));
    return new Failure(t.getClass(), t.getMessage());
  }

  static Failure streamedFailure(Models m) {
    Throwable t = catchThrowable(() -> stream(m.streaming(), request(false)));
    Throwable cause = t.getCause();
    return new Failure(cause.getClass(), cause.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void badRequestIsTheSameExceptionWithTheSameMessage(Route route) {
    List<Failure> r =
        recordThenReplay(route, ProviderMock.BAD_MODEL, LangChain4jConformanceTest::failure);
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).type()).isEqualTo(InvalidRequestException.class);
    assertThat(r.get(1).message()).isEqualTo(ProviderMock.OPENAI_400);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void rateLimitIsTheSameExceptionWithTheSameMessage(Route route) {
    List<Failure> r =
        recordThenReplay(route, ProviderMock.BUSY_MODEL, LangChain4jConformanceTest::failure);
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).type()).isEqualTo(RateLimitException.class);
    assertThat(r.get(1).message()).isEqualTo(ProviderMock.OPENAI_429);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void streamingRateLimitIsTheSameExceptionWithTheSameMessage(Route route) {
    List<Failure> r =
        recordThenReplay(
            route, ProviderMock.BUSY_MODEL, LangChain4jConformanceTest::streamedFailure);
    assertThat(r.get(1)).isEqualTo(r.get(0));
    assertThat(r.get(1).type()).isEqualTo(RateLimitException.class);
    assertThat(r.get(1).message()).isEqualTo(ProviderMock.OPENAI_429);
  }
}
