package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.SharedData;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

/**
 * Every shared OGX recording replays as-is: under the default key (its body as the SDK sent it, any
 * base URL) and under {@link KeyRules#ogx} (the recorded URL, body and test id), with the framing
 * and content it recorded; a recorded provider error replays as that HTTP error.
 */
class OgxReplayTest {
  @TempDir Path tmp;

  static Response call(
      RecordReplayInterceptor interceptor, String method, String url, JsonNode body)
      throws IOException {
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(interceptor).build();
    RequestBody rb = RequestBody.create(Json.compact(body), MediaType.get("application/json"));
    return client.newCall(new Request.Builder().url(url).method(method, rb).build()).execute();
  }

  @TestFactory
  Stream<DynamicTest> everyRecordingReplaysUnderTheDefaultKeyAndUnderOgxs() {
    List<Path> files = dev.llmreplay.internal.fixture.FixtureStore.fixtureFiles(SharedData.ogx());
    assertThat(files).hasSize(172);
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    SharedData.ogx().relativize(file).toString(), () -> check(file)));
  }

  void check(Path file) throws IOException {
    JsonNode rec = Json.parse(Files.readAllBytes(file));
    Path dir = Files.createTempDirectory(tmp, "one");
    Files.copy(file, dir.resolve(file.getFileName()));
    String url = rec.at("/request/url").asText();
    String method = rec.at("/request/method").asText();
    String path = LlamaStackReplayTest.pathOf(url);

    RecordReplayInterceptor byDefault = RecordReplayInterceptor.builder().recordings(dir).build();
    try (Response r =
        call(
            byDefault,
            method,
            "http://127.0.0.1:9" + path,
            LlamaStackReplayTest.wireBody(rec.at("/request/body")))) {
      expect(rec, r);
    }

    RecordReplayInterceptor byOgx =
        RecordReplayInterceptor.builder()
            .recordings(dir)
            .keyRules(KeyRules.ogx(rec.get("test_id").asText()))
            .build();
    try (Response r = call(byOgx, method, url, rec.at("/request/body"))) {
      expect(rec, r);
    }
  }

  static void expect(JsonNode rec, Response r) throws IOException {
    JsonNode response = rec.get("response");
    String text = new String(r.body().bytes(), StandardCharsets.UTF_8);
    if (response.path("is_exception").asBoolean()) {
      JsonNode data = response.get("exception_data");
      assertThat(r.code()).isEqualTo(data.get("status_code").asInt());
      assertThat(Json.parse(text).get("error")).isEqualTo(data.get("body"));
      return;
    }
    assertThat(r.code()).isEqualTo(200);
    JsonNode body = response.get("body");
    if (!body.isArray()) {
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(Json.parse(text)).isEqualTo(body.get("__data__"));
    } else {
      assertThat(r.header("Content-Type")).isEqualTo("text/event-stream");
      List<String> data = Sse.dataLines(text);
      assertThat(data).hasSize(body.size() + 1);
      for (int i = 0; i < body.size(); i++)
        assertThat(Json.parse(data.get(i))).isEqualTo(body.get(i).get("__data__"));
      assertThat(data.get(body.size())).isEqualTo("[DONE]");
    }
  }

  @Test
  void underOgxRulesAnotherTestsIdentityMisses() throws IOException {
    Path file = dev.llmreplay.internal.fixture.FixtureStore.fixtureFiles(SharedData.ogx()).get(0);
    JsonNode rec = Json.parse(Files.readAllBytes(file));
    Path dir = Files.createDirectories(tmp.resolve("miss"));
    Files.copy(file, dir.resolve(file.getFileName()));
    RecordReplayInterceptor other =
        RecordReplayInterceptor.builder()
            .recordings(dir)
            .keyRules(KeyRules.ogx(rec.get("test_id").asText() + "-other"))
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> call(other, "POST", rec.at("/request/url").asText(), rec.at("/request/body")))
        .isInstanceOf(FixtureNotFoundException.class);
  }

  @Test
  void recordingUnderOgxRulesNamesTheFileByTheFullKeyAndStoresTheTestId() throws Exception {
    String testId = "tests/integration/inference/test_java.py::test_hello[ollama]";
    try (okhttp3.mockwebserver.MockWebServer provider = new okhttp3.mockwebserver.MockWebServer()) {
      provider.enqueue(
          new okhttp3.mockwebserver.MockResponse()
              .setHeader("Content-Type", "application/json")
              .setBody("{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}"));
      provider.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
      Path dir = tmp.resolve("rec");
      RecordReplayInterceptor recording =
          RecordReplayInterceptor.builder()
              .recordings(dir)
              .mode(Mode.RECORD)
              .keyRules(KeyRules.ogx(testId))
              .build();
      String url = provider.url("/v1/v1/chat/completions").toString();
      JsonNode body = Json.parse("{\"model\":\"llama3.2:3b\",\"messages\":[],\"temperature\":0.7}");
      RequestKey key =
          Access.replayer(recording)
              .keyOf(
                  new Request.Builder()
                      .url(url)
                      .post(
                          RequestBody.create(Json.compact(body), MediaType.get("application/json")))
                      .build());
      try (Response r = call(recording, "POST", url, body)) {
        assertThat(r.code()).isEqualTo(200);
        r.body().string();
      }
      Path written = dir.resolve(key.hex() + ".json");
      assertThat(written).exists();
      JsonNode fixture = Json.parse(Files.readAllBytes(written));
      assertThat(fixture.get("test_id").asText()).isEqualTo(testId);
      // ...and it is found again under the same rules once the provider is gone.
      provider.shutdown();
      RecordReplayInterceptor replaying =
          RecordReplayInterceptor.builder().recordings(dir).keyRules(KeyRules.ogx(testId)).build();
      try (Response r = call(replaying, "POST", url, body)) {
        assertThat(Json.parse(r.body().string()).get("id").asText()).isEqualTo("x");
      }
    }
  }
}
