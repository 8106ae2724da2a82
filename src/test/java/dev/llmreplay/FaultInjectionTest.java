package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.JsonFiles;
import dev.llmreplay.testing.Seed;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Faults on the interceptor route: real OkHttp clients over the seed and recorded fixtures. */
class FaultInjectionTest {
  static final MediaType JSON = MediaType.get("application/json");
  static final String NOWHERE = "http://127.0.0.1:9";

  @TempDir Path dir;

  static OkHttpClient client(RecordReplayInterceptor interceptor, Duration readTimeout) {
    return new OkHttpClient.Builder().readTimeout(readTimeout).addInterceptor(interceptor).build();
  }

  OkHttpClient replaying(String faults) {
    return client(
        RecordReplayInterceptor.builder().recordings(dir).faults(faults).build(),
        Duration.ofSeconds(10));
  }

  static Request post(String url, String body) {
    return new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
  }

  static Request seedRequest() {
    return post(NOWHERE + "/v1/completions", Seed.BODY);
  }

  /** Reads SSE data lines until the body ends or fails; the failure, if any, is returned. */
  record Read(List<String> data, Throwable failure) {}

  static Read readEvents(Response response) {
    List<String> data = new ArrayList<>();
    BufferedSource source = response.body().source();
    try {
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (line.startsWith("data: ")) data.add(line.substring(6));
      }
      return new Read(data, null);
    } catch (IOException e) {
      return new Read(data, e);
    }
  }

  // ---------------------------------------------------------------- streams

  @Test
  void cutAfterDeliversTheFirstEventsThenTheBodyFails() throws IOException {
    Seed.copyInto(dir);
    try (Response r = replaying("cut-after=10").newCall(seedRequest()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      Read read = readEvents(r);
      assertThat(read.data()).hasSize(10).doesNotContain("[DONE]");
      assertThat(read.failure())
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("llm-replay injected fault cut-after=10 (call 1) after 10 events");
    }
  }

  @Test
  void eofAfterEndsCleanlyWithoutTheTerminalEvent() throws IOException {
    Seed.copyInto(dir);
    OkHttpClient client = replaying("eof-after=10@call=1;eof-after=500@call=2");
    try (Response r = client.newCall(seedRequest()).execute()) {
      assertThat(Sse.dataLines(r.body().string())).hasSize(10).doesNotContain("[DONE]");
    }
    // More than the stream holds: every chunk, still without [DONE].
    try (Response r = client.newCall(seedRequest()).execute()) {
      assertThat(Sse.dataLines(r.body().string())).hasSize(50).doesNotContain("[DONE]");
    }
    try (Response r = client.newCall(seedRequest()).execute()) {
      assertThat(Sse.dataLines(r.body().string())).hasSize(51).endsWith("[DONE]");
    }
  }

  @Test
  void errorEventAfterSendsTheOpenAiStyleErrorThenEnds() throws IOException {
    Seed.copyInto(dir);
    try (Response r = replaying("error-event-after=3").newCall(seedRequest()).execute()) {
      List<String> data = Sse.dataLines(r.body().string());
      assertThat(data).hasSize(4);
      JsonNode error = Json.parse(data.get(3).getBytes());
      assertThat(error.at("/error/type").asText()).isEqualTo("server_error");
      assertThat(error.at("/error/message").asText())
          .startsWith("llm-replay injected fault: error-event-after=3 (call 1)");
    }
  }

  @Test
  void aStallLongerThanTheReadTimeoutTimesTheClientOut() throws IOException {
    Seed.copyInto(dir);
    OkHttpClient client =
        client(
            RecordReplayInterceptor.builder().recordings(dir).faults("stall-after=2:5s").build(),
            Duration.ofSeconds(1));
    try (Response r = client.newCall(seedRequest()).execute()) {
      Read read = readEvents(r);
      assertThat(read.data()).hasSize(2);
      assertThat(read.failure())
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("stall-after=2:5s");
    }
  }

  @Test
  void aShortStallOnlyHoldsTheRestBack() throws IOException {
    Seed.copyInto(dir);
    try (Response r = replaying("stall-after=2:50ms").newCall(seedRequest()).execute()) {
      assertThat(Sse.dataLines(r.body().string())).hasSize(51).endsWith("[DONE]");
    }
  }

  @Test
  void aDelayLongerThanTheReadTimeoutFailsTheCall() throws IOException {
    Seed.copyInto(dir);
    OkHttpClient client =
        client(
            RecordReplayInterceptor.builder().recordings(dir).faults("delay=5s").build(),
            Duration.ofSeconds(1));
    assertThatThrownBy(() -> client.newCall(seedRequest()).execute())
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessageContaining("delay=5s");
  }

  @Test
  void anOllamaStreamGetsItsErrorLine() throws IOException {
    String lines =
        "{\"message\":{\"content\":\"Ro\"},\"done\":false}\n"
            + "{\"message\":{\"content\":\"ses\"},\"done\":false}\n"
            + "{\"message\":{\"content\":\"\"},\"done\":true}\n";
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.enqueue(
          new MockResponse().setHeader("Content-Type", "application/x-ndjson").setBody(lines));
      upstream.start();
      OkHttpClient recording =
          client(
              RecordReplayInterceptor.builder().recordings(dir).mode(Mode.RECORD).build(),
              Duration.ofSeconds(10));
      try (Response r =
          recording.newCall(post(upstream.url("/api/chat").toString(), "{}")).execute()) {
        assertThat(r.body().string()).isEqualTo(lines);
      }
    }
    try (Response r =
        replaying("error-event-after=2").newCall(post(NOWHERE + "/api/chat", "{}")).execute()) {
      String[] got = r.body().string().split("\n");
      assertThat(got).hasSize(3);
      assertThat(Json.parse(got[2].getBytes()).path("error").asText())
          .isEqualTo("llm-replay injected fault: error-event-after=2 (call 1)");
    }
    try (Response r =
        replaying("eof-after=9").newCall(post(NOWHERE + "/api/chat", "{}")).execute()) {
      assertThat(r.body().string()).doesNotContain("\"done\":true").contains("ses");
    }
  }

  // ---------------------------------------------------------------- statuses

  /** Records one JSON answer for {@code path} and returns the request that replays it. */
  Request recordJson(String path, String requestBody, String responseBody) throws IOException {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.enqueue(
          new MockResponse().setHeader("Content-Type", "application/json").setBody(responseBody));
      upstream.start();
      OkHttpClient recording =
          client(
              RecordReplayInterceptor.builder().recordings(dir).mode(Mode.RECORD).build(),
              Duration.ofSeconds(10));
      try (Response r =
          recording.newCall(post(upstream.url(path).toString(), requestBody)).execute()) {
        assertThat(r.body().string()).isEqualTo(responseBody);
      }
    }
    return post(NOWHERE + path, requestBody);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/v1/chat/completions|/error/type|requests",
        "/v1/messages|/error/type|rate_limit_error",
        "/api/chat|/error|llm-replay injected fault: status=429,retry-after=3 (call 1)",
        "/v1beta/models/gemini-2.0-flash:generateContent|/error/status|RESOURCE_EXHAUSTED",
      })
  void statusAnswersInTheProvidersShape(String path, String pointer, String expected)
      throws IOException {
    Request request = recordJson(path, "{\"model\":\"m\"}", "{\"ok\":true}");
    try (Response r = replaying("status=429,retry-after=3").newCall(request).execute()) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.message()).isEqualTo("Too Many Requests");
      assertThat(r.header("retry-after")).isEqualTo("3");
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      JsonNode body = Json.parse(r.body().bytes());
      assertThat(body.at(pointer).asText()).isEqualTo(expected);
      assertThat(body.toString()).contains("llm-replay injected fault: status=429,retry-after=3");
    }
  }

  @Test
  void anthropicStatusesUseAnthropicsErrorTypes() throws IOException {
    Request request = recordJson("/v1/messages", "{\"model\":\"claude\"}", "{\"ok\":true}");
    OkHttpClient client = replaying("status=529@call=1;status=500@call=2;status=401@call=3");
    List<String> types = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      try (Response r = client.newCall(request).execute()) {
        JsonNode body = Json.parse(r.body().bytes());
        assertThat(body.path("type").asText()).isEqualTo("error");
        types.add(r.code() + " " + body.at("/error/type").asText());
      }
    }
    assertThat(types)
        .containsExactly("529 overloaded_error", "500 api_error", "401 authentication_error");
  }

  @Test
  void aWholeBodyIsCutAfterNBytes() throws IOException {
    String answer = "{\"choices\":[{\"message\":{\"content\":\"Roses are red\"}}]}";
    Request request = recordJson("/v1/chat/completions", "{\"model\":\"m\"}", answer);
    try (Response r = replaying("cut-after=10").newCall(request).execute()) {
      BufferedSource source = r.body().source();
      Throwable t = catchThrowable(() -> source.readUtf8());
      assertThat(t).isInstanceOf(SocketException.class).hasMessageContaining("after 10 bytes");
      assertThat(source.getBuffer().readUtf8()).isEqualTo(answer.substring(0, 10));
    }
    try (Response r = replaying("eof-after=10").newCall(request).execute()) {
      assertThat(r.body().string()).isEqualTo(answer.substring(0, 10));
    }
    // error-event-after on a body that is not a stream: the provider's error status instead.
    try (Response r = replaying("error-event-after=3").newCall(request).execute()) {
      assertThat(r.code()).isEqualTo(500);
      assertThat(Json.parse(r.body().bytes()).at("/error/type").asText()).isEqualTo("server_error");
    }
  }

  // ---------------------------------------------------------------- scopes

  /** For each of {@code calls} calls of the seed, whether it was faulted (a 503). */
  static List<Boolean> faultedCalls(OkHttpClient client, int calls) throws IOException {
    List<Boolean> out = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      try (Response r = client.newCall(seedRequest()).execute()) {
        out.add(r.code() == 503);
      }
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "status=503@first=2|true,true,false,false,false,false",
        "status=503@call=3|false,false,true,false,false,false",
        "status=503@every=2|false,true,false,true,false,true",
        "status=503|true,true,true,true,true,true",
        "status=503@path=/v1/completions@first=1|true,false,false,false,false,false",
        "status=503@path=/v1/chat|false,false,false,false,false,false",
      })
  void scopesCountTheCallsOfEachKey(String spec, String expected) throws IOException {
    Seed.copyInto(dir);
    List<Boolean> want = new ArrayList<>();
    for (String s : expected.split(",")) want.add(Boolean.parseBoolean(s));
    assertThat(faultedCalls(replaying(spec), 6)).isEqualTo(want);
  }

  @Test
  void eachInterceptorCountsItsOwnCalls() throws IOException {
    Seed.copyInto(dir);
    assertThat(faultedCalls(replaying("status=503@first=1"), 2)).containsExactly(true, false);
    assertThat(faultedCalls(replaying("status=503@first=1"), 2)).containsExactly(true, false);
  }

  @Test
  void rateIsTheSameSequenceInEveryRun() throws IOException {
    Seed.copyInto(dir);
    List<Boolean> first = faultedCalls(replaying("status=503@rate=0.3:42"), 40);
    List<Boolean> second = faultedCalls(replaying("status=503@rate=0.3:42"), 40);
    assertThat(second).isEqualTo(first);
    long faulted = first.stream().filter(b -> b).count();
    assertThat(faulted).isBetween(4L, 20L);
    assertThat(faultedCalls(replaying("status=503@rate=0.3:7"), 40)).isNotEqualTo(first);
    assertThat(faultedCalls(replaying("status=503@rate=0:42"), 10)).doesNotContain(true);
    assertThat(faultedCalls(replaying("status=503@rate=1:42"), 10)).doesNotContain(false);
  }

  // ---------------------------------------------------------------- a fixture's own faults

  @Test
  void aFixtureCarriesFaultsThatComeBeforeTheConfiguredOnes() throws IOException {
    Path seed = Seed.copyInto(dir);
    JsonFiles.put(seed, "faults", "cut-after=3@first=1");
    String before = Files.readString(seed);
    try (Response r = replaying("none").newCall(seedRequest()).execute()) {
      assertThat(readEvents(r).data()).hasSize(3);
    }
    OkHttpClient client = replaying("eof-after=5");
    try (Response r = client.newCall(seedRequest()).execute()) {
      Read read = readEvents(r);
      assertThat(read.data()).hasSize(3); // the fixture's rule wins on call 1
      assertThat(read.failure()).hasMessageContaining("cut-after=3@first=1");
    }
    try (Response r = client.newCall(seedRequest()).execute()) {
      Read read = readEvents(r);
      assertThat(read.data()).hasSize(5); // then the configured one
      assertThat(read.failure()).isNull();
    }
    assertThat(Files.readString(seed)).isEqualTo(before);
  }

  // ---------------------------------------------------------------- recording

  static final String STREAM =
      Sse.of(
          "{\"choices\":[{\"delta\":{\"content\":\"Roses\"}}]}",
          "{\"choices\":[{\"delta\":{\"content\":\" are\"}}]}",
          "{\"choices\":[{\"delta\":{\"content\":\" red\"}}]}",
          "{\"choices\":[{\"delta\":{\"content\":\",\"}}]}",
          "{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}",
          "[DONE]");

  @Test
  void recordingHandsTheClientTheFaultAndWritesTheWholeStream() throws IOException {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.enqueue(
          new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(STREAM));
      upstream.enqueue(
          new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(STREAM));
      upstream.start();
      RecordReplayInterceptor recording =
          RecordReplayInterceptor.builder()
              .recordings(dir)
              .mode(Mode.RECORD)
              .faults("cut-after=2@call=1;status=500@call=2")
              .build();
      OkHttpClient client = client(recording, Duration.ofSeconds(10));
      Request request = post(upstream.url("/v1/chat/completions").toString(), "{\"stream\":true}");
      try (Response r = client.newCall(request).execute()) {
        Read read = readEvents(r);
        assertThat(read.data()).hasSize(2);
        assertThat(read.failure()).isInstanceOf(SocketException.class);
      }
      try (Response r = client.newCall(request).execute()) {
        assertThat(r.code()).isEqualTo(500);
      }
      assertThat(upstream.getRequestCount()).isEqualTo(2);
    }
    // Both calls were recorded whole, as the upstream sent them.
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(1);
    }
    OkHttpClient replay = replaying("none");
    for (int i = 0; i < 2; i++) {
      try (Response r =
          replay.newCall(post(NOWHERE + "/v1/chat/completions", "{\"stream\":true}")).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(Sse.dataLines(r.body().string())).hasSize(6).endsWith("[DONE]");
      }
    }
  }

  @Test
  void liveModeGetsTheFaultsToo() throws IOException {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.enqueue(
          new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(STREAM));
      upstream.start();
      OkHttpClient client =
          client(
              RecordReplayInterceptor.builder()
                  .recordings(dir)
                  .mode(Mode.LIVE)
                  .faults("eof-after=4")
                  .build(),
              Duration.ofSeconds(10));
      Request request = post(upstream.url("/v1/chat/completions").toString(), "{\"stream\":true}");
      try (Response r = client.newCall(request).execute()) {
        assertThat(Sse.dataLines(r.body().string())).hasSize(4).doesNotContain("[DONE]");
      }
    }
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isZero();
    }
  }
}
