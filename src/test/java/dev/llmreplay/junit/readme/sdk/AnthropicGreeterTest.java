package dev.llmreplay.junit.readme.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.backends.AnthropicBackend;
import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientImpl;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.llmreplay.adapters.AnthropicOkHttpAdapter;
import dev.llmreplay.junit.LlmReplay;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

@LlmReplay
class AnthropicGreeterTest {
  @Test
  void saysHello(OkHttpClient okHttp) { // carries this test's interceptor
    AnthropicBackend backend =
        AnthropicBackend.builder()
            .apiKey(System.getenv().getOrDefault("ANTHROPIC_API_KEY", "replay"))
            .build();
    AnthropicClient client =
        new AnthropicClientImpl(
            AnthropicOkHttpAdapter.clientOptions(okHttp, backend).maxRetries(0).build());
    Message message =
        client
            .messages()
            .create(
                MessageCreateParams.builder()
                    .model("claude-sonnet-4-5")
                    .maxTokens(1024)
                    .addUserMessage("Say hello")
                    .build());
    assertThat(message.content().get(0).asText().text()).isEqualTo("Hello!");
  }
}
