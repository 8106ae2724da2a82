package dev.llmreplay.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.FixtureListener;
import dev.llmreplay.Mode;
import dev.llmreplay.RequestKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The interceptor's options given through the extension: {@code normalizeVolatileFields} by
 * annotation, system property and builder, and a listener by builder.
 */
class ExtensionSettingsTest {
  @TempDir Path root;

  @Sample
  @LlmReplay
  static class PlainSample {
    @Test
    void asks(OkHttpClient client, LiveApi.Url live) throws IOException {
      assertThat(LiveApi.ask(client, live.value(), "hello")).isEqualTo("echo: hello");
    }
  }

  @Sample
  @LlmReplay(normalizeVolatileFields = true)
  static class NormalizingSample {
    @Test
    void asks(OkHttpClient client, LiveApi.Url live) throws IOException {
      assertThat(LiveApi.ask(client, live.value(), "hello")).isEqualTo("echo: hello");
    }

    @Test
    @LlmReplay(normalizeVolatileFields = false)
    void asksUnnormalized(OkHttpClient client, LiveApi.Url live) throws IOException {
      assertThat(LiveApi.ask(client, live.value(), "hello")).isEqualTo("echo: hello");
    }
  }

  @Sample
  static class RegisteredSample {
    /** What the builder's listener heard; read only by this sample's own test. */
    static final List<String> HEARD = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static LlmReplayExtension llm =
        LlmReplayExtension.builder()
            .mode(Mode.RECORD_MISSING)
            .normalizeVolatileFields(true)
            .listener(
                new FixtureListener() {
                  @Override
                  public void recorded(RequestKey key, Path file) {
                    HEARD.add("recorded " + file);
                  }

                  @Override
                  public void replayed(RequestKey key, Path file) {
                    HEARD.add("replayed " + file);
                  }
                })
            .build();

    @Test
    void asks(OkHttpClient client, LiveApi.Url live, Recordings recordings) throws IOException {
      HEARD.clear();
      assertThat(LiveApi.ask(client, live.value(), "hello")).isEqualTo("echo: hello");
      assertThat(LiveApi.ask(client, live.value(), "hello")).isEqualTo("echo: hello");
      // The builder's listener hears the calls, and the test's own record still does.
      Path file = recordings.recorded().get(0);
      assertThat(HEARD).containsExactly("recorded " + file, "replayed " + file);
      assertThat(recordings.used()).containsExactly(file);
    }
  }

  /** The response id in the one fixture under {@code dir}. */
  static String recordedId(Path dir) throws IOException {
    List<String> files = LlmReplayExtensionTest.files(dir);
    assertThat(files).hasSize(1);
    String text = Files.readString(dir.resolve(files.get(0)));
    int at = text.indexOf("\"id\": \"");
    return text.substring(at + 7, text.indexOf('"', at + 7));
  }

  @Test
  void theAnnotationNormalizesAndAMethodsAnnotationOverridesItsClass() throws IOException {
    try (LiveApi live = LiveApi.start(0)) {
      SampleRun.Results r =
          SampleRun.of(NormalizingSample.class).dir(root).live(live).mode("record").run();
      assertThat(r.statuses())
          .as(r.failures())
          .containsExactly(
              Map.entry("asks", "SUCCESSFUL"), Map.entry("asksUnnormalized", "SUCCESSFUL"));
    }
    assertThat(recordedId(root.resolve("NormalizingSample/asks"))).startsWith("rec-");
    assertThat(recordedId(root.resolve("NormalizingSample/asksUnnormalized")))
        .isEqualTo("chatcmpl-1");
  }

  @Test
  void theSystemPropertyNormalizesAndItsAbsenceDoesNot() throws IOException {
    try (LiveApi live = LiveApi.start(0)) {
      SampleRun run = SampleRun.of(PlainSample.class).live(live).mode("record");
      SampleRun.Results plain = run.dir(root.resolve("plain")).run();
      assertThat(plain.statuses()).as(plain.failures()).containsEntry("asks", "SUCCESSFUL");
      SampleRun.Results normalized =
          run.dir(root.resolve("normalized")).with(Settings.NORMALIZE, "true").run();
      assertThat(normalized.statuses())
          .as(normalized.failures())
          .containsEntry("asks", "SUCCESSFUL");
      SampleRun.Results invalid =
          run.dir(root.resolve("invalid")).with(Settings.NORMALIZE, "maybe").run();
      assertThat(invalid.failure("asks"))
          .hasMessageContaining("llm-replay: system property llmreplay.normalize=maybe")
          .hasMessageContaining("use true or false");
    }
    assertThat(recordedId(root.resolve("plain/PlainSample/asks"))).isEqualTo("chatcmpl-1");
    assertThat(recordedId(root.resolve("normalized/PlainSample/asks"))).startsWith("rec-");
  }

  @Test
  void theBuildersNormalizationAndListenerApply() throws IOException {
    try (LiveApi live = LiveApi.start(0)) {
      SampleRun.Results r = SampleRun.of(RegisteredSample.class).dir(root).live(live).run();
      assertThat(r.statuses()).as(r.failures()).containsExactly(Map.entry("asks", "SUCCESSFUL"));
      assertThat(live.calls()).isEqualTo(1);
    }
    assertThat(recordedId(root.resolve("RegisteredSample/asks"))).startsWith("rec-");
  }
}
