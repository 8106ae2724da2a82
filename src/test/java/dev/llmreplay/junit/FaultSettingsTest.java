package dev.llmreplay.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.testing.Seed;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @LlmReplay(faults, recordFailures)}: on class or method, overridden by {@code
 * -Dllmreplay.faults} and {@code LLM_REPLAY_FAULTS}; call counts start afresh in each test.
 */
class FaultSettingsTest {
  @TempDir Path project;

  @BeforeEach
  void seed() throws IOException {
    // In the recordings root, every test directory falls back to it.
    Seed.copyInto(project.resolve("recordings"));
  }

  /** Publishes the statuses of two seed calls, e.g. {@code 503,200}. */
  static void publishTwoCalls(OkHttpClient client, TestReporter reporter) throws IOException {
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Request request =
          new Request.Builder()
              .url("http://127.0.0.1:9/v1/completions")
              .post(RequestBody.create(Seed.BODY, MediaType.get("application/json")))
              .build();
      try (Response r = client.newCall(request).execute()) {
        codes.add(String.valueOf(r.code()));
      }
    }
    reporter.publishEntry("codes", String.join(",", codes));
  }

  @Sample
  @LlmReplay(faults = "status=503@first=1")
  static class FaultedSample {
    @Test
    void fromTheClass(OkHttpClient client, TestReporter reporter) throws IOException {
      publishTwoCalls(client, reporter);
    }

    @Test
    void countsAfreshInEachTest(OkHttpClient client, TestReporter reporter) throws IOException {
      publishTwoCalls(client, reporter);
    }

    @Test
    @LlmReplay(faults = "status=429")
    void fromTheMethod(OkHttpClient client, TestReporter reporter) throws IOException {
      publishTwoCalls(client, reporter);
    }

    @Test
    @LlmReplay(faults = "none", recordFailures = true)
    void switchedOff(
        OkHttpClient client, RecordReplayInterceptor interceptor, TestReporter reporter)
        throws IOException {
      publishTwoCalls(client, reporter);
      reporter.publishEntry("recordFailures", String.valueOf(interceptor.recordsFailures()));
    }
  }

  Map<String, String> got(SampleRun.Results r, String test) {
    assertThat(r.statuses().get(test)).as(r.failures()).isEqualTo("SUCCESSFUL");
    return r.reported(test);
  }

  @Test
  void theNearestAnnotationSetsTheFaults() {
    SampleRun.Results r =
        SampleRun.of(FaultedSample.class).with("basedir", project.toString()).run();
    assertThat(got(r, "fromTheClass")).containsEntry("codes", "503,200");
    assertThat(got(r, "countsAfreshInEachTest")).containsEntry("codes", "503,200");
    assertThat(got(r, "fromTheMethod")).containsEntry("codes", "429,429");
    assertThat(got(r, "switchedOff"))
        .containsEntry("codes", "200,200")
        .containsEntry("recordFailures", "true");
  }

  @Test
  void theSystemPropertyOverridesTheAnnotations() {
    SampleRun.Results r =
        SampleRun.of(FaultedSample.class)
            .with("basedir", project.toString())
            .with(Settings.FAULTS, "status=500@call=2")
            .run();
    assertThat(got(r, "fromTheClass")).containsEntry("codes", "200,500");
    assertThat(got(r, "fromTheMethod")).containsEntry("codes", "200,500");
  }

  @Sample
  static class EnvSample {
    @RegisterExtension
    static LlmReplayExtension llm =
        new LlmReplayExtension(
            Map.of("LLM_REPLAY_FAULTS", "status=502", "LLM_REPLAY_RECORD_FAILURES", "true")::get);

    @Test
    @LlmReplay(faults = "status=429", recordFailures = false)
    void environmentOverAnnotation(
        OkHttpClient client, RecordReplayInterceptor interceptor, TestReporter reporter)
        throws IOException {
      publishTwoCalls(client, reporter);
      reporter.publishEntry("recordFailures", String.valueOf(interceptor.recordsFailures()));
    }
  }

  @Test
  void theEnvironmentOverridesTheAnnotation() {
    SampleRun.Results r = SampleRun.of(EnvSample.class).with("basedir", project.toString()).run();
    assertThat(got(r, "environmentOverAnnotation"))
        .containsEntry("codes", "502,502")
        .containsEntry("recordFailures", "true");
  }

  @Sample
  @LlmReplay
  static class BadSample {
    @Test
    @LlmReplay(faults = "cut-afer=3")
    void typo() {}
  }

  @Test
  void anInvalidSpecFailsTheTestNamingWhereAndWhat() {
    SampleRun.Results r = SampleRun.of(BadSample.class).with("basedir", project.toString()).run();
    assertThat(r.failure("typo"))
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageStartingWith(
            "llm-replay: @LlmReplay(faults) on BadSample.typo(): invalid fault spec \"cut-afer=3\""
                + " at column 1: unknown action \"cut-afer\"");
  }
}
