package dev.llmreplay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.FixtureListener;
import dev.llmreplay.Mode;
import dev.llmreplay.Pacing;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.Redactor;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server built around an interceptor answers through that very interceptor and its fixture index;
 * a server built on its own takes every record/replay setting the interceptor's builder does.
 */
class ServerAroundAnInterceptorTest {
  static final MediaType JSON = MediaType.get("application/json");

  @TempDir Path recordings;
  final MockWebServer upstream = new MockWebServer();
  final List<String> log = Collections.synchronizedList(new ArrayList<>());
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  final OkHttpClient plain = new OkHttpClient();

  /** Notes each outcome as {@code replayed|recorded|missed <first user message>}. */
  final FixtureListener listener =
      new FixtureListener() {
        @Override
        public void replayed(RequestKey key, Path file) {
          events.add("replayed " + prompt(key));
        }

        @Override
        public void recorded(RequestKey key, Path file) {
          events.add("recorded " + prompt(key));
        }

        @Override
        public void missed(RequestKey key) {
          events.add("missed " + prompt(key));
        }
      };

  static String prompt(RequestKey key) {
    return key.body().at("/messages/0/content").asText();
  }

  @BeforeEach
  void startUpstream() throws IOException {
    upstream.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            try {
              JsonNode body = Json.parse(request.getBody().readUtf8());
              ObjectNode out = Json.mapper().createObjectNode();
              out.put("id", "chatcmpl-" + request.getSequenceNumber()).put("created", 1700000000);
              out.put("user", body.path("user").asText());
              out.putArray("choices")
                  .addObject()
                  .putObject("message")
                  .put("content", "echo: " + body.at("/messages/0/content").asText());
              return new MockResponse()
                  .setHeader("Content-Type", "application/json")
                  .setBody(Json.compact(out));
            } catch (IOException e) {
              return new MockResponse().setResponseCode(400);
            }
          }
        });
    upstream.start();
  }

  @AfterEach
  void stopUpstream() throws IOException {
    upstream.shutdown();
  }

  static String chat(String prompt, String user) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", "gpt-4o-mini").put("user", user);
    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
    return Json.compact(body);
  }

  /** The answer's content for {@code prompt}, asked at {@code baseUrl} through {@code client}. */
  static String ask(OkHttpClient client, String baseUrl, String prompt, String user)
      throws IOException {
    Request request =
        new Request.Builder()
            .url(baseUrl + "/v1/chat/completions")
            .post(RequestBody.create(chat(prompt, user), JSON))
            .build();
    try (Response r = client.newCall(request).execute()) {
      String text = r.body().string();
      assertThat(r.code()).as(text).isEqualTo(200);
      return Json.parse(text).at("/choices/0/message/content").asText();
    }
  }

  String upstreamUrl() {
    String u = upstream.url("/").toString();
    return u.substring(0, u.length() - 1);
  }

  @Test
  void whatTheServerRecordsTheInterceptorReplaysAndTheOtherWayRound() throws Exception {
    RecordReplayInterceptor interceptor =
        RecordReplayInterceptor.builder()
            .recordings(recordings)
            .mode(Mode.RECORD_MISSING)
            .listener(listener)
            .build();
    OkHttpClient direct = new OkHttpClient.Builder().addInterceptor(interceptor).build();
    // The interceptor's index exists before the server is built: a copy would have its own.
    assertThat(ask(direct, upstreamUrl(), "first", "u")).isEqualTo("echo: first");

    try (ReplayServer server =
        ReplayServer.builder()
            .interceptor(interceptor)
            .target(upstreamUrl())
            .log(log::add)
            .build()
            .start()) {
      assertThat(server.interceptor()).isSameAs(interceptor);

      assertThat(ask(plain, server.baseUrl(), "via server", "u")).isEqualTo("echo: via server");
      // The client may have the whole answer a moment before the fixture is written.
      awaitSize(log, 1);
      // Recorded through the server, replayed by the interceptor without reopening anything.
      assertThat(ask(direct, upstreamUrl(), "via server", "u")).isEqualTo("echo: via server");
      assertThat(upstream.getRequestCount()).isEqualTo(2);

      assertThat(ask(direct, upstreamUrl(), "direct", "u")).isEqualTo("echo: direct");
      // Recorded by the interceptor after the server started: the server answers it.
      assertThat(ask(plain, server.baseUrl(), "direct", "u")).isEqualTo("echo: direct");
      assertThat(upstream.getRequestCount()).isEqualTo(3);
    }
    assertThat(log).extracting(line -> line.split(" ")[3]).containsExactly("RECORDED", "HIT");
    // The interceptor's own listener hears the server's calls too, each once.
    assertThat(events)
        .containsExactlyInAnyOrder(
            "recorded first",
            "recorded via server",
            "replayed via server",
            "recorded direct",
            "replayed direct");
    try (Stream<Path> files = Files.list(recordings)) {
      assertThat(files).hasSize(3);
    }
  }

  /** Waits (up to 10 s; not a timing assertion) until {@code lines} holds {@code n}. */
  static void awaitSize(List<String> lines, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (lines.size() < n && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(n);
  }

  @Test
  void anInterceptorAndRecordReplaySettingsTogetherAreAnError() {
    RecordReplayInterceptor interceptor =
        RecordReplayInterceptor.builder().recordings(recordings).build();
    List<Consumer<ReplayServer.Builder>> settings =
        List.of(
            b -> b.recordings(recordings),
            b -> b.mode(Mode.RECORD),
            b -> b.pacing(Pacing.RECORDED),
            b -> b.ignoreBodyFields("/user"),
            b -> b.redactor(Redactor.defaults()),
            b -> b.normalizeVolatileFields(true),
            b -> b.listener(listener));
    for (Consumer<ReplayServer.Builder> setting : settings) {
      ReplayServer.Builder b = ReplayServer.builder();
      setting.accept(b);
      b.interceptor(interceptor);
      assertThatThrownBy(b::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("interceptor(...) was given together with")
          .hasMessageContaining("RecordReplayInterceptor.builder()");
    }
    ReplayServer.Builder both =
        ReplayServer.builder().interceptor(interceptor).recordings(recordings).mode(Mode.RECORD);
    assertThatThrownBy(both::build)
        .hasMessageStartingWith(
            "ReplayServer.builder(): interceptor(...) was given together with recordings(...),"
                + " mode(...), which only configure a server without one");
    // Server options that are not record/replay settings go with an interceptor.
    assertThat(
            ReplayServer.builder()
                .interceptor(interceptor)
                .target(upstreamUrl())
                .port(0)
                .log(log::add)
                .build()
                .interceptor())
        .isSameAs(interceptor);
  }

  @Test
  void aServerOnItsOwnTakesTheInterceptorsSettings() throws Exception {
    try (ReplayServer server =
        ReplayServer.builder()
            .recordings(recordings)
            .mode(Mode.RECORD_MISSING)
            .ignoreBodyFields("/user")
            .redactor(Redactor.builder().redactBodyField("/user").build())
            .normalizeVolatileFields(true)
            .listener(listener)
            .target(upstreamUrl())
            .build()
            .start()) {
      assertThat(server.interceptor().normalizesVolatileFields()).isTrue();
      assertThat(server.interceptor().keyRules().ignoredBodyFields()).containsExactly("/user");
      assertThat(ask(plain, server.baseUrl(), "hi", "alice")).isEqualTo("echo: hi");
      awaitSize(events, 1);
      // Another user: the same key (the field is ignored), so answered from the fixture.
      assertThat(ask(plain, server.baseUrl(), "hi", "bob")).isEqualTo("echo: hi");
    }
    assertThat(upstream.getRequestCount()).isEqualTo(1);
    assertThat(events).containsExactly("recorded hi", "replayed hi");
    Path fixture;
    try (Stream<Path> files = Files.list(recordings)) {
      fixture = files.findFirst().orElseThrow();
    }
    String text = Files.readString(fixture);
    assertThat(text).doesNotContain("alice").contains("[REDACTED]");
    // Normalized: the live answer's timestamp became 0.
    assertThat(text).doesNotContain("1700000000").contains("\"created\": 0");
  }
}
