package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.anthropic.backends.AnthropicBackend;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientImpl;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIIoException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.llmreplay.FixtureNotFoundException;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.adapters.AnthropicOkHttpAdapter;
import dev.llmreplay.adapters.LangChain4jOkHttpClient;
import dev.llmreplay.server.ReplayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each SDK shows when a call has no recording (an empty recordings directory): the miss report
 * must reach the test, as the exception's message or its cause's.
 */
class ReplayMissThroughSdksTest {
  static final String REPORT_OPENAI = "No recorded response for POST /v1/chat/completions";
  static final String REPORT_ANTHROPIC = "No recorded response for POST /v1/messages";

  @TempDir Path empty;

  RecordReplayInterceptor replay() {
    return RecordReplayInterceptor.builder().recordings(empty).mode(Mode.REPLAY).build();
  }

  ReplayServer server() throws IOException {
    return ReplayServer.builder().recordings(empty).mode(Mode.REPLAY).build().start();
  }

  @Test
  void openAiInterceptorAnIoExceptionCausedByTheMiss() {
    OpenAIClient client =
        OpenAIOkHttpClient.builder().apiKey("k").addInterceptor(replay()).maxRetries(0).build();
    Throwable t =
        catchThrowable(
            () ->
                client
                    .chat()
                    .completions()
                    .create(OpenAiSdkConformanceTest.chatParams("gpt-4o-mini", false)));
    assertThat(t)
        .isInstanceOf(OpenAIIoException.class)
        .hasMessage("Request failed")
        .hasCauseInstanceOf(FixtureNotFoundException.class);
    assertThat(t.getCause()).hasMessageContaining(REPORT_OPENAI);
  }

  @Test
  void openAiServerANotFoundExceptionCarryingTheReport() throws IOException {
    try (ReplayServer server = server()) {
      OpenAIClient client =
          OpenAIOkHttpClient.builder()
              .apiKey("k")
              .baseUrl(server.baseUrl() + "/v1")
              .maxRetries(0)
              .build();
      Throwable t =
          catchThrowable(
              () ->
                  client
                      .chat()
                      .completions()
                      .create(OpenAiSdkConformanceTest.chatParams("gpt-4o-mini", false)));
      assertThat(t).isInstanceOf(NotFoundException.class).hasMessageContaining(REPORT_OPENAI);
      assertThat(((NotFoundException) t).code()).contains("fixture_not_found");
    }
  }

  @Test
  void anthropicAdapterAnUncheckedIoExceptionCarryingTheReport() {
    OkHttpClient okHttp = new OkHttpClient.Builder().addInterceptor(replay()).build();
    AnthropicClient client =
        new AnthropicClientImpl(
            AnthropicOkHttpAdapter.clientOptions(
                    okHttp, AnthropicBackend.builder().apiKey("k").build())
                .build());
    Throwable t =
        catchThrowable(
            () ->
                client.messages().create(AnthropicSdkConformanceTest.params("claude-sonnet-4-5")));
    assertThat(t)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(REPORT_ANTHROPIC)
        .hasCauseInstanceOf(FixtureNotFoundException.class);
  }

  @Test
  void anthropicServerANotFoundExceptionCarryingTheReport() throws IOException {
    try (ReplayServer server = server()) {
      AnthropicClient client =
          AnthropicOkHttpClient.builder()
              .apiKey("k")
              .baseUrl(server.baseUrl())
              .maxRetries(0)
              .build();
      Throwable t =
          catchThrowable(
              () ->
                  client
                      .messages()
                      .create(AnthropicSdkConformanceTest.params("claude-sonnet-4-5")));
      assertThat(t)
          .isInstanceOf(com.anthropic.errors.NotFoundException.class)
          .hasMessageContaining(REPORT_ANTHROPIC);
    }
  }

  @Test
  void langChain4jAdapterAnUncheckedIoExceptionCarryingTheReport() {
    OkHttpClient okHttp = new OkHttpClient.Builder().addInterceptor(replay()).build();
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .httpClientBuilder(LangChain4jOkHttpClient.builder().okHttpClient(okHttp))
            .apiKey("k")
            .modelName("gpt-4o-mini")
            .maxRetries(0)
            .build();
    Throwable t = catchThrowable(() -> model.chat("Hello"));
    assertThat(t)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(REPORT_OPENAI)
        .hasCauseInstanceOf(FixtureNotFoundException.class);
  }

  @Test
  void langChain4jServerAModelNotFoundExceptionCarryingTheReport() throws IOException {
    try (ReplayServer server = server()) {
      OpenAiChatModel model =
          OpenAiChatModel.builder()
              .baseUrl(server.baseUrl() + "/v1")
              .apiKey("k")
              .modelName("gpt-4o-mini")
              .maxRetries(0)
              .build();
      Throwable t = catchThrowable(() -> model.chat("Hello"));
      assertThat(t)
          .isInstanceOf(ModelNotFoundException.class)
          .hasMessageContaining(REPORT_OPENAI)
          .hasMessageContaining("llm_replay_fixture_not_found");
    }
  }
}
