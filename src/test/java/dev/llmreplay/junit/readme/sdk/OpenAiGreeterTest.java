package dev.llmreplay.junit.readme.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.junit.LlmReplay;
import org.junit.jupiter.api.Test;

@LlmReplay
class OpenAiGreeterTest {
  @Test
  void saysHello(RecordReplayInterceptor replay) {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .apiKey(System.getenv().getOrDefault("OPENAI_API_KEY", "replay"))
            .addInterceptor(replay) // this test's folder and mode (-Dllmreplay.mode=...)
            .maxRetries(0)
            .build();
    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage("Say hello")
                    .build());
    assertThat(completion.choices().get(0).message().content()).hasValue("Hello!");
  }
}
