package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.MockWebServerExtension;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import okio.BufferedSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Streams stay streams: while recording and while replaying. */
@ExtendWith(MockWebServerExtension.class)
class StreamingRecordTest {
  @TempDir Path recordings;
  MockWebServer live;

  @BeforeEach
  void start(MockWebServer live) {
    this.live = live;
  }

  OkHttpClient client(Mode mode, Pacing pacing) {
    return new OkHttpClient.Builder()
        .readTimeout(Duration.ofSeconds(20))
        .addInterceptor(
            RecordReplayInterceptor.builder()
                .recordings(recordings)
                .mode(mode)
                .pacing(pacing)
                .build())
        .build();
  }

  Request request() {
    return new Request.Builder()
        .url(live.url("/v1/chat/completions"))
        .post(
            RequestBody.create(
                "{\"model\":\"m\",\"stream\":true}", MediaType.get("application/json")))
        .build();
  }

  static String[] events(int n) {
    String[] data = new String[n];
    for (int i = 0; i < n - 1; i++)
      data[i] = "{\"choices\":[{\"delta\":{\"content\":\"t" + i + "\"}}]}";
    data[n - 1] = "[DONE]";
    return data;
  }

  long fixtureCount() throws IOException {
    try (Stream<Path> s = Files.list(recordings)) {
      return s.filter(p -> p.toString().endsWith(".json")).count();
    } catch (java.nio.file.NoSuchFileException e) {
      return 0;
    }
  }

  /** Reads SSE lines, noting when each data line arrived (ms since the call started). */
  static List<long[]> readDataLineArrivals(BufferedSource source, long start) throws IOException {
    List<long[]> arrivals = new ArrayList<>();
    String line;
    int i = 0;
    while ((line = source.readUtf8Line()) != null) {
      if (line.startsWith("data:"))
        arrivals.add(new long[] {i++, (System.nanoTime() - start) / 1_000_000});
    }
    return arrivals;
  }

  @Test
  void whileRecordingTheClientSeesTheFirstChunkBeforeTheUpstreamHasFinished() throws IOException {
    String sse = Sse.of(events(6));
    int perEvent = sse.length() / 6 + 1;
    // One event every 150 ms: the upstream needs ~750 ms for the whole body.
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "text/event-stream")
            .setBody(sse)
            .throttleBody(perEvent, 150, TimeUnit.MILLISECONDS));
    long start = System.nanoTime();
    List<long[]> arrivals;
    try (Response r = client(Mode.RECORD, Pacing.NONE).newCall(request()).execute()) {
      arrivals = readDataLineArrivals(r.body().source(), start);
    }
    assertThat(arrivals).hasSize(6);
    long first = arrivals.get(0)[1];
    long last = arrivals.get(5)[1];
    // Causality, not speed: the last chunk only exists ~600 ms after the first one was sent, so a
    // recorder that buffered the body would deliver both at the same moment.
    assertThat(last - first).isGreaterThanOrEqualTo(400);
    JsonNode f = Json.parse(Files.readAllBytes(Files.list(recordings).findFirst().orElseThrow()));
    JsonNode ev = f.at("/response/events");
    assertThat(ev).hasSize(6);
    assertThat(ev.get(5).get("t_ms").asLong() - ev.get(0).get("t_ms").asLong())
        .isGreaterThanOrEqualTo(400);
  }

  @Test
  void replayWithRecordedPacingKeepsTheGapsAndWithoutPacingDoesNot() throws IOException {
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "text/event-stream")
            .setBody(Sse.of(events(4)))
            .throttleBody(Sse.of(events(4)).length() / 4 + 1, 120, TimeUnit.MILLISECONDS));
    try (Response r = client(Mode.RECORD, Pacing.NONE).newCall(request()).execute()) {
      r.body().string();
    }
    live.shutdown();
    long start = System.nanoTime();
    List<long[]> paced;
    try (Response r = client(Mode.REPLAY, Pacing.RECORDED).newCall(request()).execute()) {
      paced = readDataLineArrivals(r.body().source(), start);
    }
    assertThat(paced).hasSize(4);
    JsonNode f = Json.parse(Files.readAllBytes(Files.list(recordings).findFirst().orElseThrow()));
    long recordedLast = f.at("/response/events/3/t_ms").asLong();
    assertThat(recordedLast).isGreaterThanOrEqualTo(200);
    // Pacing starts at the first read, after the call started: the last event cannot be earlier.
    assertThat(paced.get(3)[1]).isGreaterThanOrEqualTo(recordedLast);

    start = System.nanoTime();
    List<long[]> fixed;
    try (Response r =
        client(Mode.REPLAY, Pacing.fixed(Duration.ofMillis(100))).newCall(request()).execute()) {
      fixed = readDataLineArrivals(r.body().source(), start);
    }
    assertThat(fixed.get(3)[1]).isGreaterThanOrEqualTo(300);
  }

  @Test
  void anUpstreamThatFailsMidStreamWritesNothingAndTheClientSeesTheError() throws IOException {
    StringBuilder big = new StringBuilder();
    for (String e : events(200)) big.append("data: ").append(e).append("\n\n");
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "text/event-stream")
            .setBody(big.toString())
            .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    assertThatThrownBy(
            () -> {
              try (Response r = client(Mode.RECORD, Pacing.NONE).newCall(request()).execute()) {
                r.body().string();
              }
            })
        .isInstanceOf(IOException.class);
    assertThat(fixtureCount()).isZero();
    // A later replay must not find a truncated stream.
    assertThatThrownBy(() -> client(Mode.REPLAY, Pacing.NONE).newCall(request()).execute())
        .isInstanceOf(FixtureNotFoundException.class);
  }

  @Test
  void aClientThatStopsReadingEarlyStillGetsTheWholeStreamRecorded() throws IOException {
    String sse = Sse.of(events(30));
    live.enqueue(
        new MockResponse().setHeader("Content-Type", "text/event-stream").setChunkedBody(sse, 64));
    try (Response r = client(Mode.RECORD, Pacing.NONE).newCall(request()).execute()) {
      assertThat(r.body().source().readUtf8Line()).startsWith("data: ");
    }
    live.shutdown();
    try (Response r = client(Mode.REPLAY, Pacing.NONE).newCall(request()).execute()) {
      assertThat(r.body().string()).isEqualTo(sse);
    }
  }

  @Test
  void replayDeliversOneEventPerRead() throws IOException {
    String sse = Sse.of(events(5));
    live.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sse));
    try (Response r = client(Mode.RECORD, Pacing.NONE).newCall(request()).execute()) {
      r.body().string();
    }
    try (Response r = client(Mode.REPLAY, Pacing.NONE).newCall(request()).execute()) {
      BufferedSource source = r.body().source();
      List<String> reads = new ArrayList<>();
      okio.Buffer buffer = new okio.Buffer();
      while (source.read(buffer, 1 << 16) != -1) reads.add(buffer.readUtf8());
      assertThat(reads).hasSize(5);
      assertThat(reads.get(0)).isEqualTo("data: " + events(5)[0] + "\n\n");
      assertThat(reads.get(4)).isEqualTo("data: [DONE]\n\n");
    }
  }
}
