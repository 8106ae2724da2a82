package dev.llmreplay.junit.readme.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.llmreplay.adapters.LangChain4jOkHttpClient;
import dev.llmreplay.junit.LlmReplay;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

@LlmReplay
class LangChain4jGreeterTest {
  @Test
  void saysHello(OkHttpClient okHttp) { // carries this test's interceptor
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .httpClientBuilder(LangChain4jOkHttpClient.builder().okHttpClient(okHttp))
            .apiKey(System.getenv().getOrDefault("OPENAI_API_KEY", "replay"))
            .modelName("gpt-4o-mini")
            .maxRetries(0)
            .build();
    assertThat(model.chat("Say hello")).isEqualTo("Hello!");
  }
}
