package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.MockWebServerExtension;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
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
import okio.Buffer;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record against a MockWebServer standing in for the live API, then replay offline with the server
 * shut down: the client must see the same status, headers and bytes.
 */
@ExtendWith(MockWebServerExtension.class)
class RecordThenReplayTest {
  static final MediaType JSON = MediaType.get("application/json");

  @TempDir Path recordings;
  MockWebServer live;

  @BeforeEach
  void start(MockWebServer live) {
    this.live = live;
  }

  OkHttpClient client(Mode mode) {
    return new OkHttpClient.Builder()
        .addInterceptor(RecordReplayInterceptor.builder().recordings(recordings).mode(mode).build())
        .build();
  }

  Request post(String path, String json) {
    return new Request.Builder()
        .url(live.url(path))
        .header("Authorization", "Bearer test-not-a-real-key")
        .post(RequestBody.create(json, JSON))
        .build();
  }

  static String call(OkHttpClient client, Request request) throws IOException {
    try (Response r = client.newCall(request).execute()) {
      return r.code() + " " + r.header("Content-Type") + "\n" + r.body().string();
    }
  }

  /** Records one call, stops the live API, replays the same call; returns both results. */
  String[] roundTrip(Request request) throws IOException {
    String recorded = call(client(Mode.RECORD), request);
    int liveCalls = live.getRequestCount();
    live.shutdown();
    String replayed = call(client(Mode.REPLAY), request);
    assertThat(live.getRequestCount()).isEqualTo(liveCalls);
    return new String[] {recorded, replayed};
  }

  List<Path> fixtureFiles() throws IOException {
    try (Stream<Path> s = Files.walk(recordings)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
  }

  JsonNode onlyFixture() throws IOException {
    List<Path> files = fixtureFiles();
    assertThat(files).hasSize(1);
    return Json.parse(Files.readAllBytes(files.get(0)));
  }

  @Test
  void chatCompletionNotStreamed() throws IOException {
    String body =
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10}}";
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setHeader("x-request-id", "req_1")
            .setBody(body));
    String[] r =
        roundTrip(
            post(
                "/v1/chat/completions",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of France?\"}]}"));
    assertThat(r[0]).isEqualTo("200 application/json\n" + body);
    assertThat(r[1]).isEqualTo(r[0]);

    JsonNode f = onlyFixture();
    assertThat(f.at("/request/endpoint").asText()).isEqualTo("/v1/chat/completions");
    assertThat(f.at("/request/model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(f.at("/request/headers/authorization").asText()).isEqualTo("[REDACTED]");
    assertThat(f.at("/response/is_streaming").asBoolean()).isFalse();
    // Stored parsed, not as an escaped string.
    assertThat(f.at("/response/body/choices/0/message/content").asText()).isEqualTo("Paris");
    assertThat(f.at("/response/headers/x-request-id").asText()).isEqualTo("req_1");
    assertThat(f.at("/response/headers/content-length").isMissingNode()).isTrue();
  }

  @Test
  void chatCompletionStreamed() throws IOException {
    String sse =
        Sse.of(
            "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
            "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}",
            "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}",
            "[DONE]");
    live.enqueue(
        new MockResponse().setHeader("Content-Type", "text/event-stream").setChunkedBody(sse, 7));
    String[] r =
        roundTrip(
            post("/v1/chat/completions", "{\"model\":\"m\",\"stream\":true,\"messages\":[]}"));
    assertThat(r[0]).isEqualTo("200 text/event-stream\n" + sse);
    assertThat(r[1]).isEqualTo(r[0]);

    JsonNode f = onlyFixture();
    assertThat(f.at("/response/is_streaming").asBoolean()).isTrue();
    assertThat(f.at("/response/stream_format").asText()).isEqualTo("sse");
    assertThat(f.at("/response/events")).hasSize(4);
    assertThat(f.at("/response/events/1/data/choices/0/delta/content").asText()).isEqualTo("Hel");
    assertThat(f.at("/response/events/3/data").asText()).isEqualTo("[DONE]");
    assertThat(f.at("/response/events/0/t_ms").isIntegralNumber()).isTrue();
  }

  @Test
  void anthropicNamedEventsKeepEventNamesIdsAndComments() throws IOException {
    String sse =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"}}\n\n"
            + ": keep-alive\n\n"
            + "event: ping\ndata: {\"type\":\"ping\"}\n\n"
            + "event: content_block_delta\nid: 7\nretry: 3000\ndata: {\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
            + "event: note\ndata: line one\ndata: line two\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "text/event-stream; charset=utf-8")
            .setChunkedBody(sse, 11));
    String[] r =
        roundTrip(post("/v1/messages", "{\"model\":\"claude\",\"stream\":true,\"max_tokens\":5}"));
    assertThat(r[0]).isEqualTo("200 text/event-stream; charset=utf-8\n" + sse);
    assertThat(r[1]).isEqualTo(r[0]);

    JsonNode events = onlyFixture().at("/response/events");
    assertThat(events.get(0).get("event").asText()).isEqualTo("message_start");
    assertThat(events.get(1).get("comment").asText()).isEqualTo("keep-alive");
    assertThat(events.get(3).get("id").asText()).isEqualTo("7");
    assertThat(events.get(3).get("retry").asLong()).isEqualTo(3000);
    assertThat(events.get(4).get("data").asText()).isEqualTo("line one\nline two");
  }

  @Test
  void legacyCompletionStreamedLikeTheSeed() throws IOException {
    String sse =
        Sse.of(
            "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"text\":\" blue\",\"index\":0,\"finish_reason\":null}]}",
            "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"text\":\".\",\"index\":0,\"finish_reason\":\"stop\"}]}",
            "[DONE]");
    live.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sse));
    String[] r =
        roundTrip(
            post(
                "/v1/completions",
                "{\"model\":\"m\",\"prompt\":\"Roses are red, violets are\",\"max_tokens\":50,\"stream\":true}"));
    assertThat(r[1]).isEqualTo(r[0]).isEqualTo("200 text/event-stream\n" + sse);
  }

  @Test
  void ollamaNdjson() throws IOException {
    String ndjson =
        "{\"model\":\"llama3.2:3b\",\"created_at\":\"2025-01-01T00:00:00Z\",\"response\":\"Hel\",\"done\":false}\n"
            + "{\"model\":\"llama3.2:3b\",\"created_at\":\"2025-01-01T00:00:01Z\",\"response\":\"lo\",\"done\":true,\"eval_count\":2}\n";
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/x-ndjson")
            .setChunkedBody(ndjson, 13));
    String[] r =
        roundTrip(
            post("/api/generate", "{\"model\":\"llama3.2:3b\",\"prompt\":\"Hi\",\"stream\":true}"));
    assertThat(r[1]).isEqualTo(r[0]).isEqualTo("200 application/x-ndjson\n" + ndjson);
    JsonNode f = onlyFixture();
    assertThat(f.at("/response/stream_format").asText()).isEqualTo("ndjson");
    assertThat(f.at("/response/events/1/data/eval_count").asInt()).isEqualTo(2);
  }

  @Test
  void gzippedUpstreamIsRecordedDecoded() throws IOException {
    String json = "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\"},{\"id\":\"gpt-4o-mini\"}]}";
    Buffer gz = new Buffer();
    try (var sink = Okio.buffer(new GzipSink(gz))) {
      sink.writeUtf8(json);
    }
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setHeader("Content-Encoding", "gzip")
            .setBody(gz.clone()));
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setHeader("Content-Encoding", "gzip")
            .setBody(gz));
    Request get = new Request.Builder().url(live.url("/v1/models")).build();
    // OkHttp's transparent gzip and a caller that asks for gzip itself both record decoded JSON.
    String recorded = call(client(Mode.RECORD), get);
    assertThat(recorded).isEqualTo("200 application/json\n" + json);
    assertThat(onlyFixture().at("/response/body/data/1/id").asText()).isEqualTo("gpt-4o-mini");

    Request explicit = get.newBuilder().header("Accept-Encoding", "gzip").build();
    assertThat(call(client(Mode.RECORD), explicit)).isEqualTo("200 application/json\n" + json);
    assertThat(onlyFixture().at("/response/body/data/0/id").asText()).isEqualTo("gpt-4o");
    live.shutdown();
    assertThat(call(client(Mode.REPLAY), get)).isEqualTo(recorded);
  }

  @Test
  void rateLimitErrorIsRecordedAndReplayedFaithfully() throws IOException {
    String err =
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";
    live.enqueue(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Content-Type", "application/json")
            .setHeader("retry-after", "20")
            .setBody(err));
    Request req = post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[]}");
    call(client(Mode.RECORD), req);
    live.shutdown();
    try (Response r = client(Mode.REPLAY).newCall(req).execute()) {
      assertThat(r.code()).isEqualTo(429);
      assertThat(r.header("retry-after")).isEqualTo("20");
      assertThat(r.body().string()).isEqualTo(err);
    }
  }

  @Test
  void binaryBodyIsStoredAsBase64AndReplayedByteForByte() throws IOException {
    byte[] audio = new byte[256];
    for (int i = 0; i < audio.length; i++) audio[i] = (byte) (255 - i);
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "audio/mpeg")
            .setBody(new Buffer().write(audio)));
    Request req =
        post("/v1/audio/speech", "{\"model\":\"tts-1\",\"input\":\"hi\",\"voice\":\"alloy\"}");
    try (Response r = client(Mode.RECORD).newCall(req).execute()) {
      assertThat(r.body().bytes()).isEqualTo(audio);
    }
    assertThat(onlyFixture().at("/response/body_base64").asText()).isNotEmpty();
    live.shutdown();
    try (Response r = client(Mode.REPLAY).newCall(req).execute()) {
      assertThat(r.header("Content-Type")).isEqualTo("audio/mpeg");
      assertThat(r.body().bytes()).isEqualTo(audio);
    }
  }

  @Test
  void textBodyIsStoredAsText() throws IOException {
    live.enqueue(new MockResponse().setHeader("Content-Type", "text/plain").setBody("pong"));
    Request req = new Request.Builder().url(live.url("/health")).build();
    String[] r = roundTrip(req);
    assertThat(r[1]).isEqualTo(r[0]).isEqualTo("200 text/plain\npong");
    assertThat(onlyFixture().at("/response/body_text").asText()).isEqualTo("pong");
  }

  @Test
  void recordMissingReplaysWhatIsRecordedAndRecordsTheRest() throws IOException {
    live.enqueue(
        new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"n\":1}"));
    live.enqueue(
        new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"n\":2}"));
    OkHttpClient client = client(Mode.RECORD_MISSING);
    Request a = post("/v1/embeddings", "{\"input\":\"a\"}");
    Request b = post("/v1/embeddings", "{\"input\":\"b\"}");
    assertThat(call(client, a)).endsWith("{\"n\":1}");
    assertThat(call(client, a)).endsWith("{\"n\":1}");
    assertThat(call(client, b)).endsWith("{\"n\":2}");
    assertThat(live.getRequestCount()).isEqualTo(2);
    assertThat(fixtureFiles()).hasSize(2);
  }

  @Test
  void recordOverwritesAndRepeatedRequestsReplayInRecordedOrder() throws IOException {
    Request req =
        post("/v1/chat/completions", "{\"model\":\"m\",\"temperature\":1.0,\"messages\":[]}");
    live.enqueue(
        new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"old\":true}"));
    call(client(Mode.RECORD), req);
    for (int i = 1; i <= 2; i++) {
      live.enqueue(
          new MockResponse()
              .setHeader("Content-Type", "application/json")
              .setBody("{\"sample\":" + i + "}"));
    }
    OkHttpClient recorder = client(Mode.RECORD);
    call(recorder, req);
    call(recorder, req);
    JsonNode f = onlyFixture();
    assertThat(f.get("responses")).hasSize(2);
    assertThat(f.at("/responses/0/body/sample").asInt()).isEqualTo(1);

    OkHttpClient replay = client(Mode.REPLAY);
    assertThat(call(replay, req)).endsWith("{\"sample\":1}");
    assertThat(call(replay, req)).endsWith("{\"sample\":2}");
    assertThat(call(replay, req)).endsWith("{\"sample\":2}");
  }

  @Test
  void liveModePassesThroughAndWritesNothing() throws IOException {
    live.enqueue(new MockResponse().setBody("live"));
    assertThat(call(client(Mode.LIVE), post("/v1/x", "{}"))).endsWith("live");
    assertThat(fixtureFiles()).isEmpty();
  }

  @Test
  void replayMissThrowsFixtureNotFoundAndNeverCallsTheNetwork() {
    OkHttpClient client = client(Mode.REPLAY);
    assertThatThrownBy(() -> call(client, post("/v1/chat/completions", "{\"model\":\"m\"}")))
        .isInstanceOf(FixtureNotFoundException.class)
        .hasMessageContaining("POST /v1/chat/completions")
        .hasMessageContaining(recordings.toAbsolutePath().normalize().toString())
        .hasMessageContaining("record-missing");
    assertThat(live.getRequestCount()).isZero();
  }

  @Test
  void nonJsonAndScalarRequestBodiesRecordAndReplay() throws IOException {
    String[][] cases = {
      {"42", "application/json"},
      {"\"just a string\"", "application/json"},
      {"grant_type=client_credentials&scope=a+b", "application/x-www-form-urlencoded"},
    };
    for (int i = 0; i < cases.length; i++) {
      live.enqueue(
          new MockResponse().setHeader("Content-Type", "text/plain").setBody("answer " + i));
    }
    OkHttpClient recorder = client(Mode.RECORD);
    for (String[] c : cases) {
      Request r =
          new Request.Builder()
              .url(live.url("/v1/x"))
              .post(RequestBody.create(c[0], MediaType.get(c[1])))
              .build();
      call(recorder, r);
    }
    assertThat(fixtureFiles()).hasSize(3);
    live.shutdown();
    OkHttpClient replay = client(Mode.REPLAY);
    for (int i = 0; i < cases.length; i++) {
      Request r =
          new Request.Builder()
              .url("http://127.0.0.1:9/v1/x")
              .post(RequestBody.create(cases[i][0], MediaType.get(cases[i][1])))
              .build();
      assertThat(call(replay, r)).isEqualTo("200 text/plain\nanswer " + i);
    }
  }
}
