package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.fixture.FixtureFormatException;
import dev.llmreplay.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken fixture names itself and its position, and does not hide the others. */
class MalformedFixtureTest {
  @TempDir Path recordings;

  @Test
  void brokenFileIsReportedWithPositionAndOthersStillReplay() throws IOException {
    Files.copy(SharedData.seed(), recordings.resolve("seed.json"));
    Files.writeString(
        recordings.resolve("broken.json"), "{\n  \"request\": {\n    \"method\": \"POST\",,\n");
    Files.writeString(recordings.resolve("not-a-fixture.json"), "[1, 2, 3]\n");
    RecordReplayInterceptor interceptor =
        RecordReplayInterceptor.builder().recordings(recordings).build();
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(interceptor).build();

    String seedBody =
        "{\"model\":\"meta-llama/Llama-3.3-70B-Instruct-Turbo-Free\",\"prompt\":\"Respond to this question and explain your answer. Complete the sentence using one word: Roses are red, violets are \",\"max_tokens\":50,\"stream\":true}";
    Request seed =
        new Request.Builder()
            .url("http://127.0.0.1:9/v1/completions")
            .post(RequestBody.create(seedBody, MediaType.get("application/json")))
            .build();
    try (Response r = client.newCall(seed).execute()) {
      assertThat(r.body().string()).endsWith("data: [DONE]\n\n");
    }

    assertThat(Access.replayer(interceptor).store().problems())
        .extracting(FixtureFormatException::getMessage)
        .anySatisfy(m -> assertThat(m).contains("broken.json:3:").contains("invalid JSON"))
        .anySatisfy(m -> assertThat(m).contains("not-a-fixture.json").contains("JSON object"));
    FixtureFormatException broken =
        Access.replayer(interceptor).store().problems().stream()
            .filter(p -> p.file().endsWith("broken.json"))
            .findFirst()
            .orElseThrow();
    assertThat(broken.line()).isEqualTo(3);
    assertThat(broken.column()).isGreaterThan(0);

    Request other =
        new Request.Builder()
            .url("http://127.0.0.1:9/v1/completions")
            .post(RequestBody.create("{\"prompt\":\"x\"}", MediaType.get("application/json")))
            .build();
    assertThatThrownBy(() -> client.newCall(other).execute())
        .isInstanceOf(FixtureNotFoundException.class)
        .hasMessageContaining("broken.json");
  }
}
