package dev.llmreplay.junit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.Redactor;
import dev.llmreplay.junit.LlmReplayExtension;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedactingTest {
  @RegisterExtension
  static LlmReplayExtension llm =
      LlmReplayExtension.builder()
          .redactor(Redactor.defaults().newBuilder().redactBodyField("/user").build())
          .failOnUnused(true)
          .build();

  @Test
  void keepsTheUserOutOfTheFixture(OkHttpClient client) throws IOException {
    String body =
        """
        {"model": "gpt-4o-mini", "user": "alice@example.com",
         "messages": [{"role": "user", "content": "Say hi"}]}
        """;
    Request request =
        new Request.Builder()
            .url("https://api.openai.com/v1/chat/completions")
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.body().string()).contains("Hi!");
    }
  }
}
