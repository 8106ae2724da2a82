package dev.llmreplay.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmreplay.junit.LlmReplay;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

// The README's @LlmReplay faults example, word for word: it replays the seed from recordings/.
@LlmReplay(faults = "cut-after=10")
class InterruptedStreamTest {
  static Request completion() {
    String body =
        """
        {"model": "meta-llama/Llama-3.3-70B-Instruct-Turbo-Free", "max_tokens": 50, "stream": true,
         "prompt": "Respond to this question and explain your answer. Complete the sentence using one word: Roses are red, violets are "}
        """;
    return new Request.Builder()
        .url("https://api.together.xyz/v1/completions")
        .post(RequestBody.create(body, MediaType.get("application/json")))
        .build();
  }

  @Test
  void aCutStreamFailsTheRead(OkHttpClient client) throws IOException {
    try (Response response = client.newCall(completion()).execute()) {
      assertThatThrownBy(() -> response.body().string()).isInstanceOf(IOException.class);
    }
  }

  @Test
  @LlmReplay(faults = "status=529@first=1")
  void overloadedOnlyOnce(OkHttpClient client) throws IOException {
    try (Response first = client.newCall(completion()).execute()) {
      assertThat(first.code()).isEqualTo(529);
    }
    try (Response second = client.newCall(completion()).execute()) {
      assertThat(second.code()).isEqualTo(200);
    }
  }
}
