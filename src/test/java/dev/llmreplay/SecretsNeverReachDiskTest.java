package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmreplay.testing.MockWebServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A canary key sent in each place a key can travel never reaches the disk. */
@ExtendWith(MockWebServerExtension.class)
class SecretsNeverReachDiskTest {
  static final String OPENAI = "sk-proj-CANARYcanary0123456789abcdefABCDEF";
  static final String ANTHROPIC = "sk-ant-api03-CANARYcanary0123456789abcdef";
  static final String GOOGLE = "AIzaSyCANARYcanary0123456789abcdefghijk";
  static final String COOKIE = "session=CANARY-cookie-value";

  @TempDir Path recordings;
  MockWebServer live;

  @BeforeEach
  void start(MockWebServer live) {
    this.live = live;
  }

  OkHttpClient client(RecordReplayInterceptor interceptor) {
    return new OkHttpClient.Builder().addInterceptor(interceptor).build();
  }

  RecordReplayInterceptor.Builder recorder() {
    return RecordReplayInterceptor.builder().recordings(recordings).mode(Mode.RECORD);
  }

  String allFixtureText() throws IOException {
    if (!Files.exists(recordings)) return "";
    try (Stream<Path> s = Files.walk(recordings)) {
      List<Path> files = s.filter(Files::isRegularFile).collect(Collectors.toList());
      StringBuilder sb = new StringBuilder();
      for (Path p : files) sb.append(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
      return sb.toString();
    }
  }

  @Test
  void headersAndQueryKeysAreRedactedAndStillReplay() throws IOException {
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setHeader("Set-Cookie", COOKIE)
            .setBody("{\"ok\":true}"));
    Request request =
        new Request.Builder()
            .url(live.url("/v1beta/models/gemini:generateContent?key=" + GOOGLE + "&alt=json"))
            .header("Authorization", "Bearer " + OPENAI)
            .header("x-api-key", ANTHROPIC)
            .header("api-key", OPENAI)
            .header("x-goog-api-key", GOOGLE)
            .header("Proxy-Authorization", "Basic " + OPENAI)
            .header("Cookie", COOKIE)
            .post(RequestBody.create("{\"contents\":[]}", MediaType.get("application/json")))
            .build();
    try (Response r = client(recorder().build()).newCall(request).execute()) {
      assertThat(r.body().string()).isEqualTo("{\"ok\":true}");
    }
    String disk = allFixtureText();
    assertThat(disk).contains("[REDACTED]").contains("alt=json");
    for (String canary : List.of(OPENAI, ANTHROPIC, GOOGLE, "CANARY")) {
      assertThat(disk).doesNotContain(canary);
    }
    // The redacted query value does not take part in the key: the same call replays.
    live.shutdown();
    OkHttpClient replay = client(RecordReplayInterceptor.builder().recordings(recordings).build());
    try (Response r = replay.newCall(request).execute()) {
      assertThat(r.body().string()).isEqualTo("{\"ok\":true}");
    }
  }

  @Test
  void aKeyInTheRequestBodyRefusesTheWrite() throws IOException {
    live.enqueue(
        new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"ok\":true}"));
    Request request =
        new Request.Builder()
            .url(live.url("/v1/chat/completions"))
            .post(
                RequestBody.create(
                    "{\"model\":\"m\",\"metadata\":{\"note\":\"" + OPENAI + "\"}}",
                    MediaType.get("application/json")))
            .build();
    assertThatThrownBy(
            () -> {
              try (Response r = client(recorder().build()).newCall(request).execute()) {
                r.body().string();
              }
            })
        .isInstanceOf(SecretFoundException.class)
        .hasMessageContaining("/request/body/metadata/note")
        .hasMessageNotContaining(OPENAI);
    assertThat(allFixtureText()).isEmpty();
  }

  @Test
  void aKeyInAStreamedResponseRefusesTheWrite() throws IOException {
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "text/event-stream")
            .setBody("data: {\"text\":\"your key is " + ANTHROPIC + "\"}\n\ndata: [DONE]\n\n"));
    Request request =
        new Request.Builder()
            .url(live.url("/v1/completions"))
            .post(
                RequestBody.create(
                    "{\"model\":\"m\",\"stream\":true}", MediaType.get("application/json")))
            .build();
    assertThatThrownBy(
            () -> {
              try (Response r = client(recorder().build()).newCall(request).execute()) {
                r.body().string();
              }
            })
        .isInstanceOf(SecretFoundException.class)
        .hasMessageContaining("/response/events/0/data/text");
    assertThat(allFixtureText()).doesNotContain("CANARY");
  }

  @Test
  void aRedactedBodyFieldIsBlankedAndLeftOutOfTheKey() throws IOException {
    live.enqueue(
        new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"ok\":1}"));
    RecordReplayInterceptor interceptor =
        recorder()
            .redactor(dev.llmreplay.Redactor.builder().redactBodyField("/api_key").build())
            .build();
    Request request =
        new Request.Builder()
            .url(live.url("/v1/x"))
            .post(
                RequestBody.create(
                    "{\"api_key\":\"" + OPENAI + "\",\"q\":1}", MediaType.get("application/json")))
            .build();
    try (Response r = client(interceptor).newCall(request).execute()) {
      r.body().string();
    }
    assertThat(allFixtureText()).doesNotContain(OPENAI).contains("\"api_key\": \"[REDACTED]\"");
    live.shutdown();
    try (Response r =
        client(interceptor.newBuilder().mode(Mode.REPLAY).build()).newCall(request).execute()) {
      assertThat(r.body().string()).isEqualTo("{\"ok\":1}");
    }
  }
}
