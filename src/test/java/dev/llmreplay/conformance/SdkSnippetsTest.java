package dev.llmreplay.conformance;

// snippet: openai-imports
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
// end: openai-imports
// snippet: anthropic-imports
import com.anthropic.backends.AnthropicBackend;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientImpl;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.adapters.AnthropicOkHttpAdapter;
import okhttp3.OkHttpClient;
// end: anthropic-imports
// snippet: anthropic-server-imports
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.llmreplay.Mode;
import dev.llmreplay.server.ReplayServer;
// end: anthropic-server-imports
// snippet: langchain4j-imports
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.adapters.LangChain4jOkHttpClient;
import okhttp3.OkHttpClient;
// end: langchain4j-imports
// snippet: langchain4j-server-imports
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.llmreplay.Mode;
import dev.llmreplay.server.ReplayServer;
// end: langchain4j-server-imports

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snippets of {@code docs/sdks.md}, run: each test's marked region is what the page shows
 * ({@link SdkDocsTest} checks they are the same text). They replay, offline and at each SDK's
 * default base URL, recordings this test first makes against the provider mock.
 */
class SdkSnippetsTest {
  @TempDir Path recordings;

  /** Records, against the mock, the calls the snippets make (same bodies, other base URL). */
  @BeforeEach
  void recordTheSnippetsCalls() {
    try (ProviderMock mock = ProviderMock.start()) {
      RecordReplayInterceptor record = RecordReplayInterceptor.builder().recordings(recordings).mode(Mode.RECORD).build();
      OkHttpClient okHttp = new OkHttpClient.Builder().addInterceptor(record).build();

      OpenAIClient openAi =
          OpenAIOkHttpClient.builder().apiKey("k").baseUrl(mock.url() + "/v1").addInterceptor(record).maxRetries(0).build();
      openAi.chat().completions().create(
          ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Say hello").build());

      AnthropicClient anthropic =
          new AnthropicClientImpl(
              AnthropicOkHttpAdapter.clientOptions(okHttp, AnthropicBackend.builder().apiKey("k").baseUrl(mock.url()).build())
                  .build());
      anthropic.messages().create(
          MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("Say hello").build());

      OpenAiChatModel chat =
          OpenAiChatModel.builder().httpClientBuilder(LangChain4jOkHttpClient.builder().okHttpClient(okHttp))
              .baseUrl(mock.url() + "/v1").apiKey("k").modelName("gpt-4o-mini").build();
      chat.chat("Say hello");
      OpenAiStreamingChatModel streaming =
          OpenAiStreamingChatModel.builder().httpClientBuilder(LangChain4jOkHttpClient.builder().okHttpClient(okHttp))
              .baseUrl(mock.url() + "/v1").apiKey("k").modelName("gpt-4o-mini").build();
      streamToText(streaming, "Say hello");
      assertThat(mock.requestCount()).isEqualTo(4);
    }
  }

  static String streamToText(OpenAiStreamingChatModel model, String message) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(message, new StreamingChatResponseHandler() {
      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    return done.orTimeout(10, TimeUnit.SECONDS).join().aiMessage().text();
  }

  @Test
  void openAi() {
    // snippet: openai
    RecordReplayInterceptor replay = RecordReplayInterceptor.builder()
        .recordings(recordings)   // e.g. Path.of("src/test/resources/llm-recordings")
        .mode(Mode.REPLAY)        // Mode.RECORD_MISSING (and a real key) to record new calls
        .build();
    OpenAIClient client = OpenAIOkHttpClient.builder()
        .apiKey("replay")         // any string replays; recording needs the real key
        .addInterceptor(replay)
        .maxRetries(0)            // a missing recording is an I/O error the SDK would retry
        .build();
    ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
        .model("gpt-4o-mini")
        .addUserMessage("Say hello")
        .build());
    // end: openai
    assertThat(completion.choices().get(0).message().content()).contains(ProviderMock.TEXT);
  }

  @Test
  void anthropic() {
    // snippet: anthropic
    OkHttpClient okHttp = new OkHttpClient.Builder()
        .addInterceptor(RecordReplayInterceptor.builder()
            .recordings(recordings)
            .mode(Mode.REPLAY)
            .build())
        .build();
    AnthropicBackend backend = AnthropicBackend.builder()
        .apiKey("replay")         // or .fromEnv() when recording
        .build();
    AnthropicClient client = new AnthropicClientImpl(
        AnthropicOkHttpAdapter.clientOptions(okHttp, backend)
            .maxRetries(0)
            .build());
    Message message = client.messages().create(MessageCreateParams.builder()
        .model("claude-sonnet-4-5")
        .maxTokens(1024)
        .addUserMessage("Say hello")
        .build());
    // end: anthropic
    assertThat(message.content().get(0).asText().text()).isEqualTo(ProviderMock.TEXT);
  }

  @Test
  void anthropicThroughTheServer() throws IOException {
    // snippet: anthropic-server
    try (ReplayServer server = ReplayServer.builder()
        .recordings(recordings)
        .mode(Mode.REPLAY)
        .build()
        .start()) {
      AnthropicClient client = AnthropicOkHttpClient.builder()
          .apiKey("replay")
          .baseUrl(server.baseUrl())  // no /v1: the SDK adds it
          .maxRetries(0)
          .build();
      Message message = client.messages().create(MessageCreateParams.builder()
          .model("claude-sonnet-4-5")
          .maxTokens(1024)
          .addUserMessage("Say hello")
          .build());
      // end: anthropic-server
      assertThat(message.content().get(0).asText().text()).isEqualTo(ProviderMock.TEXT);
    }
  }

  @Test
  void langChain4j() {
    // snippet: langchain4j
    OkHttpClient okHttp = new OkHttpClient.Builder()
        .addInterceptor(RecordReplayInterceptor.builder()
            .recordings(recordings)
            .mode(Mode.REPLAY)
            .build())
        .build();
    OpenAiChatModel model = OpenAiChatModel.builder()
        .httpClientBuilder(LangChain4jOkHttpClient.builder().okHttpClient(okHttp))
        .apiKey("replay")
        .modelName("gpt-4o-mini")
        .maxRetries(0)
        .build();
    String answer = model.chat("Say hello");

    OpenAiStreamingChatModel streaming = OpenAiStreamingChatModel.builder()
        .httpClientBuilder(LangChain4jOkHttpClient.builder().okHttpClient(okHttp))
        .apiKey("replay")
        .modelName("gpt-4o-mini")
        .build();
    // end: langchain4j
    assertThat(answer).isEqualTo(ProviderMock.TEXT);
    assertThat(streamToText(streaming, "Say hello")).isEqualTo(ProviderMock.TEXT);
  }

  @Test
  void langChain4jThroughTheServer() throws IOException {
    // snippet: langchain4j-server
    try (ReplayServer server = ReplayServer.builder()
        .recordings(recordings)
        .mode(Mode.REPLAY)
        .build()
        .start()) {
      OpenAiChatModel model = OpenAiChatModel.builder()
          .baseUrl(server.baseUrl() + "/v1")
          .apiKey("replay")
          .modelName("gpt-4o-mini")
          .maxRetries(0)
          .build();
      String answer = model.chat("Say hello");
      // end: langchain4j-server
      assertThat(answer).isEqualTo(ProviderMock.TEXT);
    }
  }
}
