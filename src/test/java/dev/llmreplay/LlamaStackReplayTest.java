package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.SharedData;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The seed and every shared llama-stack recording replay as-is, with the right framing. */
class LlamaStackReplayTest {
  @TempDir Path tmp;

  static List<Path> recordings() throws IOException {
    try (Stream<Path> s = Files.walk(SharedData.llamaStack())) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
  }

  /** The JSON a Python SDK would have sent for these keyword arguments. */
  static ObjectNode wireBody(JsonNode kwargs) {
    ObjectNode body = kwargs.deepCopy();
    JsonNode extra = body.remove("extra_body");
    body.remove(List.of("extra_headers", "extra_query", "timeout"));
    if (extra != null && extra.isObject()) body.setAll((ObjectNode) extra);
    return body;
  }

  static String pathOf(String url) {
    return URI.create(url).getRawPath();
  }

  static Response replay(Path dir, String base, String method, String path, JsonNode body)
      throws IOException {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .addInterceptor(
                RecordReplayInterceptor.builder().recordings(dir).mode(Mode.REPLAY).build())
            .build();
    Request request =
        new Request.Builder()
            .url(base + path)
            .method(
                method, RequestBody.create(Json.compact(body), MediaType.get("application/json")))
            .build();
    return client.newCall(request).execute();
  }

  @Test
  void seedReplaysItsFiftyChunksThenDone() throws IOException {
    JsonNode seed = Json.parse(Files.readAllBytes(SharedData.seed()));
    Path dir = Files.createDirectories(tmp.resolve("seed"));
    Files.copy(SharedData.seed(), dir.resolve("seed.json"));
    // The seed's URL is mangled as /v1/v1/completions; any base URL prefix must find it.
    for (String base : List.of("http://localhost:1234", "https://proxy.example/openai")) {
      try (Response r =
          replay(dir, base, "POST", "/v1/completions", wireBody(seed.at("/request/body")))) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/event-stream");
        List<String> data = Sse.dataLines(r.body().string());
        assertThat(data).hasSize(51);
        for (int i = 0; i < 50; i++) {
          assertThat(Json.parse(data.get(i)))
              .isEqualTo(seed.at("/response/body/" + i + "/__data__"));
        }
        assertThat(data.get(50)).isEqualTo("[DONE]");
      }
    }
  }

  @Test
  void theProjectsOwnRecordingsHoldTheSeed() throws IOException {
    JsonNode seed = Json.parse(Files.readAllBytes(SharedData.seed()));
    try (Response r =
        replay(
            Path.of("recordings"),
            "http://127.0.0.1:9",
            "POST",
            "/v1/completions",
            wireBody(seed.at("/request/body")))) {
      assertThat(Sse.dataLines(r.body().string())).hasSize(51).endsWith("[DONE]");
    }
  }

  @TestFactory
  Stream<DynamicTest> everySharedRecordingReplaysWithTheRightFramingAndContent()
      throws IOException {
    List<Path> files = recordings();
    assertThat(files).hasSize(154);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    SharedData.llamaStack().relativize(file).toString(), () -> check(file)));
  }

  void check(Path file) throws IOException {
    JsonNode rec = Json.parse(Files.readAllBytes(file));
    Path dir = Files.createTempDirectory(tmp, "one");
    Files.copy(file, dir.resolve(file.getFileName()));
    String path = pathOf(rec.at("/request/url").asText());
    JsonNode body = rec.at("/response/body");
    try (Response r =
        replay(
            dir,
            "http://127.0.0.1:9",
            rec.at("/request/method").asText(),
            path,
            wireBody(rec.at("/request/body")))) {
      assertThat(r.code()).isEqualTo(200);
      String text = new String(r.body().bytes(), StandardCharsets.UTF_8);
      if (!body.isArray()) {
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        JsonNode expected = body.has("__data__") ? body.get("__data__") : body;
        assertThat(Json.parse(text)).isEqualTo(expected);
      } else if (path.startsWith("/api/")) {
        assertThat(r.header("Content-Type")).isEqualTo("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) lines.add(Json.parse(line));
        assertThat(lines).hasSize(body.size());
        for (int i = 0; i < body.size(); i++)
          assertThat(lines.get(i)).isEqualTo(body.get(i).get("__data__"));
        assertThat(text).endsWith("\n");
      } else {
        assertThat(r.header("Content-Type")).isEqualTo("text/event-stream");
        List<String> data = Sse.dataLines(text);
        assertThat(data).hasSize(body.size() + 1);
        for (int i = 0; i < body.size(); i++)
          assertThat(Json.parse(data.get(i))).isEqualTo(body.get(i).get("__data__"));
        assertThat(data.get(body.size())).isEqualTo("[DONE]");
      }
    }
  }
}
