package dev.llmreplay.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.server.ReplayServer;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The README's "Testing failure paths" examples, verbatim, run against the project's own recordings
 * (the @LlmReplay one is {@link InterruptedStreamTest}).
 */
class ReadmeFaultExamplesTest {
  static final String SEED_REQUEST_BODY = ReadmeInterceptorExamplesTest.SEED_BODY;

  @Test
  void interceptor() throws IOException {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .addInterceptor(
                RecordReplayInterceptor.builder()
                    .recordings(Path.of("recordings"))
                    .faults("status=429,retry-after=0@first=2")
                    .build())
            .build();
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try (Response r = client.newCall(InterruptedStreamTest.completion()).execute()) {
        codes.add(r.code());
        if (r.code() == 429) assertThat(r.header("retry-after")).isEqualTo("0");
        else assertThat(Sse.dataLines(r.body().string())).hasSize(51);
      }
    }
    assertThat(codes).containsExactly(429, 429, 200);
  }

  @Test
  void server() throws IOException {
    try (ReplayServer server =
        ReplayServer.builder()
            .recordings(Path.of("recordings"))
            .faults("cut-after=10")
            .build()
            .start()) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/completions"))
              .POST(HttpRequest.BodyPublishers.ofString(SEED_REQUEST_BODY))
              .build();
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(request, BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void recordFailures() {
    RecordReplayInterceptor recording =
        RecordReplayInterceptor.builder()
            .recordings(Path.of("recordings"))
            .mode(Mode.RECORD_MISSING)
            .recordFailures(true)
            .build();
    assertThat(recording.recordsFailures()).isTrue();
    assertThat(recording.newBuilder().build().recordsFailures()).isTrue();
  }
}
