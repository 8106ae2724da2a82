package dev.llmreplay.junit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.junit.LlmReplay;
import dev.llmreplay.junit.Recordings;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

@LlmReplay
class SummarizerTest {
  static String summarize(OkHttpClient client) throws IOException {
    String body =
        """
        {"model": "gpt-4o-mini",
         "messages": [{"role": "user", "content": "Summarize in four words: llm-replay records LLM calls once."}]}
        """;
    Request request =
        new Request.Builder()
            .url("https://api.openai.com/v1/chat/completions")
            .header("Authorization", "Bearer " + System.getenv("OPENAI_API_KEY"))
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return response.body().string();
    }
  }

  @Test
  void summarizes(OkHttpClient client) throws IOException {
    assertThat(summarize(client)).contains("Record once, replay forever");
  }

  @Test
  void sendsTheSmallModel(OkHttpClient client, Recordings recordings) throws IOException {
    summarize(client);
    assertThat(recordings.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.body().get("model").asText()).isEqualTo("gpt-4o-mini"));
  }
}
