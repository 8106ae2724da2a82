package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.testing.MockWebServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings only the JUnit extension gives an interceptor (through the internal facade):
 * fallback directories read after its own, top-level-only listing, and the test named in miss
 * reports.
 */
class FallbackRecordingsTest {
  static final String BODY = "{\"model\":\"m\",\"prompt\":\"hi\"}";

  @TempDir Path tmp;

  /** Records {@code answer} for BODY into {@code dir}; returns the fixture file. */
  Path record(Path dir, String answer) throws IOException {
    try (MockWebServer live = MockWebServerExtension.start()) {
      live.enqueue(new MockResponse().setHeader("Content-Type", "text/plain").setBody(answer));
      RecordReplayInterceptor interceptor =
          RecordReplayInterceptor.builder().recordings(dir).mode(Mode.RECORD).build();
      assertThat(call(interceptor, live.url("/v1/completions").toString())).isEqualTo(answer);
      return Access.replayer(interceptor).store().entries().get(0).file();
    }
  }

  static String call(RecordReplayInterceptor interceptor, String url) throws IOException {
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(interceptor).build();
    Request request =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create(BODY, MediaType.get("application/json")))
            .build();
    try (Response r = client.newCall(request).execute()) {
      return r.body().string();
    }
  }

  ReplaySettings.Builder replaying(Path own, Path... fallbacks) {
    return ReplaySettings.builder()
        .recordings(own)
        .fallbackRecordings(List.of(fallbacks))
        .searchSubdirectories(false)
        .testName("com.x.FooTest#bar()");
  }

  @Test
  void theOwnDirectoryComesFirstThenEachFallbackInOrder() throws IOException {
    Path own = tmp.resolve("root/Foo/bar");
    Path classDir = tmp.resolve("root/Foo");
    Path root = tmp.resolve("root");
    String url = "http://127.0.0.1:9/v1/completions";
    record(root, "from root");
    assertThat(call(Access.interceptor(replaying(own, classDir, root).build()), url))
        .isEqualTo("from root");
    record(classDir, "from class");
    assertThat(call(Access.interceptor(replaying(own, classDir, root).build()), url))
        .isEqualTo("from class");
    record(own, "own");
    RecordReplayInterceptor interceptor =
        Access.interceptor(replaying(own, classDir, root).build());
    assertThat(call(interceptor, url)).isEqualTo("own");
    // A copy keeps the fallbacks.
    assertThat(Access.replayer(interceptor.newBuilder().build()).settings().fallbackRecordings())
        .containsExactly(classDir, root);
  }

  @Test
  void withoutSubdirectoriesASiblingsFixtureIsNotFoundAndTheMissNamesTheTest() throws IOException {
    Path sibling = record(tmp.resolve("root/Foo/other"), "sibling's");
    RecordReplayInterceptor interceptor =
        Access.interceptor(
            replaying(tmp.resolve("root/Foo/bar"), tmp.resolve("root/Foo"), tmp.resolve("root"))
                .build());
    assertThatThrownBy(() -> call(interceptor, "http://127.0.0.1:9/v1/completions"))
        .isInstanceOf(FixtureNotFoundException.class)
        .hasMessageContaining(
            "  recordings  "
                + tmp.resolve("root/Foo/bar")
                + " (then "
                + tmp.resolve("root/Foo")
                + ", "
                + tmp.resolve("root")
                + ")\n  test        com.x.FooTest#bar()\n");
    // The recursive default finds it.
    assertThat(
            call(
                RecordReplayInterceptor.builder().recordings(tmp.resolve("root")).build(),
                "http://127.0.0.1:9/v1/completions"))
        .isEqualTo("sibling's");
    assertThat(Files.exists(sibling)).isTrue();
  }

  @Test
  void recordingWritesIntoTheOwnDirectoryOnly() throws IOException {
    Path own = tmp.resolve("root/Foo/bar");
    try (MockWebServer live = MockWebServerExtension.start()) {
      live.enqueue(new MockResponse().setHeader("Content-Type", "text/plain").setBody("live"));
      RecordReplayInterceptor interceptor =
          Access.interceptor(
              replaying(own, tmp.resolve("root/Foo"), tmp.resolve("root"))
                  .mode(Mode.RECORD_MISSING)
                  .build());
      assertThat(call(interceptor, live.url("/v1/completions").toString())).isEqualTo("live");
    }
    try (var files = Files.walk(tmp)) {
      assertThat(files.filter(Files::isRegularFile))
          .singleElement()
          .satisfies(f -> assertThat(f.getParent()).isEqualTo(own));
    }
  }
}
