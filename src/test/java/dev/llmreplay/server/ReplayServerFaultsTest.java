package dev.llmreplay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.BreakingUpstream;
import dev.llmreplay.testing.Seed;
import dev.llmreplay.testing.Sse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults through the loopback server, seen by real clients over a socket: a cut is a broken
 * connection (never a clean end of the chunked body), a stall holds one exchange while the server
 * keeps serving others.
 */
class ReplayServerFaultsTest {
  @TempDir Path dir;
  final HttpClient jdk = HttpClient.newHttpClient();
  final List<String> log = Collections.synchronizedList(new ArrayList<>());

  ReplayServer serve(String faults) throws IOException {
    Seed.copyInto(dir);
    return ReplayServer.builder().recordings(dir).faults(faults).log(log::add).build().start();
  }

  static HttpRequest seed(ReplayServer server) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/completions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Seed.BODY))
        .build();
  }

  /** Reads SSE data lines from a JDK client's body until it ends (null) or fails. */
  static IOException readData(InputStream body, List<String> data) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("data: ")) data.add(line.substring(6));
      }
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  /** The body of a POST made with OkHttp, as a stream read straight off the socket. */
  static InputStream okHttpBody(ReplayServer server, String path, String body) throws IOException {
    Request request =
        new Request.Builder()
            .url(server.baseUrl() + path)
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    return new OkHttpClient().newCall(request).execute().body().byteStream();
  }

  @Test
  void cutAfterReachesTheJdkClientAsABrokenConnection() throws Exception {
    try (ReplayServer server = serve("cut-after=10")) {
      HttpResponse<InputStream> r =
          jdk.send(seed(server), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(r.statusCode()).isEqualTo(200);
      List<String> data = new ArrayList<>();
      IOException failure = readData(r.body(), data);
      assertThat(failure).as("a cut must never look like a clean end").isNotNull();
      // The JDK client drops body data it has not handed out yet once the connection fails, so
      // it may see fewer than the ten events the server sent; never more, never [DONE].
      assertThat(data.size()).isLessThanOrEqualTo(10);
      assertThat(data).doesNotContain("[DONE]");

      // OkHttp reads the socket as it goes: exactly the ten events, then the failure.
      List<String> okData = new ArrayList<>();
      assertThat(readData(okHttpBody(server, "/v1/completions", Seed.BODY), okData)).isNotNull();
      assertThat(okData).hasSize(10).doesNotContain("[DONE]");

      // Read whole, the body fails too.
      assertThatThrownBy(() -> jdk.send(seed(server), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
    assertThat(log)
        .anyMatch(l -> l.contains("ABORTED") && l.contains("FAULT cut-after=10 (call 1)"));
  }

  @Test
  void eofAfterIsACleanEndWithoutDone() throws Exception {
    try (ReplayServer server = serve("eof-after=10")) {
      HttpResponse<String> r = jdk.send(seed(server), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(Sse.dataLines(r.body())).hasSize(10).doesNotContain("[DONE]");
    }
    assertThat(log).anyMatch(l -> l.contains("HIT 200 FAULT eof-after=10 (call 1)"));
  }

  @Test
  void aStalledExchangeTimesItsClientOutWhileOthersAreServed() throws Exception {
    try (ReplayServer server = serve("stall-after=2:5s@call=1")) {
      OkHttpClient impatient =
          new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(1)).build();
      Request request =
          new Request.Builder()
              .url(server.baseUrl() + "/v1/completions")
              .post(RequestBody.create(Seed.BODY, MediaType.get("application/json")))
              .build();
      try (Response stalled = impatient.newCall(request).execute()) {
        BufferedSource source = stalled.body().source();
        List<String> data = new ArrayList<>();
        while (data.size() < 2) {
          String line = source.readUtf8Line();
          if (line.startsWith("data: ")) data.add(line);
        }
        // While the first exchange stalls, a second call is answered in full.
        HttpResponse<String> other = jdk.send(seed(server), HttpResponse.BodyHandlers.ofString());
        assertThat(Sse.dataLines(other.body())).hasSize(51).endsWith("[DONE]");

        assertThatThrownBy(
                () -> {
                  while (true) {
                    String line = source.readUtf8Line();
                    if (line == null || line.startsWith("data: ")) break;
                  }
                })
            .isInstanceOf(SocketTimeoutException.class);
      }
    }
  }

  @Test
  void statusFaultsGoOutInTheProvidersShape() throws Exception {
    try (ReplayServer server = serve("status=503,retry-after=2")) {
      HttpResponse<String> r = jdk.send(seed(server), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("retry-after")).hasValue("2");
      JsonNode body = Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
      assertThat(body.at("/error/type").asText()).isEqualTo("server_error");
      assertThat(body.at("/error/message").asText())
          .isEqualTo("llm-replay injected fault: status=503,retry-after=2 (call 1)");
    }
  }

  @Test
  void aServerAroundAnInterceptorTakesItsFaultsNotItsOwn() throws IOException {
    Seed.copyInto(dir);
    RecordReplayInterceptor interceptor =
        RecordReplayInterceptor.builder().recordings(dir).faults("cut-after=1").build();
    // One settings value: faults of a server built around an interceptor are the interceptor's.
    assertThatThrownBy(
            () -> ReplayServer.builder().interceptor(interceptor).faults("eof-after=2").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("faults(...)");
    try (ReplayServer server = ReplayServer.builder().interceptor(interceptor).build()) {
      assertThat(server.interceptor().faults().toString()).isEqualTo("cut-after=1");
    }
    try (ReplayServer server =
        ReplayServer.builder().recordings(dir).faults("eof-after=2").build()) {
      assertThat(server.interceptor().faults().toString()).isEqualTo("eof-after=2");
    }
  }

  @Test
  void aRecordedFailureIsRecordedAndReplayedThroughTheServer() throws Exception {
    List<String> events =
        List.of("data: {\"n\":1}\n\n", "data: {\"n\":2}\n\n", "data: {\"n\":3}\n\n");
    List<String> live = new ArrayList<>();
    try (BreakingUpstream upstream = BreakingUpstream.start(events, BreakingUpstream.End.RESET);
        ReplayServer server =
            ReplayServer.builder()
                .interceptor(
                    RecordReplayInterceptor.builder()
                        .recordings(dir)
                        .mode(Mode.RECORD)
                        .recordFailures(true)
                        .build())
                .target(upstream.url(""))
                .build()
                .start()) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
              .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))
              .build();
      HttpResponse<InputStream> r = jdk.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        while (live.size() < 3) {
          String line = in.readLine();
          if (line.startsWith("data: ")) live.add(line.substring(6));
        }
        upstream.reset();
        // The upstream's reset reaches the server's client as a broken connection.
        assertThat(readData(r.body(), new ArrayList<>())).isNotNull();
      }
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.toList();
    }
    assertThat(files).hasSize(1);
    assertThat(Json.parse(Files.readAllBytes(files.get(0))).at("/response/failure/kind").asText())
        .isEqualTo("reset");

    try (ReplayServer server = ReplayServer.builder().recordings(dir).build().start()) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
              .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))
              .build();
      HttpResponse<InputStream> r = jdk.send(request, HttpResponse.BodyHandlers.ofInputStream());
      List<String> replayed = new ArrayList<>();
      assertThat(readData(r.body(), replayed)).isNotNull();
      // The JDK client may drop what it had not handed out yet (see the cut test).
      assertThat(replayed.size()).isLessThanOrEqualTo(3);
      assertThat(live.subList(0, replayed.size())).isEqualTo(replayed);

      List<String> okReplayed = new ArrayList<>();
      InputStream body = okHttpBody(server, "/v1/chat/completions", "{\"stream\":true}");
      assertThat(readData(body, okReplayed)).isNotNull();
      assertThat(okReplayed).isEqualTo(live);
    }
  }
}
