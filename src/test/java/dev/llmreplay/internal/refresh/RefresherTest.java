package dev.llmreplay.internal.refresh;

import static dev.llmreplay.internal.refresh.TestFixtures.chatRequest;
import static dev.llmreplay.internal.refresh.TestFixtures.fixture;
import static dev.llmreplay.internal.refresh.TestFixtures.json;
import static dev.llmreplay.internal.refresh.TestFixtures.request;
import static dev.llmreplay.internal.refresh.TestFixtures.sse;
import static dev.llmreplay.internal.refresh.TestFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.HeaderMap;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.MockWebServerExtension;
import dev.llmreplay.testing.SharedData;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.QueueDispatcher;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Refresher} against a MockWebServer standing in for the live APIs, which answers
 * differently from what the fixtures hold. No real provider is called.
 */
@ExtendWith(MockWebServerExtension.class)
class RefresherTest {
  /** Shaped like no known provider key, so only the refresher's own check can catch an echo. */
  static final String KEY = "test-key-4c1d8e2f90ab";

  static final String OPENAI = "https://api.openai.com/v1/chat/completions";
  static final String ANTHROPIC = "https://api.anthropic.com/v1/messages";
  static final String GEMINI =
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent?key=REDACTED";

  @TempDir Path tmp;
  Path recordings;
  MockWebServer live;
  List<String> log = new ArrayList<>();

  @BeforeEach
  void start(MockWebServer live) {
    recordings = tmp.resolve("recordings");
    this.live = live;
  }

  static String chatBody(String id, long created, String content, int completionTokens) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"chat.completion\",\"created\":"
        + created
        + ",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + TestJson.quote(content)
        + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":"
        + completionTokens
        + ",\"total_tokens\":"
        + (9 + completionTokens)
        + "}}";
  }

  static String chunk(String id, String content) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"chat.completion.chunk\",\"created\":1000,\"choices\":[{\"index\":0,\"delta\":{\"content\":"
        + TestJson.quote(content)
        + "}}]}";
  }

  static String anthropicBody(String id, String text) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":"
        + TestJson.quote(text)
        + "}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":12,\"output_tokens\":3}}";
  }

  static String geminiBody(String responseId, String text) {
    return "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":"
        + TestJson.quote(text)
        + "}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],\"responseId\":\""
        + responseId
        + "\"}";
  }

  static final String CHAT_REQUEST =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of"
          + " France?\"}]}";
  static final String STREAM_REQUEST =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say"
          + " hello\"}],\"stream\":true}";
  static final String ANTHROPIC_REQUEST =
      "{\"model\":\"claude-3-5-haiku-latest\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"Say"
          + " hello in French\"}]}";
  static final String GEMINI_REQUEST = "{\"contents\":[{\"parts\":[{\"text\":\"Say hi\"}]}]}";

  /** Six fixtures: four to refresh, a recorded error and a llama-stack recording to skip. */
  void seed() throws IOException {
    write(
        recordings.resolve("a.json"),
        fixture(
            request(OPENAI, CHAT_REQUEST),
            json(chatBody("chatcmpl-old", 1000, "Paris", 1), "x-request-id", "req_old"),
            "2025-01-01T00:00:00Z"));
    write(
        recordings.resolve("s.json"),
        fixture(
            request(OPENAI, STREAM_REQUEST),
            sse(5, List.of(chunk("c-old", "Hel"), chunk("c-old", "lo"), "[DONE]")),
            "2025-01-01T00:00:00Z"));
    RecordedRequest claude =
        request(ANTHROPIC, ANTHROPIC_REQUEST)
            .newBuilder()
            .headers(
                HeaderMap.of(
                    Map.of(
                        "x-api-key",
                        List.of("[REDACTED]"),
                        "anthropic-version",
                        List.of("2023-06-01"))))
            .build();
    write(
        recordings.resolve("nested/claude.json"),
        fixture(claude, json(anthropicBody("msg_old", "Bonjour")), "2025-01-01T00:00:00Z"));
    RecordedRequest gemini =
        request(GEMINI, GEMINI_REQUEST).newBuilder().headers(HeaderMap.empty()).build();
    write(
        recordings.resolve("g.json"),
        fixture(gemini, json(geminiBody("r-old", "Hi")), "2025-01-01T00:00:00Z"));
    RecordedResponse tooMany =
        json("{\"error\":{\"message\":\"Rate limit\",\"type\":\"rate_limit\"}}")
            .newBuilder()
            .status(429)
            .build();
    write(
        recordings.resolve("err.json"),
        fixture(chatRequest(OPENAI, "Too fast"), tooMany, "2025-01-01T00:00:00Z"));
    Path llama;
    try (Stream<Path> s = Files.list(SharedData.llamaStack())) {
      llama = s.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
    }
    Files.copy(llama, recordings.resolve("llama.json"));
  }

  /** The live APIs: new answers for the OpenAI and Anthropic fixtures, the same one for Gemini. */
  void liveAnswersDifferently() {
    live.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest r) {
            String body = r.getBody().clone().readUtf8();
            String path = r.getPath();
            if (path.startsWith("/v1/chat/completions") && body.contains("\"stream\":true")) {
              return new MockResponse()
                  .setHeader("Content-Type", "text/event-stream")
                  .setBody(Sse.of(chunk("c-new", "Hello"), chunk("c-new", "!"), "[DONE]"));
            }
            if (path.startsWith("/v1/chat/completions")) {
              return new MockResponse()
                  .setHeader("Content-Type", "application/json")
                  .setHeader("x-request-id", "req_new")
                  .setBody(chatBody("chatcmpl-new", 2000, "Paris, France.", 3));
            }
            if (path.startsWith("/v1/messages")) {
              return new MockResponse()
                  .setHeader("Content-Type", "application/json")
                  .setBody(anthropicBody("msg_new", "Bonjour !"));
            }
            if (path.startsWith("/v1beta/models/gemini-2.0-flash:generateContent")) {
              return new MockResponse()
                  .setHeader("Content-Type", "application/json")
                  .setBody(geminiBody("r-new", "Hi"));
            }
            return new MockResponse().setResponseCode(404);
          }
        });
  }

  Refresher.Builder refresher() {
    return Refresher.builder().target(live.url("/").toString()).apiKey(KEY).log(log::add);
  }

  Map<String, byte[]> snapshot() throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (Stream<Path> s = Files.walk(recordings)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
        out.put(recordings.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    }
    return out;
  }

  static void assertSameBytes(Map<String, byte[]> a, Map<String, byte[]> b) {
    assertThat(b.keySet()).containsExactlyElementsOf(a.keySet());
    for (String k : a.keySet()) assertThat(b.get(k)).as(k).isEqualTo(a.get(k));
  }

  /** Fails if the key (or its URL-encoded form) is in any file under the temp directory. */
  void assertKeyNowhereOnDisk() throws IOException {
    try (Stream<Path> s = Files.walk(tmp)) {
      for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
            .as(p.toString())
            .doesNotContain(KEY);
      }
    }
  }

  String name(String rel) {
    return recordings.resolve(rel).toString().replace('\\', '/');
  }

  @Test
  void rewritesEachFixtureWithTheLiveResponseAndReportsWhatChanged()
      throws IOException, InterruptedException {
    seed();
    liveAnswersDifferently();
    Map<String, byte[]> before = snapshot();

    ChangeReport report = refresher().build().refresh(List.of(recordings));

    // What went over the wire: the recorded request, the key where the recording had redacted it.
    Map<String, okhttp3.mockwebserver.RecordedRequest> sent = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      okhttp3.mockwebserver.RecordedRequest r = live.takeRequest(1, TimeUnit.SECONDS);
      sent.put(r.getPath(), r);
    }
    assertThat(live.getRequestCount()).isEqualTo(4);
    assertThat(sent.keySet())
        .containsExactly(
            "/v1/chat/completions",
            "/v1beta/models/gemini-2.0-flash:generateContent?key=" + KEY,
            "/v1/messages");
    okhttp3.mockwebserver.RecordedRequest claude = sent.get("/v1/messages");
    assertThat(claude.getHeader("x-api-key")).isEqualTo(KEY);
    assertThat(claude.getHeader("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(claude.getHeader("Authorization")).isNull();
    assertThat(claude.getBody().readUtf8()).isEqualTo(ANTHROPIC_REQUEST);
    assertThat(
            sent.get("/v1beta/models/gemini-2.0-flash:generateContent?key=" + KEY)
                .getHeader("Authorization"))
        .isNull();
    assertThat(sent.get("/v1/chat/completions").getHeader("Authorization"))
        .isEqualTo("Bearer " + KEY);
    assertThat(sent.get("/v1/chat/completions").getHeader("Content-Type"))
        .isEqualTo("application/json");

    // What was written: the new responses under the unchanged requests.
    Map<String, byte[]> after = snapshot();
    assertThat(after.get("err.json")).isEqualTo(before.get("err.json"));
    assertThat(after.get("llama.json")).isEqualTo(before.get("llama.json"));
    Fixture a = FixtureCodec.read(recordings.resolve("a.json"));
    Fixture oldA = FixtureCodec.read(recordings.resolve("a.json"), before.get("a.json"));
    assertThat(a.request()).isEqualTo(oldA.request());
    assertThat(Json.compact(a.responses().get(0).body().json()))
        .isEqualTo(chatBody("chatcmpl-new", 2000, "Paris, France.", 3));
    assertThat(a.responses().get(0).headers().first("x-request-id")).isEqualTo("req_new");
    assertThat(a.provenance().host()).isEqualTo(live.getHostName());
    Fixture s = FixtureCodec.read(recordings.resolve("s.json"));
    assertThat(AssembledResponse.of(s.responses().get(0)).text()).isEqualTo("Hello!");
    assertThat(s.responses().get(0).events()).hasSize(3);
    JsonNode tree = Json.parse(after.get("nested/claude.json"));
    assertThat(tree.at("/response/body/content/0/text").asText()).isEqualTo("Bonjour !");
    assertThat(tree.at("/request/headers/x-api-key").asText()).isEqualTo("[REDACTED]");

    assertThat(report.toMarkdown())
        .isEqualTo(
            String.join(
                "\n",
                "## llm-replay fixture refresh",
                "",
                "3 changed, 2 skipped, 1 unchanged.",
                "",
                "### Changed (3)",
                "",
                "#### `" + name("a.json") + "`",
                "",
                "POST /v1/chat/completions, gpt-4o-mini",
                "",
                "- Text changed:",
                "",
                "  ```diff",
                "  - Paris",
                "  + Paris, France.",
                "  ```",
                "",
                "- Token usage: output 1 → 3, total 10 → 12",
                "",
                "#### `" + name("nested/claude.json") + "`",
                "",
                "POST /v1/messages, claude-3-5-haiku-latest",
                "",
                "- Text changed:",
                "",
                "  ```diff",
                "  - Bonjour",
                "  + Bonjour !",
                "  ```",
                "",
                "#### `" + name("s.json") + "`",
                "",
                "POST /v1/chat/completions, gpt-4o-mini",
                "",
                "- Text changed:",
                "",
                "  ```diff",
                "  - Hello",
                "  + Hello!",
                "  ```",
                "",
                "### Skipped (2)",
                "",
                "- `"
                    + name("err.json")
                    + "`: it recorded an error response (HTTP 429); only successful responses are"
                    + " refreshed",
                "- `"
                    + name("llama.json")
                    + "`: a llama-stack recording (its request is Python SDK arguments, not the"
                    + " wire request)",
                ""));
    assertThat(log)
        .containsExactly(
            "refreshed " + name("a.json") + ": text, usage changed",
            "skipped "
                + name("err.json")
                + ": it recorded an error response (HTTP 429); only successful responses are"
                + " refreshed",
            "refreshed " + name("g.json") + ": no change",
            "skipped "
                + name("llama.json")
                + ": a llama-stack recording (its request is Python SDK arguments, not the wire"
                + " request)",
            "refreshed " + name("nested/claude.json") + ": text changed",
            "refreshed " + name("s.json") + ": text changed");
    assertKeyNowhereOnDisk();
  }

  @Test
  void dryRunWritesNothingAndReportsWhatWouldChange() throws IOException {
    seed();
    liveAnswersDifferently();
    Map<String, byte[]> before = snapshot();
    ChangeReport report = refresher().dryRun(true).build().refresh(List.of(recordings));
    assertSameBytes(before, snapshot());
    assertThat(live.getRequestCount()).isEqualTo(4);
    assertThat(report.toMarkdown())
        .startsWith(
            "## llm-replay fixture refresh\n\n"
                + "Dry run: no fixture was written.\n\n"
                + "3 would change, 2 skipped, 1 unchanged.\n\n"
                + "### Would change (3)\n");
    assertThat(report.changed())
        .extracting(FixtureChange::path)
        .containsExactly(name("a.json"), name("nested/claude.json"), name("s.json"));
  }

  @Test
  void aFailingUpstreamLeavesEveryFixtureByteIdentical() throws IOException {
    seed();
    live.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest r) {
            return new MockResponse()
                .setResponseCode(500)
                .setHeader("Content-Type", "application/json")
                .setBody(
                    "{\"error\":{\"message\":\"The server had an"
                        + " error\",\"type\":\"server_error\"}}");
          }
        });
    Map<String, byte[]> before = snapshot();
    ChangeReport report = refresher().build().refresh(List.of(recordings));
    assertSameBytes(before, snapshot());
    String reason =
        "HTTP 500 Server Error: {\"error\":{\"message\":\"The server had an"
            + " error\",\"type\":\"server_error\"}}; fixture left as it was";
    assertThat(report.failed())
        .containsExactly(
            Map.entry(name("a.json"), reason),
            Map.entry(name("g.json"), reason),
            Map.entry(name("nested/claude.json"), reason),
            Map.entry(name("s.json"), reason));
    assertThat(report.summary()).isEqualTo("4 failed, 2 skipped.");
    assertKeyNowhereOnDisk();
  }

  @Test
  void aDroppedConnectionLeavesEveryFixtureByteIdentical() throws IOException {
    seed();
    // Every connection is closed as soon as it opens, retries included.
    QueueDispatcher dropAll = new QueueDispatcher();
    dropAll.setFailFast(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
    live.setDispatcher(dropAll);
    Map<String, byte[]> before = snapshot();
    ChangeReport report = refresher().build().refresh(List.of(recordings));
    assertSameBytes(before, snapshot());
    assertThat(report.failed())
        .containsOnlyKeys(
            name("a.json"), name("g.json"), name("nested/claude.json"), name("s.json"));
    assertThat(report.failed().values())
        .allSatisfy(
            v -> assertThat(v).startsWith("request failed: ").endsWith("; fixture left as it was"));
    assertThat(report.changed()).isEmpty();
    assertThat(String.join("\n", log)).doesNotContain(KEY);
    assertKeyNowhereOnDisk();
  }

  @Test
  void aStreamCutShortLeavesTheFixtureByteIdentical() throws IOException {
    write(
        recordings.resolve("s.json"),
        fixture(
            request(OPENAI, STREAM_REQUEST),
            sse(5, List.of(chunk("c-old", "Hel"), chunk("c-old", "lo"), "[DONE]")),
            "2025-01-01T00:00:00Z"));
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 500; i++)
      big.append("data: ").append(chunk("c", "word " + i)).append("\n\n");
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "text/event-stream")
            .setBody(big.toString())
            .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    Map<String, byte[]> before = snapshot();
    ChangeReport report = refresher().build().refresh(List.of(recordings));
    assertSameBytes(before, snapshot());
    assertThat(report.failed()).containsOnlyKeys(name("s.json"));
    assertThat(report.failed().get(name("s.json")))
        .startsWith("request failed: ")
        .endsWith("; fixture left as it was");
    assertKeyNowhereOnDisk();
  }

  @Test
  void aResponseThatEchoesTheKeyIsNotWritten() throws IOException {
    write(
        recordings.resolve("a.json"),
        fixture(
            request(OPENAI, CHAT_REQUEST),
            json(chatBody("chatcmpl-old", 1000, "Paris", 1)),
            "2025-01-01T00:00:00Z"));
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody(chatBody("x", 1, "your key is " + KEY, 5)));
    Map<String, byte[]> before = snapshot();
    ChangeReport report = refresher().build().refresh(List.of(recordings));
    assertSameBytes(before, snapshot());
    assertThat(report.failed())
        .containsExactly(
            Map.entry(name("a.json"), "the new response contains the API key; nothing written"));
    assertKeyNowhereOnDisk();
  }

  @Test
  void aResponseWithAProviderKeyShapeIsNotWritten() throws IOException {
    write(
        recordings.resolve("a.json"),
        fixture(
            request(OPENAI, CHAT_REQUEST),
            json(chatBody("chatcmpl-old", 1000, "Paris", 1)),
            "2025-01-01T00:00:00Z"));
    String leaked = "sk-proj-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0";
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody(chatBody("x", 1, leaked, 5)));
    Map<String, byte[]> before = snapshot();
    ChangeReport report = refresher().build().refresh(List.of(recordings));
    assertSameBytes(before, snapshot());
    assertThat(report.failed().get(name("a.json")))
        .startsWith("the new response holds a secret (")
        .contains("/response/body/choices/0/message/content")
        .endsWith("); nothing written")
        .doesNotContain(leaked.substring(0, 12));
  }

  @Test
  void normalizationAndSeveralResponsesPerFixture() throws IOException {
    RecordedRequest req = request(OPENAI, CHAT_REQUEST);
    Fixture two =
        new Fixture(
            req, List.of(json(chatBody("a", 1, "one", 1)), json(chatBody("b", 2, "two", 1))), null);
    write(recordings.resolve("twice.json"), two);
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody(chatBody("chatcmpl-x", 5, "uno", 1)));
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody(chatBody("chatcmpl-y", 6, "dos", 1)));
    refresher().normalizeVolatileFields(true).build().refresh(List.of(recordings));
    Fixture f = FixtureCodec.read(recordings.resolve("twice.json"));
    String id =
        "rec-" + req.keyUnder(Access.bridge().keys(dev.llmreplay.KeyRules.defaults())).shortHex();
    assertThat(f.responses())
        .extracting(r -> Json.compact(r.body().json()))
        .containsExactly(chatBody(id, 0, "uno", 1), chatBody(id, 0, "dos", 1));
  }

  @Test
  void aTargetWithAPathPrefixAndAnExplicitAuthHeader() throws IOException, InterruptedException {
    write(
        recordings.resolve("a.json"),
        fixture(
            request(OPENAI, CHAT_REQUEST),
            json(chatBody("chatcmpl-old", 1000, "Paris", 1)),
            "2025-01-01T00:00:00Z"));
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody(chatBody("n", 1, "Paris", 1)));
    ChangeReport report =
        Refresher.builder()
            .target(live.url("/proxy/openai/").toString())
            .apiKey(KEY)
            .authHeader("api-key")
            .build()
            .refresh(List.of(recordings));
    okhttp3.mockwebserver.RecordedRequest r = live.takeRequest(1, TimeUnit.SECONDS);
    assertThat(r.getPath()).isEqualTo("/proxy/openai/v1/chat/completions");
    assertThat(r.getHeader("api-key")).isEqualTo(KEY);
    assertThat(r.getHeader("Authorization")).isNull();
    assertThat(report.summary()).isEqualTo("1 unchanged.");
  }

  @Test
  void unreadableFixturesFailAndOthersStillRefresh() throws IOException {
    write(
        recordings.resolve("a.json"),
        fixture(
            request(OPENAI, CHAT_REQUEST),
            json(chatBody("chatcmpl-old", 1000, "Paris", 1)),
            "2025-01-01T00:00:00Z"));
    Files.writeString(recordings.resolve("broken.json"), "{\"request\": {");
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody(chatBody("n", 1, "Lyon", 1)));
    ChangeReport report = refresher().build().refresh(List.of(recordings));
    assertThat(report.failed()).containsOnlyKeys(name("broken.json"));
    assertThat(report.failed().get(name("broken.json"))).startsWith("cannot read the fixture: ");
    assertThat(report.changed()).extracting(FixtureChange::path).containsExactly(name("a.json"));
    assertThat(Files.readString(recordings.resolve("broken.json"))).isEqualTo("{\"request\": {");
  }

  @Test
  void theKeyIsNeverInToString() {
    assertThat(refresher().build().toString()).doesNotContain(KEY).startsWith("Refresher(http://");
  }
}
