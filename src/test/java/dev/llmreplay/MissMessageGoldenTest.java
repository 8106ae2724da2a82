package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmreplay.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins the whole message a user sees on a miss, end to end through the interceptor. */
class MissMessageGoldenTest {
  @TempDir Path recordings;

  @Test
  void nearMissOnTheSeed() throws IOException {
    Files.copy(SharedData.seed(), recordings.resolve("seed.json"));
    OkHttpClient client =
        new OkHttpClient.Builder()
            .addInterceptor(RecordReplayInterceptor.builder().recordings(recordings).build())
            .build();
    String body =
        "{\"model\":\"meta-llama/Llama-3.3-70B-Instruct-Turbo-Free\",\"prompt\":\"Respond to this question and explain your answer. Complete the sentence using one word: Roses are red, violets are \",\"max_tokens\":60,\"stream\":true,\"temperature\":0.2}";
    Request request =
        new Request.Builder()
            .url("http://localhost:8080/openai/v1/completions")
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    FixtureNotFoundException e =
        catchThrowableOfType(
            FixtureNotFoundException.class, () -> client.newCall(request).execute());
    String actual =
        e.getMessage().replace(recordings.toAbsolutePath().normalize().toString(), "<recordings>");
    Path golden = Path.of("src/test/resources/dev/llmreplay/miss-seed-near-miss.txt");
    if (Boolean.getBoolean("llmreplay.updateGolden")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual + "\n");
    }
    assertThat(actual + "\n")
        .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n"));
  }
}
