package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed recording replays through the OpenAI SDK's legacy completions stream, chunk for chunk.
 */
class SeedThroughOpenAiSdkTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Route.class)
  void theSdkReadsExactlyTheSeedsFiftyChunks(Route route) throws IOException {
    JsonNode seed = Json.parse(Files.readAllBytes(SharedData.seed()));
    Files.copy(SharedData.seed(), dir.resolve("seed.json"));
    List<String> expected = new ArrayList<>();
    for (JsonNode chunk : seed.at("/response/body"))
      expected.add(chunk.at("/__data__/choices/0/text").asText());
    assertThat(expected).hasSize(50);

    JsonNode request = seed.at("/request/body");
    CompletionCreateParams params =
        CompletionCreateParams.builder()
            .model(request.get("model").asText())
            .prompt(request.get("prompt").asText())
            .maxTokens(request.get("max_tokens").asLong())
            .build();
    List<String> pieces = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    try (Leg leg = Leg.replay(route, dir, "http://127.0.0.1:9")) {
      OpenAIOkHttpClient.Builder b =
          OpenAIOkHttpClient.builder()
              .apiKey("test-key")
              .baseUrl(leg.baseUrl() + "/v1")
              .maxRetries(0);
      if (leg.interceptor() != null) b.addInterceptor(leg.interceptor());
      OpenAIClient client = b.build();
      try (StreamResponse<Completion> stream = client.completions().createStreaming(params)) {
        stream.stream()
            .forEach(
                c -> {
                  pieces.add(c.choices().get(0).text());
                  ids.add(c.id());
                });
      } finally {
        client.close();
      }
    }
    assertThat(pieces).containsExactlyElementsOf(expected);
    assertThat(String.join("", pieces))
        .isEqualTo(String.join("", expected))
        .startsWith(" __________________");
    assertThat(ids).containsOnly("oBUszH9-4Yz4kd-98019fa76a947327");
  }
}
