package dev.llmreplay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.MockWebServerExtension;
import dev.llmreplay.testing.Sse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code normalizeVolatileFields(true)}: the live client sees the response as sent, the fixture
 * holds {@code rec-<hash>} ids and {@code created: 0}, and re-recording an unchanged answer leaves
 * the response part of the file byte-identical.
 */
@ExtendWith(MockWebServerExtension.class)
class NormalizeVolatileFieldsTest {
  static final String REQUEST =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

  @TempDir Path recordings;
  MockWebServer live;

  @BeforeEach
  void start(MockWebServer live) {
    this.live = live;
  }

  String call(boolean normalize, Mode mode) throws IOException {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .addInterceptor(
                RecordReplayInterceptor.builder()
                    .recordings(recordings)
                    .mode(mode)
                    .normalizeVolatileFields(normalize)
                    .build())
            .build();
    Request request =
        new Request.Builder()
            .url(live.url("/v1/chat/completions"))
            .post(RequestBody.create(REQUEST, MediaType.get("application/json")))
            .build();
    try (Response r = client.newCall(request).execute()) {
      return r.header("x-request-id") + " " + r.body().string();
    }
  }

  static String completion(String id, long created) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"chat.completion\",\"created\":"
        + created
        + ",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"Hello\"},\"finish_reason\":\"stop\"}]}";
  }

  Path onlyFixture() throws IOException {
    try (Stream<Path> s = Files.list(recordings)) {
      List<Path> files = s.collect(Collectors.toList());
      assertThat(files).hasSize(1);
      return files.get(0);
    }
  }

  String responsePart() throws IOException {
    return Json.compact(Json.parse(Files.readAllBytes(onlyFixture())).get("response"));
  }

  @Test
  void clientSeesLiveValuesFixtureHoldsConstantsReplayServesThem() throws IOException {
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setHeader("x-request-id", "req_live1")
            .setBody(completion("chatcmpl-live1", 1764000000)));
    assertThat(call(true, Mode.RECORD))
        .isEqualTo("req_live1 " + completion("chatcmpl-live1", 1764000000));

    String hash = onlyFixture().getFileName().toString().substring(0, 12);
    JsonNode f = Json.parse(Files.readAllBytes(onlyFixture()));
    assertThat(f.at("/response/body/id").asText()).isEqualTo("rec-" + hash);
    assertThat(f.at("/response/body/created").asLong()).isZero();
    assertThat(f.at("/response/headers/x-request-id").asText()).isEqualTo("rec-" + hash);
    assertThat(f.at("/response/body/system_fingerprint").asText()).isEqualTo("fp_1");

    assertThat(call(true, Mode.REPLAY))
        .isEqualTo("rec-" + hash + " " + completion("rec-" + hash, 0));
  }

  @Test
  void reRecordingTheSameAnswerLeavesTheResponseByteIdentical() throws IOException {
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setHeader("x-request-id", "req_1")
            .setBody(completion("chatcmpl-1", 1764000000)));
    call(true, Mode.RECORD);
    String first = responsePart();
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setHeader("x-request-id", "req_2")
            .setBody(completion("chatcmpl-2", 1764000555)));
    call(true, Mode.RECORD);
    assertThat(responsePart()).isEqualTo(first);
  }

  @Test
  void streamedChunksAreNormalizedToo() throws IOException {
    String sse =
        Sse.of(
            "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}",
            "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1764000000,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}",
            "[DONE]");
    live.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(sse));
    assertThat(call(true, Mode.RECORD)).isEqualTo("null " + sse);
    String id = "rec-" + onlyFixture().getFileName().toString().substring(0, 12);
    assertThat(call(true, Mode.REPLAY))
        .isEqualTo(
            "null "
                + Sse.of(
                    "{\"id\":\""
                        + id
                        + "\",\"object\":\"chat.completion.chunk\",\"created\":0,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}",
                    "{\"id\":\""
                        + id
                        + "\",\"object\":\"chat.completion.chunk\",\"created\":0,\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}",
                    "[DONE]"));
  }

  @Test
  void offByDefault() throws IOException {
    live.enqueue(
        new MockResponse()
            .setHeader("Content-Type", "application/json")
            .setHeader("x-request-id", "req_1")
            .setBody(completion("chatcmpl-1", 1764000000)));
    call(false, Mode.RECORD);
    JsonNode f = Json.parse(Files.readAllBytes(onlyFixture()));
    assertThat(f.at("/response/body/id").asText()).isEqualTo("chatcmpl-1");
    assertThat(f.at("/response/body/created").asLong()).isEqualTo(1764000000);
    assertThat(RecordReplayInterceptor.builder().build().normalizesVolatileFields()).isFalse();
    assertThat(
            RecordReplayInterceptor.builder()
                .normalizeVolatileFields(true)
                .build()
                .newBuilder()
                .build()
                .normalizesVolatileFields())
        .isTrue();
  }
}
