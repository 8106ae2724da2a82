package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.HeaderMap;
import dev.llmreplay.internal.fixture.Provenance;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.MockWebServerExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code refresh} and {@code report} commands, run in-process against a MockWebServer. */
@ExtendWith(MockWebServerExtension.class)
class RefreshCommandTest {
  static final String KEY = "test-key-7d41be09c2";
  static final String REQUEST =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Capital of"
          + " France?\"}]}";

  @TempDir Path tmp;
  Path recordings;
  MockWebServer live;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  @BeforeEach
  void start(MockWebServer live) throws IOException {
    this.live = live;
    recordings = tmp.resolve("recordings");
    Files.createDirectories(recordings);
    RecordedRequest request =
        RecordedRequest.builder()
            .method("POST")
            .url("https://api.openai.com/v1/chat/completions")
            .headers(HeaderMap.of(Map.of("authorization", List.of("[REDACTED]"))))
            .body(Body.json(Json.parse(REQUEST)))
            .endpoint("/v1/chat/completions")
            .model("gpt-4o-mini")
            .build();
    RecordedResponse response =
        RecordedResponse.builder()
            .headers(HeaderMap.of(Map.of("content-type", List.of("application/json"))))
            .body(Body.json(Json.parse(completion("Paris"))))
            .build();
    Files.write(
        recordings.resolve("a.json"),
        FixtureCodec.write(
            new Fixture(
                request,
                List.of(response),
                new Provenance(Instant.parse("2025-01-01T00:00:00Z"), "api.openai.com", "0.1.0"))));
  }

  static String completion(String content) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\""
        + content
        + "\"},\"finish_reason\":\"stop\"}]}";
  }

  /**
   * The command line as {@link Main} configures it; {@code env} stands in for the process
   * environment.
   */
  int run(Map<String, String> env, String... args) {
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> cls) throws Exception {
            return cls == RefreshCommand.class
                ? cls.cast(new RefreshCommand(env::get))
                : CommandLine.defaultFactory().create(cls);
          }
        };
    CommandLine cl = Main.commandLine(new Main(), factory);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  int refresh(Map<String, String> env, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "refresh";
    System.arraycopy(args, 0, all, 1, args.length);
    return run(env, all);
  }

  int report(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "report";
    System.arraycopy(args, 0, all, 1, args.length);
    return run(Map.of(), all);
  }

  String fixtureName() {
    return recordings.resolve("a.json").toString().replace('\\', '/');
  }

  void assertKeyNowhere() throws IOException {
    assertThat(out.toString()).doesNotContain(KEY);
    assertThat(err.toString()).doesNotContain(KEY);
    try (Stream<Path> s = Files.walk(tmp)) {
      for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
            .as(p.toString())
            .doesNotContain(KEY);
      }
    }
  }

  @Test
  void refreshesWritesTheReportAndExitsZero() throws IOException, InterruptedException {
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody(completion("Paris, France")));
    Path report = tmp.resolve("out/report.md");
    int code =
        refresh(
            Map.of("OPENAI_API_KEY", KEY),
            recordings.toString(),
            "--target",
            live.url("/").toString(),
            "--api-key-env",
            "OPENAI_API_KEY",
            "--report",
            report.toString());
    assertThat(code).isZero();
    assertThat(live.takeRequest().getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(out.toString().replace("\r\n", "\n"))
        .isEqualTo("refreshed " + fixtureName() + ": text changed\n1 changed.\n");
    assertThat(err.toString()).isEmpty();
    assertThat(Files.readString(report))
        .isEqualTo(
            String.join(
                "\n",
                "## llm-replay fixture refresh",
                "",
                "1 changed.",
                "",
                "### Changed (1)",
                "",
                "#### `" + fixtureName() + "`",
                "",
                "POST /v1/chat/completions, gpt-4o-mini",
                "",
                "- Text changed:",
                "",
                "  ```diff",
                "  - Paris",
                "  + Paris, France",
                "  ```",
                ""));
    assertThat(
            Json.parse(Files.readAllBytes(recordings.resolve("a.json")))
                .at("/response/body/choices/0/message/content")
                .asText())
        .isEqualTo("Paris, France");
    assertKeyNowhere();
  }

  @Test
  void aFailingUpstreamExitsOneAndLeavesTheFixture() throws IOException {
    byte[] before = Files.readAllBytes(recordings.resolve("a.json"));
    live.enqueue(new MockResponse().setResponseCode(503).setBody("overloaded"));
    int code =
        refresh(
            Map.of("K", KEY),
            recordings.toString(),
            "--target",
            live.url("/").toString(),
            "--api-key-env",
            "K");
    assertThat(code).isEqualTo(1);
    assertThat(Files.readAllBytes(recordings.resolve("a.json"))).isEqualTo(before);
    assertThat(out.toString().replace("\r\n", "\n"))
        .isEqualTo(
            "FAILED "
                + fixtureName()
                + ": HTTP 503 Server Error: overloaded; fixture left as it was\n1 failed.\n");
    assertThat(err.toString().replace("\r\n", "\n"))
        .isEqualTo("llm-replay refresh: 1 fixture not refreshed (left byte-identical)\n");
    assertKeyNowhere();
  }

  @Test
  void dryRunExitsZeroAndWritesNothing() throws IOException {
    byte[] before = Files.readAllBytes(recordings.resolve("a.json"));
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setBody(completion("Lyon")));
    int code =
        refresh(
            Map.of("K", KEY),
            recordings.toString(),
            "--target",
            live.url("/").toString(),
            "--api-key-env",
            "K",
            "--dry-run");
    assertThat(code).isZero();
    assertThat(Files.readAllBytes(recordings.resolve("a.json"))).isEqualTo(before);
    assertThat(out.toString().replace("\r\n", "\n"))
        .isEqualTo("checked " + fixtureName() + ": text changed\n1 would change.\n");
  }

  @Test
  void aMissingKeyVariableExitsTwoBeforeAnyRequest() {
    int code =
        refresh(
            Map.of(),
            recordings.toString(),
            "--target",
            live.url("/").toString(),
            "--api-key-env",
            "OPENAI_API_KEY");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().replace("\r\n", "\n"))
        .isEqualTo("llm-replay refresh: environment variable OPENAI_API_KEY is not set or empty\n");
    assertThat(live.getRequestCount()).isZero();
    code =
        refresh(
            Map.of("OPENAI_API_KEY", " "),
            recordings.toString(),
            "--target",
            live.url("/").toString(),
            "--api-key-env",
            "OPENAI_API_KEY");
    assertThat(code).isEqualTo(2);
  }

  @Test
  void badTargetMissingDirectoryAndMissingOptionsExitTwo() {
    assertThat(
            refresh(
                Map.of("K", KEY),
                recordings.toString(),
                "--target",
                "ftp://x",
                "--api-key-env",
                "K"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("llm-replay refresh: not an http(s) URL: ftp://x");
    assertThat(
            refresh(
                Map.of("K", KEY),
                tmp.resolve("nope").toString(),
                "--target",
                live.url("/").toString(),
                "--api-key-env",
                "K"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("llm-replay refresh: no such directory: " + tmp.resolve("nope"));
    assertThat(refresh(Map.of("K", KEY), recordings.toString(), "--api-key-env", "K")).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "llm-replay refresh: missing required option: '--target=URL' (see 'llm-replay refresh"
                + " --help')");
    assertThat(live.getRequestCount()).isZero();
  }

  @Test
  void reportComparesTwoDirectories() throws IOException {
    Path before = tmp.resolve("before");
    Files.createDirectories(before);
    Files.copy(recordings.resolve("a.json"), before.resolve("a.json"));
    Files.copy(recordings.resolve("a.json"), recordings.resolve("b.json"));
    assertThat(report(before.toString(), recordings.toString(), "--label", "recordings")).isZero();
    assertThat(out.toString().replace("\r\n", "\n"))
        .isEqualTo(
            "## llm-replay fixture report\n\n1 added, 1 unchanged.\n\n### Added (1)\n\n"
                + "- `recordings/b.json`: POST /v1/chat/completions, gpt-4o-mini, text `Paris`\n");

    Path md = tmp.resolve("r.md");
    out.getBuffer().setLength(0);
    assertThat(
            report(
                before.toString(),
                recordings.toString(),
                "--label",
                "x",
                "--out",
                md.toString(),
                "--title",
                "Fixture $1 refresh"))
        .isZero();
    assertThat(out.toString().replace("\r\n", "\n")).isEqualTo("1 added, 1 unchanged.\n");
    assertThat(Files.readString(md)).startsWith("## Fixture $1 refresh\n\n1 added, 1 unchanged.\n");

    assertThat(report(before.toString(), tmp.resolve("nope").toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("llm-replay report: no such directory: " + tmp.resolve("nope"));
  }
}
