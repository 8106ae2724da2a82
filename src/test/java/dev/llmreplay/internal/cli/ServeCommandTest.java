package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.server.ReplayServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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

/** Runs {@code serve} in-process and talks to the server it starts with a real OkHttp client. */
class ServeCommandTest {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String SEED_BODY =
      "{\"model\": \"meta-llama/Llama-3.3-70B-Instruct-Turbo-Free\", \"prompt\": \"Respond to this"
          + " question and explain your answer. Complete the sentence using one word: Roses are"
          + " red, violets are \", \"max_tokens\": 50, \"stream\": true}";

  @TempDir Path dir;

  private static Request post(ReplayServer server, String path, String body) {
    return new Request.Builder()
        .url(server.baseUrl() + path)
        .post(RequestBody.create(body, JSON))
        .build();
  }

  /** The SSE events of a body, split on blank lines. */
  private static List<String> events(String sse) {
    List<String> out = new ArrayList<>();
    for (String e : sse.split("\n\n")) if (!e.isBlank()) out.add(e);
    return out;
  }

  @Test
  void servesTheSeedStreamAndLogsEachRequest() {
    OkHttpClient client = new OkHttpClient();
    AtomicReference<String> stream = new AtomicReference<>();
    AtomicReference<String> contentType = new AtomicReference<>();
    AtomicReference<String> miss = new AtomicReference<>();
    AtomicInteger missStatus = new AtomicInteger();
    AtomicReference<String> baseUrl = new AtomicReference<>();
    Main main =
        new Main(
            false,
            InputStream.nullInputStream(),
            server -> {
              baseUrl.set(server.baseUrl());
              try (Response r =
                  client.newCall(post(server, "/v1/completions", SEED_BODY)).execute()) {
                contentType.set(r.header("Content-Type"));
                stream.set(r.body().string());
              }
              try (Response r =
                  client
                      .newCall(post(server, "/v1/completions", "{\"prompt\": \"other\"}"))
                      .execute()) {
                missStatus.set(r.code());
                miss.set(r.body().string());
              }
            });
    Cli r = Cli.run(main, "serve", "recordings", "--port", "0");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.err).isEmpty();

    List<String> events = events(stream.get());
    assertThat(contentType.get()).startsWith("text/event-stream");
    assertThat(events).hasSize(51);
    assertThat(events.get(0)).startsWith("data: {\"id\":\"oBUszH9-4Yz4kd-98019fa76a947327\"");
    assertThat(events.get(50)).isEqualTo("data: [DONE]");

    assertThat(missStatus.get()).isEqualTo(404);
    assertThat(miss.get()).contains("\"type\":\"llm_replay_fixture_not_found\"");

    List<String> lines = r.outLines();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .isEqualTo("llm-replay serving recordings (1 fixture, mode replay) at " + baseUrl.get());
    assertThat(baseUrl.get()).matches("http://127\\.0\\.0\\.1:\\d+");
    assertThat(lines.get(1))
        .matches(
            "\\S+ POST /v1/completions HIT 200 \\S*seed-legacy-completion-stream\\.json \\d+ms");
    assertThat(lines.get(2)).matches("\\S+ POST /v1/completions MISS \\d+ms");
  }

  @Test
  void theServerIsClosedWhenServingEnds() {
    AtomicInteger port = new AtomicInteger();
    Cli r =
        Cli.run(
            new Main(false, InputStream.nullInputStream(), s -> port.set(s.port())),
            "serve",
            "recordings",
            "--port",
            "0");
    assertThat(r.exit).isEqualTo(0);
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port.get()).close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void pacingSpreadsTheStreamOverTime() {
    OkHttpClient client = new OkHttpClient();
    List<Long> arrivals = new ArrayList<>();
    Main main =
        new Main(
            false,
            InputStream.nullInputStream(),
            server -> {
              // Timed from before the call: pacing counts from when the replay starts, which is
              // later, so a loaded machine can only make the events later, never earlier.
              long start = System.nanoTime();
              try (Response r =
                  client.newCall(post(server, "/v1/completions", SEED_BODY)).execute()) {
                BufferedSource source = r.body().source();
                String line;
                while ((line = source.readUtf8Line()) != null) {
                  if (line.startsWith("data: "))
                    arrivals.add((System.nanoTime() - start) / 1_000_000);
                }
              }
            });
    Cli r = Cli.run(main, "serve", "recordings", "--port", "0", "--pacing", "fixed:10ms");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(arrivals).hasSize(51);
    // 10 ms before each event after the first: the last comes at least 490 ms after the call.
    assertThat(arrivals.get(50)).isGreaterThanOrEqualTo(490);
  }

  @Test
  void ignoredFieldsApplyToTheServedKeys() throws Exception {
    Path recordings = dir.resolve("rec");
    Fixtures.write(
        recordings, Fixtures.fixture(Fixtures.chat("hi"), Fixtures.chatStream("Hello", true)));
    OkHttpClient client = new OkHttpClient();
    AtomicReference<String> body = new AtomicReference<>();
    Main main =
        new Main(
            false,
            InputStream.nullInputStream(),
            server -> {
              String withUser =
                  "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                      + "\"stream\":true,\"user\":\"someone\"}";
              try (Response r =
                  client.newCall(post(server, "/v1/chat/completions", withUser)).execute()) {
                body.set(r.code() + " " + r.body().string());
              }
            });
    Cli r = Cli.run(main, "serve", recordings.toString(), "--port", "0", "--ignore-field", "/user");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(body.get())
        .startsWith("200 data: {\"model\":\"gpt-4o-mini\"")
        .endsWith("data: [DONE]\n\n");
  }

  @Test
  void severalDirectoriesAreLookedUpInOrder() throws Exception {
    Path other = dir.resolve("other");
    Fixtures.write(
        other,
        Fixtures.fixture(
            Fixtures.chat("from the second dir"), Fixtures.chatStream("Second", true)));
    String secondBody = Json.compact(Fixtures.chat("from the second dir").body().json());
    OkHttpClient client = new OkHttpClient();
    List<String> bodies = new ArrayList<>();
    Main main =
        new Main(
            false,
            InputStream.nullInputStream(),
            server -> {
              for (String[] call :
                  new String[][] {
                    {"/v1/completions", SEED_BODY},
                    {"/v1/chat/completions", secondBody}
                  }) {
                try (Response r = client.newCall(post(server, call[0], call[1])).execute()) {
                  bodies.add(r.code() + " " + r.body().string());
                }
              }
            });
    Cli r = Cli.run(main, "serve", "recordings", other.toString(), "--port", "0");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.err).isEmpty();
    assertThat(r.outLines().get(0))
        .startsWith("llm-replay serving recordings, " + other + " (2 fixtures, mode replay) at ");
    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(0)).startsWith("200 data: {").endsWith("data: [DONE]\n\n");
    assertThat(bodies.get(1)).startsWith("200 data: {").contains("Second");
  }

  @Test
  void recordingWithNormalizeVolatileWritesConstantIdsAndTimes() throws Exception {
    Path recordings = dir.resolve("rec");
    AtomicReference<String> seen = new AtomicReference<>();
    try (MockWebServer live = new MockWebServer()) {
      live.enqueue(
          new MockResponse()
              .setHeader("Content-Type", "application/json")
              .setBody(
                  "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\","
                      + "\"created\":1700000000,\"choices\":[]}"));
      live.start();
      OkHttpClient client = new OkHttpClient();
      Main main =
          new Main(
              false,
              InputStream.nullInputStream(),
              server -> {
                try (Response r =
                    client
                        .newCall(post(server, "/v1/chat/completions", "{\"model\":\"m\"}"))
                        .execute()) {
                  seen.set(r.body().string());
                }
              });
      String target = live.url("/").toString();
      Cli r =
          Cli.run(
              main,
              "serve",
              recordings.toString(),
              "--mode",
              "record-missing",
              "--target",
              target.substring(0, target.length() - 1),
              "--normalize-volatile",
              "--port",
              "0");
      assertThat(r.exit).as(r.toString()).isEqualTo(0);
    }
    // The client saw the live answer; the fixture keeps it normalized.
    assertThat(seen.get()).contains("chatcmpl-9");
    List<Path> files = FixtureStore.fixtureFiles(recordings);
    assertThat(files).hasSize(1);
    String fixture = Files.readString(files.get(0));
    assertThat(fixture).contains("\"id\": \"rec-").contains("\"created\": 0");
    assertThat(fixture).doesNotContain("chatcmpl-9").doesNotContain("1700000000");
  }

  @Test
  void unreadableFixturesAreWarnedAbout() throws Exception {
    Fixtures.writeText(dir, "broken.json", "{");
    Cli r = Cli.run("serve", dir.toString(), "--port", "0");
    assertThat(r.exit).isEqualTo(0);
    assertThat(r.err)
        .isEqualTo("warning: 1 fixture file cannot be read; run: llm-replay verify " + dir + "\n");
    assertThat(r.outLines().get(0))
        .startsWith("llm-replay serving " + dir + " (0 fixtures, mode replay) at ");
  }

  @Test
  void recordingModesNeedATargetAndCreateTheDirectory() {
    Cli noTarget = Cli.run("serve", dir.toString(), "--mode", "record-missing", "--port", "0");
    assertThat(noTarget.exit).isEqualTo(2);
    assertThat(noTarget.out).isEmpty();
    assertThat(noTarget.err)
        .isEqualTo(
            "llm-replay serve: --mode record-missing calls the real API: give it with --target URL"
                + " (e.g. --target https://api.openai.com)\n");

    Path fresh = dir.resolve("new-recordings");
    Cli r =
        Cli.run(
            "serve",
            fresh.toString(),
            "--mode",
            "record",
            "--target",
            "https://api.openai.com/",
            "--port",
            "0");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(fresh).isDirectory();
    assertThat(r.outLines().get(0))
        .startsWith(
            "llm-replay serving "
                + fresh
                + " (0 fixtures, mode record, target https://api.openai.com/) at ");
  }

  @Test
  void aHostBeyondThisMachineIsWarnedAboutAndABlankHostRefused() {
    Cli blank = Cli.run("serve", "recordings", "--host", "", "--port", "0");
    assertThat(blank.exit).isEqualTo(2);
    assertThat(blank.err)
        .isEqualTo(
            "llm-replay serve: --host must name an address, e.g. 127.0.0.1 (this machine only)\n");

    Cli loopback = Cli.run("serve", "recordings", "--host", "localhost", "--port", "0");
    assertThat(loopback.exit).isEqualTo(0);
    assertThat(loopback.err).isEmpty();

    Cli all = Cli.run("serve", "recordings", "--host", "0.0.0.0", "--port", "0");
    assertThat(all.exit).as(all.toString()).isEqualTo(0);
    assertThat(all.err)
        .isEqualTo(
            "WARNING: listening on 0.0.0.0, beyond this machine: anyone who can reach it gets the"
                + " recorded responses. Use --host 127.0.0.1 unless that is what you want.\n");
    Cli recording =
        Cli.run(
            "serve",
            dir.toString(),
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--mode",
            "record-missing",
            "--target",
            "https://api.openai.com");
    assertThat(recording.err)
        .contains(
            "and, in mode record-missing, calls the real API with your key. Use --host 127.0.0.1");
  }

  @Test
  void errors() throws Exception {
    assertThat(Cli.run("serve", dir.resolve("none").toString()).err)
        .isEqualTo("llm-replay serve: no such directory: " + dir.resolve("none") + "\n");
    Cli badMode = Cli.run("serve", "recordings", "--mode", "fast");
    assertThat(badMode.exit).isEqualTo(2);
    assertThat(badMode.err)
        .isEqualTo(
            "llm-replay serve: --mode: unknown llm-replay mode 'fast': use one of replay, record,"
                + " record-missing (or record-if-missing), live\n");
    Cli badPacing = Cli.run("serve", "recordings", "--pacing", "slow");
    assertThat(badPacing.exit).isEqualTo(2);
    assertThat(badPacing.err)
        .isEqualTo(
            "llm-replay serve: --pacing: unknown pacing 'slow': use none, recorded,"
                + " recorded:<scale> or fixed:<n>ms\n");
    Cli badTarget =
        Cli.run("serve", "recordings", "--mode", "record", "--target", "api.openai.com");
    assertThat(badTarget.exit).isEqualTo(2);
    assertThat(badTarget.err)
        .isEqualTo(
            "llm-replay serve: --target must be an http(s) URL such as https://api.openai.com, got"
                + " 'api.openai.com'\n");
    Cli badPort = Cli.run("serve", "recordings", "--port", "70000");
    assertThat(badPort.exit).isEqualTo(2);
    assertThat(badPort.err).isEqualTo("llm-replay serve: --port must be 0..65535, got 70000\n");

    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      Cli inUse = Cli.run("serve", "recordings", "--port", String.valueOf(port));
      assertThat(inUse.exit).isEqualTo(2);
      assertThat(inUse.out).isEmpty();
      assertThat(inUse.err)
          .startsWith("llm-replay serve: cannot listen on 127.0.0.1:" + port + " (")
          .endsWith("); use --port 0 or another port\n");
    }
  }

  @Test
  void theMissAnswerIsAnOpenAiShapedErrorWithTheNearestFixture() {
    OkHttpClient client = new OkHttpClient();
    AtomicReference<String> miss = new AtomicReference<>();
    Main main =
        new Main(
            false,
            InputStream.nullInputStream(),
            server -> {
              try (Response r =
                  client
                      .newCall(post(server, "/v1/completions", SEED_BODY.replace("50", "51")))
                      .execute()) {
                miss.set(r.body().string());
              }
            });
    assertThat(Cli.run(main, "serve", "recordings", "--port", "0").exit).isEqualTo(0);
    assertThat(miss.get()).isNotNull();
    try {
      String message = Json.parse(miss.get()).path("error").path("message").asText();
      assertThat(message).contains("changed  /max_tokens: 50 → 51");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void perPathTargetsAreNamedAndATargetTwiceWithoutAPathIsAnError() {
    Cli r =
        Cli.run(
            "serve",
            dir.toString(),
            "--port",
            "0",
            "--mode",
            "record-missing",
            "--target",
            "/v1/messages=https://api.anthropic.com");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.outLines().get(0))
        .contains("mode record-missing, target /v1/messages=https://api.anthropic.com) at ");
    Cli twice =
        Cli.run(
            "serve",
            dir.toString(),
            "--port",
            "0",
            "--target",
            "https://a.example",
            "--target",
            "https://b.example");
    assertThat(twice.exit).isEqualTo(2);
    assertThat(twice.err)
        .isEqualTo(
            "llm-replay serve: --target given twice without a path: https://a.example and"
                + " https://b.example (use --target /PATH=URL for per-path upstreams)\n");
  }
}
