package dev.llmreplay.internal.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.FixtureListener;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.cli.Main;
import dev.llmreplay.internal.usage.TestUsage;
import dev.llmreplay.internal.usage.UsageLedger;
import dev.llmreplay.testing.MockWebServerExtension;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.QueueDispatcher;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The refresh flow end to end, as the workflow runs it, with two MockWebServers as "the live API"
 * (yesterday's and today's, answering differently): record-missing adds only the missing fixture;
 * prune (from the usage ledger) removes the unused one; the report names exactly what changed;
 * record rewrites; refresh against a failing upstream changes nothing; the API key is in no file
 * afterwards.
 */
class RefreshFlowTest {
  static final String KEY = "test-key-flow-93be1f0a";
  static final String FRANCE = "Capital of France?";
  static final String GERMANY = "Capital of Germany?";
  static final String UNUSED = "A prompt no test sends any more";

  @TempDir Path project;
  Path recordings;
  MockWebServer yesterday;
  MockWebServer today;
  int generation;

  @BeforeEach
  void start() throws IOException {
    recordings = project.resolve("recordings");
    yesterday = api("Paris");
    today = api("Paris is the capital of France.");
  }

  @AfterEach
  void stop() throws IOException {
    yesterday.shutdown();
    today.shutdown();
  }

  /** A live API; its answer to France is {@code franceAnswer}; every call gets fresh ids. */
  MockWebServer api(String franceAnswer) throws IOException {
    MockWebServer server = MockWebServerExtension.start();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest r) {
            String body = r.getBody().readUtf8();
            int n = ++generation;
            String id = "chatcmpl-" + n;
            if (body.contains(GERMANY)) {
              return new MockResponse()
                  .setHeader("Content-Type", "text/event-stream")
                  .setHeader("x-request-id", "req_" + n)
                  .setBody(Sse.of(chunk(id, n, "Ber"), chunk(id, n, "lin"), "[DONE]"));
            }
            String answer = body.contains(FRANCE) ? franceAnswer : "Something";
            int tokens = answer.split(" ").length;
            return new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setHeader("x-request-id", "req_" + n)
                .setBody(
                    "{\"id\":\""
                        + id
                        + "\",\"object\":\"chat.completion\",\"created\":"
                        + (1764000000 + n)
                        + ",\"system_fingerprint\":\"fp_"
                        + n
                        + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\""
                        + answer
                        + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
                        + "\"completion_tokens\":"
                        + tokens
                        + ",\"total_tokens\":"
                        + (9 + tokens)
                        + "}}");
          }
        });
    return server;
  }

  static String chunk(String id, int n, String content) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"chat.completion.chunk\",\"created\":"
        + (1764000000 + n)
        + ",\"system_fingerprint\":\"fp_"
        + n
        + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + content
        + "\"}}]}";
  }

  /** One "test suite" run: the given prompts through an interceptor in {@code mode}. */
  Map<String, Path> runSuite(MockWebServer live, Mode mode, String... prompts) throws IOException {
    Map<String, Path> files = new LinkedHashMap<>();
    FixtureListener listener =
        new FixtureListener() {
          @Override
          public void replayed(RequestKey key, Path file) {
            files.put(key.hex(), file);
          }

          @Override
          public void recorded(RequestKey key, Path file) {
            files.put(key.hex(), file);
          }

          @Override
          public void missed(RequestKey key) {}
        };
    RecordReplayInterceptor interceptor =
        RecordReplayInterceptor.builder()
            .recordings(recordings)
            .mode(mode)
            .normalizeVolatileFields(true)
            .listener(listener)
            .build();
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(interceptor).build();
    Map<String, Path> byPrompt = new LinkedHashMap<>();
    for (String prompt : prompts) {
      boolean stream = prompt.equals(GERMANY);
      String json =
          "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\""
              + prompt
              + "\"}]"
              + (stream ? ",\"stream\":true" : "")
              + "}";
      Request request =
          new Request.Builder()
              .url(live.url("/v1/chat/completions"))
              .header("Authorization", "Bearer " + KEY)
              .post(RequestBody.create(json, MediaType.get("application/json")))
              .build();
      try (Response r = client.newCall(request).execute()) {
        assertThat(r.code()).isEqualTo(200);
        r.body().string();
      }
      byPrompt.put(prompt, files.get(Access.replayer(interceptor).keyOf(request).hex()));
    }
    return byPrompt;
  }

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** Runs the {@code llm-replay} command line in-process. */
  int cli(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cl = Main.commandLine(new Main());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  String rel(Path file) {
    return project.relativize(file).toString().replace('\\', '/');
  }

  Path snapshot(String name) throws IOException {
    Path copy = project.resolve("snapshots").resolve(name);
    Files.createDirectories(copy);
    try (Stream<Path> s = Files.walk(recordings)) {
      for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
        Path target = copy.resolve(recordings.relativize(p).toString());
        Files.createDirectories(target.getParent());
        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return copy;
  }

  Map<String, byte[]> bytes() throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (Stream<Path> s = Files.walk(recordings)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().collect(Collectors.toList()))
        out.put(rel(p), Files.readAllBytes(p));
    }
    return out;
  }

  /** The ledger as the JUnit extension writes it, through the same {@link UsageLedger}. */
  void writeLedger(Map<String, Path> used, Map<String, Path> recorded) throws IOException {
    UsageLedger ledger = UsageLedger.inProject(project);
    List<TestUsage> tests = new ArrayList<>();
    for (String prompt : List.of(FRANCE, GERMANY)) {
      List<String> u =
          used.containsKey(prompt) ? List.of(ledger.pathOf(used.get(prompt))) : List.of();
      List<String> r =
          recorded.containsKey(prompt) ? List.of(ledger.pathOf(recorded.get(prompt))) : List.of();
      String test =
          "com.example.CapitalsTest#" + (prompt.equals(FRANCE) ? "france" : "germany") + "()";
      tests.add(TestUsage.of(test, u, r));
    }
    ledger.merge(tests);
  }

  @Test
  void recordMissingPruneReportRecordRefresh() throws IOException, InterruptedException {
    // Yesterday: the suite recorded France and a prompt that a test has since stopped sending.
    Map<String, Path> old = runSuite(yesterday, Mode.RECORD, FRANCE, UNUSED);
    Path france = old.get(FRANCE);
    Path unused = old.get(UNUSED);
    Path before = snapshot("before");
    Map<String, byte[]> original = bytes();

    // 1. record-missing: today's suite sends France (recorded) and Germany (new).
    Map<String, Path> run1 = runSuite(today, Mode.RECORD_MISSING, FRANCE, GERMANY);
    assertThat(today.getRequestCount()).isEqualTo(1); // only the missing one went live
    Path germany = run1.get(GERMANY);
    assertThat(run1.get(FRANCE)).isEqualTo(france);
    Map<String, byte[]> afterRecordMissing = bytes();
    assertThat(afterRecordMissing.keySet())
        .containsExactlyInAnyOrder(rel(france), rel(unused), rel(germany));
    assertThat(afterRecordMissing.get(rel(france))).isEqualTo(original.get(rel(france)));
    assertThat(afterRecordMissing.get(rel(unused))).isEqualTo(original.get(rel(unused)));

    // 2. prune (the command line's prune) with the usage ledger the JUnit extension writes.
    writeLedger(Map.of(FRANCE, france), Map.of(GERMANY, germany));
    Path ledger = project.resolve("target/llm-replay/usage.json");
    assertThat(cli("prune", recordings.toString(), "--usage", ledger.toString())).isZero();
    assertThat(out.toString()).contains("removed 1 of 3 fixture files (2 kept)");
    assertThat(Files.exists(unused)).isFalse();
    assertThat(bytes().keySet()).containsExactlyInAnyOrder(rel(france), rel(germany));

    // 3. verify (parseable, complete streams, no secrets).
    assertThat(cli("verify", recordings.toString())).as(out + "\n" + err).isZero();

    // 4. the change report.
    assertThat(ChangeReport.compare(before, recordings, "recordings").toMarkdown())
        .isEqualTo(
            String.join(
                "\n",
                "## llm-replay fixture report",
                "",
                "1 added, 1 removed, 1 unchanged.",
                "",
                "### Added (1)",
                "",
                "- `" + rel(germany) + "`: POST /v1/chat/completions, gpt-4o-mini, text `Berlin`",
                "",
                "### Removed (1)",
                "",
                "- `" + rel(unused) + "`: POST /v1/chat/completions, gpt-4o-mini",
                ""));

    // 5. record: today's suite re-records everything it touches.
    Path beforeRecord = snapshot("before-record");
    Map<String, byte[]> beforeRecordBytes = bytes();
    int calls = today.getRequestCount();
    runSuite(today, Mode.RECORD, FRANCE, GERMANY);
    assertThat(today.getRequestCount()).isEqualTo(calls + 2);
    Map<String, byte[]> afterRecord = bytes();
    // Both files were rewritten (recorded_at, timing) ...
    assertThat(afterRecord.get(rel(france))).isNotEqualTo(beforeRecordBytes.get(rel(france)));
    assertThat(afterRecord.get(rel(germany))).isNotEqualTo(beforeRecordBytes.get(rel(germany)));
    // ... but only France's answer changed, and that is all the report says.
    ChangeReport report = ChangeReport.compare(beforeRecord, recordings, "recordings");
    String md = report.toMarkdown();
    assertThat(md)
        .isEqualTo(
            String.join(
                "\n",
                "## llm-replay fixture report",
                "",
                "1 changed, 1 unchanged.",
                "",
                "### Changed (1)",
                "",
                "#### `" + rel(france) + "`",
                "",
                "POST /v1/chat/completions, gpt-4o-mini",
                "",
                "- Text changed:",
                "",
                "  ```diff",
                "  - Paris",
                "  + Paris is the capital of France.",
                "  ```",
                "",
                "- Token usage: output 1 → 6, total 10 → 15",
                ""));
    for (String volatileWord :
        List.of(
            rel(germany),
            "chatcmpl",
            "rec-",
            "created",
            "fingerprint",
            "fp_",
            "req_",
            "x-request-id",
            "t_ms",
            "recorded_at")) {
      assertThat(md).as(volatileWord).doesNotContain(volatileWord);
    }

    // 6. refresh against an upstream that fails (500, then a dropped connection): nothing changes.
    Map<String, byte[]> beforeRefresh = bytes();
    MockWebServer broken = MockWebServerExtension.start();
    QueueDispatcher failing = new QueueDispatcher();
    failing.setFailFast(
        new MockResponse().setResponseCode(500).setBody("{\"error\":{\"message\":\"boom\"}}"));
    broken.setDispatcher(failing);
    try {
      ChangeReport r500 =
          Refresher.builder()
              .target(broken.url("/").toString())
              .apiKey(KEY)
              .build()
              .refresh(List.of(recordings));
      assertThat(r500.failed()).hasSize(2);
      assertThat(bytes()).containsOnlyKeys(beforeRefresh.keySet());
      for (String k : beforeRefresh.keySet())
        assertThat(bytes().get(k)).as(k).isEqualTo(beforeRefresh.get(k));
      failing.setFailFast(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
      ChangeReport dropped =
          Refresher.builder()
              .target(broken.url("/").toString())
              .apiKey(KEY)
              .build()
              .refresh(List.of(recordings));
      assertThat(dropped.failed()).hasSize(2);
      for (String k : beforeRefresh.keySet())
        assertThat(bytes().get(k)).as(k).isEqualTo(beforeRefresh.get(k));
      Files.writeString(
          project.resolve("report.md"), r500.toMarkdown() + dropped.toMarkdown() + md);
    } finally {
      broken.shutdown();
    }

    // The key was sent on every live call and is in no file: fixtures, snapshots, ledger, report.
    assertThat(today.takeRequest().getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    try (Stream<Path> s = Files.walk(project)) {
      for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
            .as(p.toString())
            .doesNotContain(KEY);
      }
    }
  }
}
