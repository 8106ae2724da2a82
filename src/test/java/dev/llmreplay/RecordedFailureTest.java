package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.BreakingUpstream;
import dev.llmreplay.testing.BreakingUpstream.End;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * Recorded failures: a live stream that fails mid-way is written, when asked, with the events
 * received and how it failed, and replays as those events and the same failure.
 */
class RecordedFailureTest {
  static final MediaType JSON = MediaType.get("application/json");
  static final List<String> EVENTS =
      List.of(
          "data: {\"choices\":[{\"delta\":{\"content\":\"Roses\"}}]}\n\n",
          "data: {\"choices\":[{\"delta\":{\"content\":\" are\"}}]}\n\n",
          "data: {\"choices\":[{\"delta\":{\"content\":\" red\"}}]}\n\n");

  @TempDir Path dir;

  OkHttpClient client(Mode mode, boolean recordFailures, Duration readTimeout) {
    return new OkHttpClient.Builder()
        .readTimeout(readTimeout)
        .addInterceptor(
            RecordReplayInterceptor.builder()
                .recordings(dir)
                .mode(mode)
                .recordFailures(recordFailures)
                .build())
        .build();
  }

  static Request request(String base) {
    return new Request.Builder()
        .url(base + "/v1/chat/completions")
        .post(RequestBody.create("{\"model\":\"m\",\"stream\":true}", JSON))
        .build();
  }

  /** Reads {@code n} data lines, calls {@code then}, then reads on until the body ends or fails. */
  static Throwable readThenFail(Response r, int n, Runnable then, List<String> data) {
    BufferedSource source = r.body().source();
    try {
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (line.startsWith("data: ")) {
          data.add(line.substring(6));
          if (data.size() == n) then.run();
        }
      }
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).toList();
    }
  }

  JsonNode onlyFixture() throws IOException {
    List<Path> files = files();
    assertThat(files).hasSize(1);
    return Json.parse(Files.readAllBytes(files.get(0)));
  }

  @Test
  void aResetAfterThreeEventsIsRecordedAndReplayedAsSuch() throws IOException {
    List<String> live = new ArrayList<>();
    Throwable liveFailure;
    try (BreakingUpstream upstream = BreakingUpstream.start(EVENTS, End.RESET)) {
      OkHttpClient recording = client(Mode.RECORD, true, Duration.ofSeconds(10));
      try (Response r = recording.newCall(request(upstream.url(""))).execute()) {
        liveFailure = readThenFail(r, 3, upstream::reset, live);
      }
    }
    assertThat(live).hasSize(3);
    assertThat(liveFailure).isInstanceOf(IOException.class);

    JsonNode response = onlyFixture().path("response");
    assertThat(response.path("events")).hasSize(3);
    assertThat(response.at("/events/2/data/choices/0/delta/content").asText()).isEqualTo(" red");
    assertThat(response.at("/failure/after_events").asInt()).isEqualTo(3);
    assertThat(response.at("/failure/kind").asText()).isEqualTo("reset");
    assertThat(response.at("/failure/message").asText()).isEqualTo(liveFailure.toString());

    List<String> replayed = new ArrayList<>();
    OkHttpClient replay = client(Mode.REPLAY, false, Duration.ofSeconds(10));
    try (Response r = replay.newCall(request("http://127.0.0.1:9")).execute()) {
      Throwable failure = readThenFail(r, 3, () -> {}, replayed);
      assertThat(failure)
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("llm-replay recorded failure: reset after 3 events");
    }
    assertThat(replayed).isEqualTo(live);
  }

  @Test
  void byDefaultAFailedStreamWritesNothing() throws IOException {
    try (BreakingUpstream upstream = BreakingUpstream.start(EVENTS, End.RESET)) {
      OkHttpClient recording = client(Mode.RECORD, false, Duration.ofSeconds(10));
      try (Response r = recording.newCall(request(upstream.url(""))).execute()) {
        assertThat(readThenFail(r, 3, upstream::reset, new ArrayList<>()))
            .isInstanceOf(IOException.class);
      }
    }
    assertThat(files()).isEmpty();
  }

  @Test
  void aCleanEndWithoutTheTerminalEventIsAnEofFailure() throws IOException {
    try (BreakingUpstream upstream = BreakingUpstream.start(EVENTS, End.CLEAN)) {
      OkHttpClient recording = client(Mode.RECORD, true, Duration.ofSeconds(10));
      try (Response r = recording.newCall(request(upstream.url(""))).execute()) {
        assertThat(Sse.dataLines(r.body().string())).hasSize(3);
      }
    }
    JsonNode failure = onlyFixture().at("/response/failure");
    assertThat(failure.path("kind").asText()).isEqualTo("eof");
    assertThat(failure.path("after_events").asInt()).isEqualTo(3);
    assertThat(failure.path("message").asText()).contains("without data: [DONE]");
    OkHttpClient replay = client(Mode.REPLAY, false, Duration.ofSeconds(10));
    try (Response r = replay.newCall(request("http://127.0.0.1:9")).execute()) {
      assertThat(Sse.dataLines(r.body().string())).hasSize(3);
    }
  }

  @Test
  void aReadTimeoutIsRecordedAndReplayedAsATimeout() throws IOException {
    List<String> live = new ArrayList<>();
    try (BreakingUpstream upstream = BreakingUpstream.start(EVENTS, End.RESET)) {
      OkHttpClient recording = client(Mode.RECORD, true, Duration.ofSeconds(1));
      try (Response r = recording.newCall(request(upstream.url(""))).execute()) {
        // The upstream holds the connection open after three events: the read times out.
        assertThat(readThenFail(r, 3, () -> {}, live)).isInstanceOf(SocketTimeoutException.class);
      } finally {
        upstream.reset();
      }
    }
    JsonNode failure = onlyFixture().at("/response/failure");
    assertThat(failure.path("kind").asText()).isEqualTo("timeout");
    assertThat(failure.path("after_events").asInt()).isEqualTo(3);

    List<String> replayed = new ArrayList<>();
    OkHttpClient replay = client(Mode.REPLAY, false, Duration.ofSeconds(10));
    try (Response r = replay.newCall(request("http://127.0.0.1:9")).execute()) {
      assertThat(readThenFail(r, 3, () -> {}, replayed))
          .isInstanceOf(SocketTimeoutException.class)
          .hasMessageContaining("timeout after 3 events");
    }
    assertThat(replayed).isEqualTo(live);
  }

  @Test
  void faultsComeOnTopOfARecordedFailure() throws IOException {
    try (BreakingUpstream upstream = BreakingUpstream.start(EVENTS, End.RESET)) {
      OkHttpClient recording = client(Mode.RECORD, true, Duration.ofSeconds(10));
      try (Response r = recording.newCall(request(upstream.url(""))).execute()) {
        readThenFail(r, 3, upstream::reset, new ArrayList<>());
      }
    }
    OkHttpClient replay =
        new OkHttpClient.Builder()
            .addInterceptor(
                RecordReplayInterceptor.builder().recordings(dir).faults("eof-after=1").build())
            .build();
    try (Response r = replay.newCall(request("http://127.0.0.1:9")).execute()) {
      assertThat(Sse.dataLines(r.body().string())).hasSize(1);
    }
  }
}
