package dev.llmreplay.internal.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.llmreplay.KeyRules;
import dev.llmreplay.Redactor;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.fixture.VolatileFields;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import okio.BufferedSource;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one capture path, over real OkHttp calls to a server on 127.0.0.1. */
class ResponseCaptureTest {
  static final String CHAT = "{\"model\":\"m\",\"stream\":true}";

  MockWebServer live;
  final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
  final ResponseCapture capture =
      new ResponseCapture(Access.bridge().redaction(Redactor.defaults()), false);

  @BeforeEach
  void start() throws IOException {
    live = new MockWebServer();
    live.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() throws IOException {
    live.shutdown();
  }

  /** What one capture handed over. */
  static final class Outcomes implements ResponseCapture.Outcome {
    final List<RecordedResponse> completed = new ArrayList<>();
    final List<IOException> failed = new ArrayList<>();

    @Override
    public void completed(RecordedResponse response) {
      completed.add(response);
    }

    @Override
    public void failed(IOException e) {
      failed.add(e);
    }
  }

  Request post(String url) {
    return new Request.Builder()
        .url(url)
        .post(RequestBody.create(CHAT, MediaType.get("application/json")))
        .build();
  }

  Response teed(Request request, Outcomes outcomes) throws IOException {
    return capture.tee(
        client.newCall(request).execute(), System.nanoTime(), "ab".repeat(32), outcomes);
  }

  static List<String> data(RecordedResponse r) {
    return r.events().stream().map(StreamEvent::data).toList();
  }

  @Test
  void eachChunkReachesTheReaderBeforeTheUpstreamHasSentTheNext() throws Exception {
    // The upstream sends the second event only once the reader has seen the first: a capture
    // that buffered the body would never let it, and the upstream says so in its second event.
    CountDownLatch firstSeen = new CountDownLatch(1);
    AtomicBoolean waitedInVain = new AtomicBoolean();
    HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(Sse.of("one").getBytes(StandardCharsets.UTF_8));
            out.flush();
            boolean seen = firstSeen.await(15, TimeUnit.SECONDS);
            waitedInVain.set(!seen);
            out.write(Sse.of(seen ? "two" : "unseen", "[DONE]").getBytes(StandardCharsets.UTF_8));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    upstream.start();
    Outcomes outcomes = new Outcomes();
    try (Response r =
        teed(post("http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1/chat"), outcomes)) {
      BufferedSource body = r.body().source();
      assertThat(body.readUtf8Line()).isEqualTo("data: one");
      assertThat(outcomes.completed).as("not complete while the stream runs").isEmpty();
      firstSeen.countDown();
      assertThat(Sse.dataLines(body.readUtf8())).containsExactly("two", "[DONE]");
    } finally {
      upstream.stop(0);
    }
    assertThat(waitedInVain).isFalse();
    assertThat(outcomes.completed).hasSize(1);
    assertThat(data(outcomes.completed.get(0))).containsExactly("one", "two", "[DONE]");
    assertThat(outcomes.failed).isEmpty();
  }

  @Test
  void aGzipBodyTheCallerAskedForItselfIsDecodedForTheReaderAndTheRecording() throws IOException {
    String json = "{\"id\":\"chatcmpl-1\",\"choices\":[]}";
    Buffer gzipped = new Buffer();
    try (var sink = Okio.buffer(new GzipSink(gzipped))) {
      sink.writeUtf8(json);
    }
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setHeader("Content-Encoding", "gzip")
            .setBody(gzipped));
    Outcomes outcomes = new Outcomes();
    // Asking for gzip explicitly stops OkHttp from decoding it: the capture must.
    Request request =
        post(live.url("/v1/chat").toString())
            .newBuilder()
            .header("Accept-Encoding", "gzip")
            .build();
    try (Response r = teed(request, outcomes)) {
      assertThat(r.header("Content-Encoding")).isNull();
      assertThat(r.header("Content-Length")).isNull();
      assertThat(r.body().contentLength()).isEqualTo(-1);
      assertThat(r.body().string()).isEqualTo(json);
    }
    RecordedResponse recorded = outcomes.completed.get(0);
    assertThat(recorded.body().json().get("id").asText()).isEqualTo("chatcmpl-1");
    assertThat(recorded.headers().asMap()).doesNotContainKeys("content-encoding", "content-length");
  }

  @Test
  void aStreamCutShortRecordsNothingAndTheReaderSeesTheError() throws IOException {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 300; i++) big.append(Sse.of("{\"n\":" + i + "}"));
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "text/event-stream")
            .setBody(big.toString())
            .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    Outcomes outcomes = new Outcomes();
    assertThatThrownBy(
            () -> {
              try (Response r = teed(post(live.url("/v1/chat").toString()), outcomes)) {
                r.body().string();
              }
            })
        .isInstanceOf(IOException.class);
    assertThat(outcomes.completed).isEmpty();
    assertThat(outcomes.failed).hasSize(1);
  }

  @Test
  void aReaderThatClosesEarlyStillGetsTheWholeStreamRecorded() throws IOException {
    String[] events = new String[40];
    for (int i = 0; i < events.length; i++) events[i] = "{\"n\":" + i + "}";
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "text/event-stream")
            .setChunkedBody(Sse.of(events), 64));
    Outcomes outcomes = new Outcomes();
    try (Response r = teed(post(live.url("/v1/chat").toString()), outcomes)) {
      assertThat(r.body().source().readUtf8Line()).isEqualTo("data: " + events[0]);
    }
    assertThat(outcomes.completed).hasSize(1);
    assertThat(data(outcomes.completed.get(0))).containsExactly(events);
  }

  @Test
  void recordedHeadersFollowTheHeaderPolicyAndTheRedactor() throws IOException {
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setHeader("Set-Cookie", "session=s3cr3t")
            .setHeader("X-Request-Id", "req-1")
            .setHeader("Keep-Alive", "timeout=5")
            .setHeader("Connection", "keep-alive, X-Hop")
            .setHeader("X-Hop", "this connection only")
            .setBody("{\"ok\":true}"));
    Outcomes outcomes = new Outcomes();
    try (Response r = teed(post(live.url("/v1/chat").toString()), outcomes)) {
      // The reader gets the response as sent; only the recording drops and redacts.
      assertThat(r.header("X-Hop")).isEqualTo("this connection only");
      assertThat(r.header("Set-Cookie")).isEqualTo("session=s3cr3t");
      r.body().string();
    }
    assertThat(outcomes.completed.get(0).headers().asMap())
        .containsOnlyKeys("content-type", "set-cookie", "x-request-id")
        .containsEntry("set-cookie", List.of(Redactor.REDACTED));
  }

  @Test
  void normalizationChangesTheRecordingNotWhatTheReaderSees() throws IOException {
    String json =
        "{\"id\":\"chatcmpl-live\",\"object\":\"chat.completion\",\"created\":1700000000}";
    live.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(json));
    ResponseCapture normalizing =
        new ResponseCapture(Access.bridge().redaction(Redactor.defaults()), true);
    Outcomes outcomes = new Outcomes();
    String hash = "cd".repeat(32);
    try (Response r =
        normalizing.tee(
            client.newCall(post(live.url("/v1/chat").toString())).execute(),
            System.nanoTime(),
            hash,
            outcomes)) {
      assertThat(r.body().string()).isEqualTo(json);
    }
    RecordedResponse recorded = outcomes.completed.get(0);
    assertThat(recorded.body().json().get("id").asText())
        .isEqualTo(VolatileFields.recordedId(hash));
    assertThat(recorded.body().json().get("created").asLong()).isZero();
  }

  @Test
  void anOutcomeThatFailsToWriteReachesTheReader() throws IOException {
    live.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("{}"));
    Response r =
        capture.tee(
            client.newCall(post(live.url("/v1/chat").toString())).execute(),
            System.nanoTime(),
            "ab".repeat(32),
            response -> {
              throw new IOException("disk full");
            });
    try (r) {
      assertThatThrownBy(() -> r.body().string()).hasMessage("disk full");
    }
  }

  @Test
  void theRecordedRequestIsRedactedAndNamesItsEndpointAndModel() throws IOException {
    Request request =
        new Request.Builder()
            .url("https://api.example.test/v1/chat/completions?api_key=k-123&x=1")
            .header("Authorization", "Bearer sk-live")
            .header("User-Agent", "test")
            .post(RequestBody.create(CHAT, MediaType.get("application/json")))
            .build();
    byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
    RequestKey key =
        Access.bridge()
            .keys(KeyRules.defaults())
            .keyOf("POST", "/v1/chat/completions", "api_key=k-123&x=1", body);
    RecordedRequest recorded = capture.recordedRequest(request, body, key);
    assertThat(recorded.url())
        .isEqualTo(
            "https://api.example.test/v1/chat/completions?api_key="
                + Redactor.REDACTED_QUERY_VALUE
                + "&x=1");
    assertThat(recorded.headers().first("authorization")).isEqualTo(Redactor.REDACTED);
    assertThat(recorded.headers().first("user-agent")).isEqualTo("test");
    assertThat(recorded.endpoint()).isEqualTo(key.endpoint());
    assertThat(recorded.model()).isEqualTo("m");
    assertThat(recorded.body().json().get("stream").asBoolean()).isTrue();
  }
}
