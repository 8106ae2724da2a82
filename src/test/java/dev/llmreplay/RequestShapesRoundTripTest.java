package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.testing.MockWebServerExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every request shape that is recorded must be found again on replay (keys agree both ways). */
class RequestShapesRoundTripTest {
  @TempDir Path recordings;

  static Request shape(String base, int i) {
    MediaType json = MediaType.get("application/json");
    switch (i) {
      case 0:
        return new Request.Builder().url(base + "/v1/models").build();
      case 1:
        return new Request.Builder()
            .url(base + "/v1/models/gpt-4o%2Fmini?limit=2&after=a%20b")
            .build();
      case 2:
        return new Request.Builder().url(base + "/v1/files/file-1").delete().build();
      case 3:
        return new Request.Builder()
            .url(base + "/api/tags")
            .post(RequestBody.create(new byte[0], null))
            .build();
      case 4:
        return new Request.Builder()
            .url(base + "/v1/chat/completions")
            .post(
                RequestBody.create(
                    "{\"model\":\"m\",\"n\":1.0,\"t\":1e-7,\"big\":123456789012345678901234567890,\"u\":\"é😀\"}",
                    json))
            .build();
      case 5:
        return new Request.Builder()
            .url(base + "/openai/deployments/gpt/chat/completions?api-version=2024-06-01")
            .post(RequestBody.create("{\"messages\":[]}", json))
            .build();
      case 6:
        return new Request.Builder()
            .url(base + "/v1/embeddings")
            .post(RequestBody.create("  {\"input\" : [1, 2, 3]}  \n", json))
            .build();
      default:
        return new Request.Builder().url(base + "/v1/chat/completions").head().build();
    }
  }

  @Test
  void recordedShapesReplay() throws IOException {
    int shapes = 8;
    try (MockWebServer live = MockWebServerExtension.start()) {
      for (int i = 0; i < shapes; i++) {
        live.enqueue(
            new MockResponse()
                .setHeader("Content-Type", "application/json")
                .setBody("{\"shape\":" + i + "}"));
      }
      String base = live.url("/").toString().replaceAll("/$", "");
      OkHttpClient recorder =
          new OkHttpClient.Builder()
              .addInterceptor(
                  RecordReplayInterceptor.builder()
                      .recordings(recordings)
                      .mode(Mode.RECORD)
                      .build())
              .build();
      for (int i = 0; i < shapes; i++) {
        try (Response r = recorder.newCall(shape(base, i)).execute()) {
          r.body().string();
        }
      }
    }
    OkHttpClient replay =
        new OkHttpClient.Builder()
            .addInterceptor(RecordReplayInterceptor.builder().recordings(recordings).build())
            .build();
    for (int i = 0; i < shapes; i++) {
      try (Response r = replay.newCall(shape("http://127.0.0.1:9", i)).execute()) {
        String body = r.body().string();
        if (i == 7) {
          assertThat(body).isEmpty(); // HEAD
        } else {
          assertThat(body).as("shape " + i).isEqualTo("{\"shape\":" + i + "}");
        }
      }
    }
    assertThat(List.of(recordings.toFile().list())).hasSize(shapes);
  }
}
