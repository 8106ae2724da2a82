package dev.llmreplay.junit.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.junit.LlmReplay;
import dev.llmreplay.server.ReplayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@LlmReplay(target = "https://api.openai.com")
class AnyClientTest {
  @Test
  @LlmReplay(ignoreBodyFields = "/user")
  void throughTheLoopbackServer(ReplayServer server) throws Exception {
    String body =
        """
        {"model": "gpt-4o-mini", "user": "%s",
         "messages": [{"role": "user", "content": "Say hi"}]}
        """
            .formatted(UUID.randomUUID());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + System.getenv("OPENAI_API_KEY"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("Hi!");
  }
}
