package dev.llmreplay.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.llmreplay.server.ReplayServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start: the OpenAI SDK streams the seed from a server on the bundled
 * recordings.
 */
class ReadmeQuickStartTest {
  @Test
  void openAiSdkStreamsTheSeedFromTheServer() throws Exception {
    try (ReplayServer replayServer =
        ReplayServer.builder().recordings(Path.of("recordings")).build().start()) {
      String server = replayServer.baseUrl();
      OpenAIClient openai =
          OpenAIOkHttpClient.builder().baseUrl(server + "/v1").apiKey("replay").build();
      StringBuilder text = new StringBuilder();
      try (StreamResponse<Completion> stream =
          openai
              .completions()
              .createStreaming(
                  CompletionCreateParams.builder()
                      .model("meta-llama/Llama-3.3-70B-Instruct-Turbo-Free")
                      .prompt(
                          "Respond to this question and explain your answer."
                              + " Complete the sentence using one word: Roses are red, violets are ")
                      .maxTokens(50)
                      .build())) {
        stream.stream().forEach(chunk -> text.append(chunk.choices().get(0).text()));
      }
      openai.close();
      assertThat(text.toString())
          .startsWith(" __________________")
          .contains("## Step 1: Identify the traditional completion of the sentence.")
          .endsWith("## Step 2: Recall the poem");
    }
  }
}
