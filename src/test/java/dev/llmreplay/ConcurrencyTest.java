package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.MockWebServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One interceptor, many threads: different keys write different files, one key never corrupts. */
class ConcurrencyTest {
  @TempDir Path recordings;

  @Test
  void parallelRecordingAndReplay() throws Exception {
    try (MockWebServer live = MockWebServerExtension.start()) {
      live.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              String body = request.getBody().readUtf8();
              return new MockResponse()
                  .setHeader("Content-Type", "text/event-stream")
                  .setBody("data: {\"echo\":" + body + "}\n\ndata: [DONE]\n\n");
            }
          });
      RecordReplayInterceptor recorder =
          RecordReplayInterceptor.builder().recordings(recordings).mode(Mode.RECORD).build();
      OkHttpClient client = new OkHttpClient.Builder().addInterceptor(recorder).build();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
          // 40 distinct keys, each sent 4 times concurrently.
          int k = i % 40;
          results.add(pool.submit(() -> call(client, live.url("/v1/completions").toString(), k)));
        }
        for (int i = 0; i < results.size(); i++) {
          assertThat(results.get(i).get()).contains("\"n\":" + (i % 40) + "}");
        }
      } finally {
        pool.shutdown();
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(recordings)) {
        files = s.collect(Collectors.toList());
      }
      assertThat(files).hasSize(40).allMatch(p -> p.toString().endsWith(".json"));
      for (Path p : files) {
        JsonNode f = Json.parse(Files.readAllBytes(p));
        assertThat(f.get("responses")).hasSize(4);
      }
    }
    RecordReplayInterceptor replayer =
        RecordReplayInterceptor.builder().recordings(recordings).build();
    OkHttpClient replay = new OkHttpClient.Builder().addInterceptor(replayer).build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int k = i % 40;
        results.add(pool.submit(() -> call(replay, "http://127.0.0.1:9/v1/completions", k)));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get())
            .isEqualTo("data: {\"echo\":{\"n\":" + (i % 40) + "}}\n\ndata: [DONE]\n\n");
      }
    } finally {
      pool.shutdown();
    }
  }

  static String call(OkHttpClient client, String url, int n) throws IOException {
    Request r =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create("{\"n\":" + n + "}", MediaType.get("application/json")))
            .build();
    try (Response response = client.newCall(r).execute()) {
      return response.body().string();
    }
  }
}
