package dev.llmreplay.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmreplay.server.ReplayServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A miss fails its test with the report printed once, whatever wrapped it; and a request recorded
 * by another test is pointed out.
 */
class MissFailureTest {
  @TempDir Path root;

  @Sample
  @LlmReplay
  static class WrappedSample {
    /** The official SDK over the server: the 404 body (the report) becomes its message. */
    @Test
    void throughTheOpenAiSdk(ReplayServer server) {
      OpenAIClient openai =
          OpenAIOkHttpClient.builder()
              .baseUrl(server.baseUrl() + "/v1")
              .apiKey("replay")
              .maxRetries(0)
              .build();
      openai
          .chat()
          .completions()
          .create(
              ChatCompletionCreateParams.builder()
                  .model("gpt-4o-mini")
                  .addUserMessage("unrecorded")
                  .build());
    }

    /** What an SDK's I/O exception does with ours: wraps it as the cause. */
    @Test
    void wrappedAsTheCause(OkHttpClient client, LiveApi.Url live) {
      try {
        LiveApi.ask(client, live.value(), "unrecorded");
      } catch (IOException e) {
        throw new IllegalStateException("Request failed", e);
      }
    }
  }

  @Test
  void theReportIsPrintedOncePerFailure() {
    SampleRun.Results r = SampleRun.of(WrappedSample.class).dir(root).run();
    assertThat(r.statuses())
        .containsExactly(
            Map.entry("throughTheOpenAiSdk", "FAILED"), Map.entry("wrappedAsTheCause", "FAILED"));
    for (String test : r.statuses().keySet()) {
      Throwable failure = r.failure(test);
      StringWriter printed = new StringWriter();
      failure.printStackTrace(new PrintWriter(printed));
      assertThat(occurrences(printed.toString(), "No recorded response for POST"))
          .as("%s printed:%n%s", test, printed)
          .isEqualTo(1);
      // The test's own failure is still named, briefly, in the message and as the cause.
      assertThat(failure.getMessage()).contains("\n\nThe test then failed with: ");
      assertThat(printed.toString()).contains("Caused by: ");
    }
    assertThat(r.failure("wrappedAsTheCause").getMessage())
        .contains("The test then failed with: java.lang.IllegalStateException: Request failed");
  }

  @Sample
  @LlmReplay
  static class SiblingSample {
    @Test
    void first(OkHttpClient client, LiveApi.Url live) throws IOException {
      assertThat(LiveApi.ask(client, live.value(), "hello")).isEqualTo("echo: hello");
    }

    @Test
    void second(OkHttpClient client, LiveApi.Url live) throws IOException {
      assertThat(LiveApi.ask(client, live.value(), "hello")).isEqualTo("echo: hello");
    }
  }

  @Test
  void aRequestRecordedForASiblingTestIsPointedOut() throws IOException {
    try (LiveApi live = LiveApi.start(0)) {
      SampleRun.Results r =
          SampleRun.of(SiblingSample.class).dir(root).live(live).mode("record-missing").run();
      assertThat(r.statuses().values()).as(r.failures()).containsOnly("SUCCESSFUL");
    }
    deleteTree(root.resolve("SiblingSample/second"));

    SampleRun.Results r = SampleRun.of(SiblingSample.class).dir(root).run();
    assertThat(r.statuses())
        .containsExactly(Map.entry("first", "SUCCESSFUL"), Map.entry("second", "FAILED"));
    String message = r.failure("second").getMessage();
    String sep = root.getFileSystem().getSeparator();
    assertThat(message)
        .contains("None of the 3 directories searched holds a fixture.")
        .contains(
            "The same request is recorded for SiblingSample"
                + sep
                + "first (SiblingSample"
                + sep
                + "first"
                + sep)
        .contains(
            ", which this test does not search: it reads SiblingSample"
                + sep
                + "second and the directories above it, top level only. Copy the fixture into"
                + " SiblingSample"
                + sep
                + "second, or move it up to SiblingSample to share it between the tests.");
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
    return n;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
