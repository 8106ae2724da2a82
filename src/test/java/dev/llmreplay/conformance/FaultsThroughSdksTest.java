package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.adapters.LangChain4jOkHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Injected faults as the official SDKs and LangChain4j see them: their retry loops, their error
 * types, their stream error handling, on both routes.
 */
class FaultsThroughSdksTest {
  @TempDir Path dir;

  /** Records one call through the interceptor against the provider mock; returns its URL. */
  String record(Consumer<Leg> call) {
    try (ProviderMock mock = ProviderMock.start()) {
      try (Leg leg = Leg.record(Route.INTERCEPTOR, dir, mock.url())) {
        call.accept(leg);
      }
      assertThat(mock.requestCount()).isEqualTo(1);
      return mock.url();
    }
  }

  Map<Path, String> onDisk() throws IOException {
    Map<Path, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) files.put(p, Files.readString(p));
    }
    return files;
  }

  // ---------------------------------------------------------------- OpenAI SDK

  static OpenAIClient openAi(Leg leg, int maxRetries) {
    OpenAIOkHttpClient.Builder b =
        OpenAIOkHttpClient.builder()
            .apiKey("test-key")
            .baseUrl(leg.baseUrl() + "/v1")
            .maxRetries(maxRetries);
    if (leg.interceptor() != null) b.addInterceptor(leg.interceptor());
    return b.build();
  }

  static ChatCompletion chat(OpenAIClient client) {
    return client
        .chat()
        .completions()
        .create(OpenAiSdkConformanceTest.chatParams("gpt-4o-mini", false));
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void openAiSdkRetriesPastTwoRateLimitsToTheRecordedCompletion(Route route) throws IOException {
    String dead = record(leg -> chat(openAi(leg, 0)));
    Map<Path, String> recorded = onDisk();

    try (Leg leg = Leg.replay(route, dir, dead, "status=429,retry-after=0@first=2")) {
      OpenAIClient client = openAi(leg, 2);
      ChatCompletion c = chat(client);
      assertThat(c.choices().get(0).message().content()).hasValue(ProviderMock.TEXT);
      client.close();
    }
    try (Leg leg = Leg.replay(route, dir, dead, "status=429,retry-after=0@first=3")) {
      OpenAIClient client = openAi(leg, 2);
      Throwable t = catchThrowable(() -> chat(client));
      assertThat(t)
          .isInstanceOf(RateLimitException.class)
          .hasMessageContaining(
              "llm-replay injected fault: status=429,retry-after=0@first=3 (call 3)");
      assertThat(((RateLimitException) t).statusCode()).isEqualTo(429);
      client.close();
    }
    assertThat(onDisk()).isEqualTo(recorded);
  }

  // ---------------------------------------------------------------- Anthropic SDK

  record Seen(List<String> types, Throwable failure) {}

  static Seen stream(AnthropicClient client) {
    List<String> types = new ArrayList<>();
    Throwable failure =
        catchThrowable(
            () -> {
              try (StreamResponse<RawMessageStreamEvent> s =
                  client
                      .messages()
                      .createStreaming(AnthropicSdkConformanceTest.params("claude-sonnet-4-5"))) {
                s.stream()
                    .forEach(
                        ev ->
                            types.add(
                                com.anthropic.core.ObjectMappers.jsonMapper()
                                    .valueToTree(ev)
                                    .get("type")
                                    .asText()));
              }
            });
    return new Seen(types, failure);
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void anthropicSdkSurfacesTheOverloadedErrorEventAfterThreeEvents(Route route) {
    String dead = record(leg -> stream(AnthropicSdkConformanceTest.anthropic(leg)));
    try (Leg leg = Leg.replay(route, dir, dead, "error-event-after=3")) {
      Seen seen = stream(AnthropicSdkConformanceTest.anthropic(leg));
      // The third event on the wire is a ping, which the SDK does not hand out.
      assertThat(seen.types()).containsExactly("message_start", "content_block_start");
      assertThat(seen.failure())
          .isInstanceOf(AnthropicServiceException.class)
          .hasMessageContaining("overloaded_error")
          .hasMessageContaining("llm-replay injected fault: error-event-after=3 (call 1)");
    }
  }

  @ParameterizedTest
  @EnumSource(Route.class)
  void anthropicSdkSurfacesA529AsOverloaded(Route route) {
    String dead = record(leg -> stream(AnthropicSdkConformanceTest.anthropic(leg)));
    try (Leg leg = Leg.replay(route, dir, dead, "status=529")) {
      Seen seen = stream(AnthropicSdkConformanceTest.anthropic(leg));
      assertThat(seen.types()).isEmpty();
      assertThat(seen.failure())
          .isInstanceOf(AnthropicServiceException.class)
          .hasMessageContaining("overloaded_error")
          .hasMessageContaining("llm-replay injected fault: status=529 (call 1)");
      assertThat(((AnthropicServiceException) seen.failure()).statusCode()).isEqualTo(529);
    }
  }

  // ---------------------------------------------------------------- LangChain4j

  /** Eight chunks that each carry text, then the finish chunk and [DONE]. */
  static String eightPieces() {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= 8; i++) {
      sb.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,")
          .append("\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{")
          .append(i == 1 ? "\"role\":\"assistant\"," : "")
          .append("\"content\":\"p")
          .append(i)
          .append(" \"},\"finish_reason\":null}]}\n\n");
    }
    sb.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,")
        .append("\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},")
        .append("\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    return sb.toString();
  }

  record Streamed(List<String> partials, Throwable error, ChatResponse complete) {}

  static Streamed stream(OpenAiStreamingChatModel model) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    List<String> partials = new ArrayList<>();
    model.chat(
        "What rhymes with red?",
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
    Throwable error = catchThrowable(() -> done.get(10, TimeUnit.SECONDS));
    return new Streamed(
        List.copyOf(partials), error, done.isCompletedExceptionally() ? null : done.getNow(null));
  }

  static OpenAiStreamingChatModel langChain4j(String baseUrl, OkHttpClient okHttp) {
    OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder b =
        OpenAiStreamingChatModel.builder()
            .baseUrl(baseUrl + "/v1")
            .apiKey("test-key")
            .modelName("gpt-4o-mini");
    if (okHttp != null) b.httpClientBuilder(LangChain4jOkHttpClient.builder().okHttpClient(okHttp));
    return b.build();
  }

  @Test
  void langChain4jStreamingGetsOnErrorAfterFivePartials() throws IOException {
    String dead;
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.enqueue(
          new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(eightPieces()));
      upstream.start();
      dead = upstream.url("/").toString().replaceAll("/$", "");
      RecordReplayInterceptor recording =
          RecordReplayInterceptor.builder().recordings(dir).mode(Mode.RECORD).build();
      Streamed live =
          stream(langChain4j(dead, new OkHttpClient.Builder().addInterceptor(recording).build()));
      assertThat(live.partials()).hasSize(8);
      assertThat(live.error()).isNull();
    }
    for (Route route : Route.values()) {
      try (Leg leg = Leg.replay(route, dir, dead, "cut-after=5")) {
        // OkHttp as LangChain4j's transport on both routes: LangChain4j's default JDK client
        // may drop events it had received but not handed out once a server connection breaks.
        Streamed cut = stream(langChain4j(leg.baseUrl(), leg.okHttp()));
        assertThat(cut.partials())
            .as(route.name())
            .containsExactly("p1 ", "p2 ", "p3 ", "p4 ", "p5 ");
        assertThat(cut.error()).as(route.name()).isNotNull();
        assertThat(cut.complete()).isNull();
      }
    }
  }
}
