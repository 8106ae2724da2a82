package dev.llmreplay.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmreplay.KeyRules;
import dev.llmreplay.Mode;
import dev.llmreplay.Pacing;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.Redactor;
import dev.llmreplay.server.ReplayServer;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/** The README's interceptor examples, verbatim, run against the project's own recordings. */
class ReadmeInterceptorExamplesTest {
  static final String SEED_BODY =
      "{\"model\": \"meta-llama/Llama-3.3-70B-Instruct-Turbo-Free\", \"prompt\": \"Respond to this question and explain your answer. Complete the sentence using one word: Roses are red, violets are \", \"max_tokens\": 50, \"stream\": true}";

  static String streamSeed(OkHttpClient client) throws IOException {
    Request request =
        new Request.Builder()
            .url("https://api.together.xyz/v1/completions")
            .post(RequestBody.create(SEED_BODY, MediaType.get("application/json")))
            .build();
    try (Response response = client.newCall(request).execute()) {
      return response.body().string();
    }
  }

  @Test
  void interceptor() throws IOException {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .addInterceptor(
                RecordReplayInterceptor.builder()
                    .recordings(Path.of("recordings"))
                    .mode(Mode.REPLAY)
                    .build())
            .build();
    assertThat(Sse.dataLines(streamSeed(client))).hasSize(51).endsWith("[DONE]");
  }

  @Test
  void paced() throws IOException {
    RecordReplayInterceptor paced =
        RecordReplayInterceptor.builder()
            .recordings(Path.of("recordings"))
            .pacing(Pacing.recorded(0.5)) // the recorded gaps, twice as fast
            .build();
    assertThat(paced.pacing()).isEqualTo(Pacing.recorded(0.5));
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(paced).build();
    assertThat(Sse.dataLines(streamSeed(client))).hasSize(51);
  }

  @Test
  void tolerant() throws IOException {
    RecordReplayInterceptor tolerant =
        RecordReplayInterceptor.builder()
            .recordings(Path.of("recordings"))
            .keyRules(
                KeyRules.builder()
                    .ignoreBodyField("/user")
                    .ignoreBodyField("/metadata")
                    .ignoreQueryParam("api-version")
                    .build())
            .build();
    // The seed has neither field, so it keys the same: a /user sent now does not matter.
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(tolerant).build();
    Request request =
        new Request.Builder()
            .url("http://127.0.0.1:9/v1/completions?api-version=2024-06-01")
            .post(
                RequestBody.create(
                    SEED_BODY.replace("{", "{\"user\": \"alice\", "),
                    MediaType.get("application/json")))
            .build();
    try (Response response = client.newCall(request).execute()) {
      assertThat(Sse.dataLines(response.body().string())).hasSize(51);
    }
  }

  @Test
  void careful() {
    RecordReplayInterceptor careful =
        RecordReplayInterceptor.builder()
            .recordings(Path.of("recordings"))
            .mode(Mode.RECORD_MISSING)
            .redactor(
                Redactor.builder()
                    .redactHeader("x-session-token")
                    .redactBodyField("/metadata/customer_email")
                    .build())
            .build();
    assertThat(careful.keyRules().ignoredBodyFields()).contains("/metadata/customer_email");
    assertThat(careful.mode()).isEqualTo(Mode.RECORD_MISSING);
  }

  @Test
  void quiet() {
    RecordReplayInterceptor quiet =
        RecordReplayInterceptor.builder()
            .recordings(Path.of("recordings"))
            .mode(Mode.RECORD_MISSING)
            .normalizeVolatileFields(true)
            .build();
    assertThat(quiet.normalizesVolatileFields()).isTrue();
  }

  @Test
  void aServerAroundAnInterceptor() throws IOException {
    RecordReplayInterceptor interceptor =
        RecordReplayInterceptor.builder()
            .recordings(Path.of("recordings"))
            .mode(Mode.RECORD_MISSING)
            .build();
    try (ReplayServer server =
        ReplayServer.builder()
            .interceptor(interceptor)
            .target("https://api.openai.com")
            .build()
            .start()) {
      String base =
          server.baseUrl(); // SDKs here and OkHttp clients with the interceptor share fixtures
    }
    assertThatThrownBy(
            () -> ReplayServer.builder().interceptor(interceptor).mode(Mode.REPLAY).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mode(...)");
  }
}
