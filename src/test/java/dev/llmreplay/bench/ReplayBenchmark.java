package dev.llmreplay.bench;

import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.MockWebServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
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
import okio.Buffer;

/**
 * Replays the seed's 50-chunk stream through the interceptor and, in the same run, through a
 * MockWebServer serving the same bytes; then times building the index of 3,000 generated fixtures.
 * A harness, not a test: run it in a JVM of its own (not inside Maven's) with
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) dev.llmreplay.bench.ReplayBenchmark
 * </pre>
 */
public final class ReplayBenchmark {
  static final String SEED_BODY =
      "{\"model\":\"meta-llama/Llama-3.3-70B-Instruct-Turbo-Free\",\"prompt\":\"Respond to this"
          + " question and explain your answer. Complete the sentence using one word: Roses are"
          + " red, violets are \",\"max_tokens\":50,\"stream\":true}";

  private ReplayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    Path recordings = Path.of("recordings");
    System.out.printf(
        "llm-replay benchmark (%d cores, Java %s)%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

    OkHttpClient replay =
        new OkHttpClient.Builder()
            .addInterceptor(
                RecordReplayInterceptor.builder().recordings(recordings).mode(Mode.REPLAY).build())
            .build();
    Request viaInterceptor = request("http://127.0.0.1:9/v1/completions");
    byte[] seedBytes = body(replay, viaInterceptor);
    System.out.printf(
        "seed stream: %d bytes, %d events%n",
        seedBytes.length, new String(seedBytes, StandardCharsets.UTF_8).split("\n\n").length);

    double interceptor = medianMicros(replay, viaInterceptor, calls * 4, 30_000);
    double mock = mockWebServerMicros(seedBytes, false, 100, 10);
    double mockNoDelay = mockWebServerMicros(seedBytes, true, calls, 5_000);
    System.out.printf("replay via interceptor:  median %9.1f µs per call%n", interceptor);
    System.out.printf("MockWebServer, same bytes: median %9.1f µs per call%n", mock);
    System.out.printf("MockWebServer + TCP_NODELAY: median %9.1f µs per call%n", mockNoDelay);
    System.out.printf(
        "interceptor is %.0fx faster than MockWebServer (%.1fx with TCP_NODELAY)%n",
        mock / interceptor, mockNoDelay / interceptor);

    Path dir = Files.createTempDirectory("llm-replay-bench");
    try {
      generate(dir, 3000);
      long[] ms = new long[5];
      int entries = 0;
      for (int i = 0; i < ms.length; i++) {
        long t0 = System.nanoTime();
        FixtureStore store =
            Access.replayer(ReplaySettings.builder().recordings(dir).build()).store();
        entries = store.entries().size();
        ms[i] = (System.nanoTime() - t0) / 1_000_000;
      }
      System.out.printf(
          "index of %d fixtures: first %d ms, then %s ms%n",
          entries, ms[0], Arrays.toString(Arrays.copyOfRange(ms, 1, ms.length)));
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** MockWebServer serving the seed bytes; optionally with TCP_NODELAY on accepted sockets. */
  static double mockWebServerMicros(byte[] seedBytes, boolean noDelay, int calls, int warmup)
      throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      if (noDelay) server.setServerSocketFactory(MockWebServerExtension.noDelaySockets());
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return new MockResponse()
                  .setHeader("Content-Type", "text/event-stream")
                  .setBody(new Buffer().write(seedBytes));
            }
          });
      server.start();
      OkHttpClient plain = new OkHttpClient();
      return medianMicros(plain, request(server.url("/v1/completions").toString()), calls, warmup);
    }
  }

  /** Server sockets whose accepted connections do not wait for delayed ACKs (Nagle off). */
  static Request request(String url) {
    return new Request.Builder()
        .url(url)
        .post(RequestBody.create(SEED_BODY, MediaType.get("application/json")))
        .build();
  }

  static byte[] body(OkHttpClient client, Request request) throws IOException {
    try (Response r = client.newCall(request).execute()) {
      return r.body().bytes();
    }
  }

  static double medianMicros(OkHttpClient client, Request request, int n, int warmup)
      throws IOException {
    // Warm up until the JIT has compiled the path (the interceptor needs ~20k calls).
    for (int i = 0; i < warmup; i++) body(client, request);
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      body(client, request);
      t[i] = System.nanoTime() - t0;
    }
    Arrays.sort(t);
    return t[n / 2] / 1000.0;
  }

  /** Writes n small chat-completion fixtures in llm-replay's format. */
  static void generate(Path dir, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      String json =
          "{\n  \"llm_replay\": {\"format\": 1},\n  \"request\": {\"method\": \"POST\", \"url\": \"https://api.openai.com/v1/chat/completions\","
              + " \"headers\": {}, \"body\": {\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"question "
              + i
              + "\"}]}},\n  \"response\": {\"status\": 200, \"headers\": {\"content-type\": \"application/json\"},"
              + " \"is_streaming\": false, \"body\": {\"id\": \"chatcmpl-"
              + i
              + "\", \"choices\": [{\"index\": 0, \"message\":"
              + " {\"role\": \"assistant\", \"content\": \"answer "
              + i
              + "\"}, \"finish_reason\": \"stop\"}]}}\n}\n";
      Json.parse(json); // keep the generator honest
      Files.writeString(dir.resolve(String.format("f%05d.json", i)), json);
    }
  }
}
