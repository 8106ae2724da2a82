package dev.llmreplay.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.llmreplay.FixtureNotFoundException;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.testing.MockWebServerExtension;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** LangChain4j's HTTP client SPI over OkHttp, against a mock server. */
@ExtendWith(MockWebServerExtension.class)
class LangChain4jOkHttpClientTest {
  MockWebServer server;
  final OkHttpClient okHttp = new OkHttpClient();
  @TempDir Path dir;

  @BeforeEach
  void start(MockWebServer server) {
    this.server = server;
  }

  LangChain4jOkHttpClient client() {
    return LangChain4jOkHttpClient.builder().okHttpClient(okHttp).build();
  }

  HttpRequest post(String body) {
    return HttpRequest.builder()
        .method(HttpMethod.POST)
        .url(server.url("/v1/chat/completions").toString())
        .addHeader("Content-Type", "application/json")
        .addHeader("Authorization", "Bearer test-key")
        .addHeader("X-Many", "a", "b")
        .body(body)
        .build();
  }

  @Test
  void sendsTheRequestAsGivenAndReturnsTheWholeAnswer() throws Exception {
    server.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setHeader("X-Request-Id", "r1")
            .setBody("{\"ok\":\"é\"}"));
    SuccessfulHttpResponse r = client().execute(post("{\n  \"model\" : \"m\"\n}"));
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getPath()).isEqualTo("/v1/chat/completions");
    // The content type goes out as given, without an added charset.
    assertThat(sent.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer test-key");
    assertThat(sent.getHeaders().values("X-Many")).containsExactly("a", "b");
    assertThat(sent.getBody().readUtf8()).isEqualTo("{\n  \"model\" : \"m\"\n}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"ok\":\"é\"}");
    assertThat(r.headers().get("x-request-id")).containsExactly("r1");
    assertThat(r.contentType()).isEqualTo("application/json");
  }

  @Test
  void getAndDeleteWithoutBodies() throws Exception {
    server.enqueue(new MockResponse().setBody("[]"));
    server.enqueue(new MockResponse().setBody("{}"));
    LangChain4jOkHttpClient c = client();
    assertThat(
            c.execute(
                    HttpRequest.builder()
                        .method(HttpMethod.GET)
                        .url(server.url("/v1/models?x=1").toString())
                        .build())
                .body())
        .isEqualTo("[]");
    assertThat(
            c.execute(
                    HttpRequest.builder()
                        .method(HttpMethod.DELETE)
                        .url(server.url("/v1/files/f1").toString())
                        .build())
                .body())
        .isEqualTo("{}");
    RecordedRequest get = server.takeRequest();
    RecordedRequest delete = server.takeRequest();
    assertThat(get.getMethod() + " " + get.getPath()).isEqualTo("GET /v1/models?x=1");
    assertThat(delete.getMethod() + " " + delete.getPath() + " " + delete.getBodySize())
        .isEqualTo("DELETE /v1/files/f1 0");
  }

  @Test
  void formDataGoesAsMultipart() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"text\":\"hi\"}"));
    HttpRequest request =
        HttpRequest.builder()
            .method(HttpMethod.POST)
            .url(server.url("/v1/audio/transcriptions").toString())
            .addHeader("Content-Type", "multipart/form-data")
            .addFormDataField("model", "whisper-1")
            .addFormDataFile("file", "a.wav", "audio/wav", new byte[] {1, 2, 3})
            .build();
    assertThat(client().execute(request).body()).isEqualTo("{\"text\":\"hi\"}");
    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getHeader("Content-Type")).startsWith("multipart/form-data; boundary=");
    String body = sent.getBody().readString(StandardCharsets.ISO_8859_1);
    // OkHttp 4 writes a Content-Length per part, OkHttp 5 does not.
    assertThat(body)
        .containsPattern(
            "Content-Disposition: form-data; name=\"model\"\r\n"
                + "(Content-Length: 9\r\n"
                + ")?\r\n"
                + "whisper-1\r\n")
        .containsPattern(
            "Content-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n"
                + "(Content-Length: 3\r\n"
                + ")?\r\n"
                + "\u0001\u0002\u0003\r\n");
  }

  @Test
  void aNon2xxAnswerIsAnHttpExceptionWithTheBody() {
    server.enqueue(
        new MockResponse().setResponseCode(429).setBody("{\"error\":{\"message\":\"slow down\"}}"));
    Throwable t = catchThrowable(() -> client().execute(post("{}")));
    assertThat(t)
        .isInstanceOf(HttpException.class)
        .hasMessage("{\"error\":{\"message\":\"slow down\"}}");
    assertThat(((HttpException) t).statusCode()).isEqualTo(429);
  }

  /** Collects what a streaming call hands its listener. */
  static final class Recorder implements ServerSentEventListener {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile Throwable error;

    @Override
    public void onOpen(SuccessfulHttpResponse response) {
      calls.add("open " + response.statusCode() + " " + response.headers().get("content-type"));
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      calls.add("event " + event.event() + " " + event.data());
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      calls.add("error " + t.getClass().getSimpleName());
      done.complete(null);
    }

    @Override
    public void onClose() {
      calls.add("close");
      done.complete(null);
    }

    List<String> await() {
      done.orTimeout(10, TimeUnit.SECONDS).join();
      return calls;
    }
  }

  @Test
  void streamsServerSentEventsWithTheirNames() {
    server.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "text/event-stream")
            .setBody(
                "event: message_start\n"
                    + "data: {\"a\":1}\n\n"
                    + ": comment\n\n"
                    + "data: line1\n"
                    + "data: line2\n\n"
                    + "data: [DONE]\n\n"));
    Recorder r = new Recorder();
    client().execute(post("{}"), new DefaultServerSentEventParser(), r);
    assertThat(r.await())
        .containsExactly(
            "open 200 [text/event-stream]",
            "event message_start {\"a\":1}",
            "event null line1\nline2",
            "event null [DONE]",
            "close");
  }

  @Test
  void aNon2xxStreamIsAnErrorWithoutOpen() {
    server.enqueue(new MockResponse().setResponseCode(400).setBody("{\"error\":\"bad\"}"));
    Recorder r = new Recorder();
    client().execute(post("{}"), new DefaultServerSentEventParser(), r);
    assertThat(r.await()).containsExactly("error HttpException");
    assertThat(r.error).hasMessage("{\"error\":\"bad\"}");
    assertThat(((HttpException) r.error).statusCode()).isEqualTo(400);
  }

  @Test
  void aReplayMissCarriesTheReportSyncAndStreaming() {
    OkHttpClient replaying =
        okHttp
            .newBuilder()
            .addInterceptor(
                RecordReplayInterceptor.builder().recordings(dir).mode(Mode.REPLAY).build())
            .build();
    LangChain4jOkHttpClient c = LangChain4jOkHttpClient.builder().okHttpClient(replaying).build();
    Throwable t = catchThrowable(() -> c.execute(post("{}")));
    assertThat(t)
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(FixtureNotFoundException.class)
        .hasMessageContaining("No recorded response for POST /v1/chat/completions");
    Recorder r = new Recorder();
    c.execute(post("{}"), new DefaultServerSentEventParser(), r);
    assertThat(r.await()).containsExactly("error UncheckedIOException");
    assertThat(r.error).hasCauseInstanceOf(FixtureNotFoundException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void theModelsTimeoutsOverrideTheOkHttpClients() {
    LangChain4jOkHttpClient.Builder b =
        LangChain4jOkHttpClient.builder()
            .okHttpClient(okHttp)
            .connectTimeout(Duration.ofSeconds(3))
            .readTimeout(Duration.ofSeconds(7));
    assertThat(b.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(b.readTimeout()).isEqualTo(Duration.ofSeconds(7));
    OkHttpClient built = b.build().okHttpClient();
    assertThat(built.connectTimeoutMillis()).isEqualTo(3000);
    assertThat(built.readTimeoutMillis()).isEqualTo(7000);
    assertThat(built.interceptors()).isEqualTo(okHttp.interceptors());
    assertThat(built.dispatcher()).isSameAs(okHttp.dispatcher());
    // Without timeouts the given client is used as it is.
    assertThat(LangChain4jOkHttpClient.builder().okHttpClient(okHttp).build().okHttpClient())
        .isSameAs(okHttp);
  }
}
