package dev.llmreplay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.Mode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.MockWebServerExtension;
import dev.llmreplay.testing.SharedData;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loopback server, exercised by real OkHttp clients and raw sockets. */
class ReplayServerTest {
  static final String SEED_BODY =
      "{\"model\":\"meta-llama/Llama-3.3-70B-Instruct-Turbo-Free\",\"prompt\":\"Respond to this question and explain your answer. Complete the sentence using one word: Roses are red, violets are \",\"max_tokens\":50,\"stream\":true}";
  static final MediaType JSON = MediaType.get("application/json");

  @TempDir Path recordings;
  final OkHttpClient client = new OkHttpClient();
  final List<String> log = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void seed() throws IOException {
    Files.copy(SharedData.seed(), recordings.resolve("seed.json"));
  }

  ReplayServer start(Mode mode, String target) throws IOException {
    return ReplayServer.builder()
        .recordings(recordings)
        .mode(mode)
        .target(target)
        .log(log::add)
        .maxRequestBytes(1 << 20)
        .build()
        .start();
  }

  static Request post(String url, String body) {
    return new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build();
  }

  @Test
  void servesTheSeedStreamOnLoopback() throws IOException {
    JsonNode seed = Json.parse(Files.readAllBytes(SharedData.seed()));
    try (ReplayServer server = start(Mode.REPLAY, null)) {
      assertThat(server.baseUrl()).startsWith("http://127.0.0.1:");
      try (Response r =
          client.newCall(post(server.baseUrl() + "/v1/completions", SEED_BODY)).execute()) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/event-stream");
        List<String> data = Sse.dataLines(r.body().string());
        assertThat(data).hasSize(51);
        assertThat(Json.parse(data.get(7))).isEqualTo(seed.at("/response/body/7/__data__"));
        assertThat(data.get(50)).isEqualTo("[DONE]");
      }
    }
    assertThat(log).hasSize(1);
    assertThat(log.get(0)).contains("POST /v1/completions HIT 200").contains("seed.json");
  }

  @Test
  void aMissIsA404InTheOpenAiErrorShapeCarryingTheDiff() throws IOException {
    try (ReplayServer server = start(Mode.REPLAY, null)) {
      String other = SEED_BODY.replace("\"max_tokens\":50", "\"max_tokens\":60");
      try (Response r =
          client.newCall(post(server.baseUrl() + "/v1/completions", other)).execute()) {
        assertThat(r.code()).isEqualTo(404);
        JsonNode error = Json.parse(r.body().bytes()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("llm_replay_fixture_not_found");
        assertThat(error.get("code").asText()).isEqualTo("fixture_not_found");
        assertThat(error.get("key").asText()).hasSize(64);
        assertThat(error.get("message").asText())
            .contains("No recorded response for POST /v1/completions")
            .contains("changed  /max_tokens: 50 → 60");
      }
    }
    assertThat(log.get(0)).contains("MISS");
  }

  @Test
  void malformedAndOversizedBodiesGetClearAnswers() throws IOException {
    try (ReplayServer server = start(Mode.REPLAY, null)) {
      try (Response r =
          client.newCall(post(server.baseUrl() + "/v1/chat/completions", "{not json")).execute()) {
        assertThat(r.code()).isEqualTo(404);
        assertThat(r.body().string()).contains("llm_replay_fixture_not_found");
      }
      byte[] huge = new byte[(1 << 20) + 10];
      java.util.Arrays.fill(huge, (byte) 'a');
      Request big =
          new Request.Builder()
              .url(server.baseUrl() + "/v1/chat/completions")
              .post(RequestBody.create(huge, JSON))
              .build();
      try (Response r = client.newCall(big).execute()) {
        assertThat(r.code()).isEqualTo(413);
        assertThat(r.body().string()).contains("larger than 1048576 bytes");
      } catch (IOException e) {
        // The server may close the connection before reading the whole upload; that is a refusal
        // too.
        assertThat(e).isNotNull();
      }
      // Still serving.
      try (Response r =
          client.newCall(post(server.baseUrl() + "/v1/completions", SEED_BODY)).execute()) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
  }

  @Test
  void manyConcurrentStreamedRequestsAllCorrect() throws Exception {
    String expected;
    try (ReplayServer server = start(Mode.REPLAY, null)) {
      try (Response r =
          client.newCall(post(server.baseUrl() + "/v1/completions", SEED_BODY)).execute()) {
        expected = r.body().string();
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          results.add(
              pool.submit(
                  () -> {
                    int ok = 0;
                    for (int i = 0; i < 100; i++) {
                      try (Response r =
                          client
                              .newCall(post(server.baseUrl() + "/v1/completions", SEED_BODY))
                              .execute()) {
                        if (r.body().string().equals(expected)) ok++;
                      }
                    }
                    return ok;
                  }));
        }
        for (Future<Integer> f : results) assertThat(f.get()).isEqualTo(100);
      } finally {
        pool.shutdown();
      }
    }
    assertThat(Sse.dataLines(expected)).hasSize(51);
  }

  @Test
  void aClientThatDisconnectsMidStreamDoesNotStopTheServer() throws Exception {
    try (ReplayServer server =
        ReplayServer.builder()
            .recordings(recordings)
            .pacing(dev.llmreplay.Pacing.fixed(java.time.Duration.ofMillis(5)))
            .build()
            .start()) {
      for (int i = 0; i < 5; i++) {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
          String req =
              "POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                  + SEED_BODY.getBytes(StandardCharsets.UTF_8).length
                  + "\r\n\r\n"
                  + SEED_BODY;
          s.getOutputStream().write(req.getBytes(StandardCharsets.UTF_8));
          byte[] first = new byte[200];
          assertThat(s.getInputStream().read(first)).isPositive();
          assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200");
        } // closed mid-stream
      }
      try (Response r =
          client.newCall(post(server.baseUrl() + "/v1/completions", SEED_BODY)).execute()) {
        assertThat(Sse.dataLines(r.body().string())).hasSize(51);
      }
    }
  }

  @Test
  void recordsThroughTheTargetThenReplaysWithoutIt() throws Exception {
    String sse = Sse.of("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}", "[DONE]");
    try (MockWebServer live = MockWebServerExtension.start()) {
      live.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sse));
      String target = live.url("/").toString();
      try (ReplayServer server = start(Mode.RECORD_MISSING, target)) {
        Request req =
            new Request.Builder()
                .url(server.baseUrl() + "/v1/chat/completions")
                .header("Authorization", "Bearer test-token-not-secret")
                .post(RequestBody.create("{\"model\":\"m\",\"stream\":true}", JSON))
                .build();
        try (Response r = client.newCall(req).execute()) {
          assertThat(r.body().string()).isEqualTo(sse);
        }
        assertThat(live.takeRequest().getHeader("Authorization"))
            .isEqualTo("Bearer test-token-not-secret");
      }
    }
    assertThat(log.get(0)).contains("RECORDED 200");
    try (ReplayServer server = start(Mode.REPLAY, null)) {
      try (Response r =
          client
              .newCall(
                  post(
                      server.baseUrl() + "/v1/chat/completions",
                      "{\"model\":\"m\",\"stream\":true}"))
              .execute()) {
        assertThat(r.body().string()).isEqualTo(sse);
      }
    }
  }

  @Test
  void perPathTargetsSendEachPathToItsOwnUpstream() throws Exception {
    try (MockWebServer openai = MockWebServerExtension.start();
        MockWebServer anthropic = MockWebServerExtension.start()) {
      openai.enqueue(
          new MockResponse()
              .setHeader("Content-Type", "application/json")
              .setBody("{\"from\":\"openai\"}"));
      anthropic.enqueue(
          new MockResponse()
              .setHeader("Content-Type", "application/json")
              .setBody("{\"from\":\"anthropic\"}"));
      try (ReplayServer server =
          ReplayServer.builder()
              .recordings(recordings)
              .mode(Mode.RECORD_MISSING)
              .target(openai.url("/").toString())
              .target("/v1/messages", anthropic.url("/").toString())
              .build()
              .start()) {
        try (Response r =
            client
                .newCall(post(server.baseUrl() + "/v1/messages", "{\"model\":\"claude\"}"))
                .execute()) {
          assertThat(r.body().string()).isEqualTo("{\"from\":\"anthropic\"}");
        }
        try (Response r =
            client
                .newCall(post(server.baseUrl() + "/v1/chat/completions", "{\"model\":\"gpt\"}"))
                .execute()) {
          assertThat(r.body().string()).isEqualTo("{\"from\":\"openai\"}");
        }
      }
      assertThat(anthropic.takeRequest().getPath()).isEqualTo("/v1/messages");
      assertThat(openai.takeRequest().getPath()).isEqualTo("/v1/chat/completions");
      assertThat(anthropic.getRequestCount()).isEqualTo(1);
      assertThat(openai.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void aSlowClientDoesNotHoldUpOthers() throws Exception {
    try (ReplayServer server = start(Mode.REPLAY, null)) {
      // Sends headers promising a body that never comes, and never reads.
      try (Socket slow = new Socket("127.0.0.1", server.port())) {
        slow.getOutputStream()
            .write(
                ("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"mo")
                    .getBytes(StandardCharsets.UTF_8));
        slow.getOutputStream().flush();
        for (int i = 0; i < 5; i++) {
          try (Response r =
              client.newCall(post(server.baseUrl() + "/v1/completions", SEED_BODY)).execute()) {
            assertThat(Sse.dataLines(r.body().string())).hasSize(51);
          }
        }
      }
    }
  }
}
