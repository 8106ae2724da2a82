package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.Mode;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.server.ReplayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * The AWS SDK for Java 2.x Bedrock runtime client, its endpoint overridden to a {@link
 * ReplayServer}, recorded against a local fake Bedrock and replayed with the fake gone: {@code
 * converse} (sync, Apache transport), {@code converseStream} (async, Netty, HTTP/1.1 over plain
 * http) and a {@code toolUse} round trip give the same answers. The event stream is stored frame by
 * frame and re-encoded byte for byte; SigV4's credentials, signature and date stay off disk.
 */
class BedrockSdkConformanceTest {
  @TempDir Path dir;

  static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(
          AwsSessionCredentials.create(
              FakeBedrock.ACCESS_KEY, FakeBedrock.SECRET_KEY, FakeBedrock.SESSION_TOKEN));

  static BedrockRuntimeClient bedrock(String baseUrl) {
    return BedrockRuntimeClient.builder()
        .endpointOverride(URI.create(baseUrl))
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .build();
  }

  static BedrockRuntimeAsyncClient bedrockAsync(String baseUrl) {
    return BedrockRuntimeAsyncClient.builder()
        .endpointOverride(URI.create(baseUrl))
        // The async client speaks HTTP/2 by default; the loopback server speaks HTTP/1.1.
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
        .region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS)
        .build();
  }

  /** Runs {@code call} recording against the fake, then replaying with the fake stopped. */
  <T> List<T> recordThenReplay(Function<String, T> call) {
    List<T> results = new ArrayList<>();
    String upstream;
    try (FakeBedrock fake = FakeBedrock.start()) {
      upstream = fake.url();
      try (Leg leg = Leg.record(Route.REPLAY_SERVER, dir, upstream)) {
        results.add(call.apply(leg.baseUrl()));
      }
      assertThat(fake.authorizations()).isNotEmpty();
    }
    try (Leg leg = Leg.replay(Route.REPLAY_SERVER, dir, upstream)) {
      results.add(call.apply(leg.baseUrl()));
    }
    assertNoCredentialOnDisk();
    return results;
  }

  void assertNoCredentialOnDisk() {
    List<Path> files = FixtureStore.fixtureFiles(dir);
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      String text = read(f);
      assertThat(text)
          .doesNotContain(FakeBedrock.ACCESS_KEY)
          .doesNotContain(FakeBedrock.SESSION_TOKEN)
          .doesNotContain("Signature=")
          .doesNotContain("AWS4-HMAC-SHA256");
      JsonNode headers = parse(text).at("/request/headers");
      for (String h : List.of("authorization", "x-amz-security-token", "x-amz-date")) {
        assertThat(headers.path(h).asText()).as(h).isEqualTo("[REDACTED]");
      }
    }
  }

  static ConverseRequest question(String text, ToolConfiguration tools) {
    ConverseRequest.Builder b =
        ConverseRequest.builder()
            .modelId(FakeBedrock.MODEL)
            .messages(
                Message.builder()
                    .role(ConversationRole.USER)
                    .content(ContentBlock.fromText(text))
                    .build());
    if (tools != null) b.toolConfig(tools);
    return b.build();
  }

  record Answer(String text, List<String> toolUses, String stopReason, int in, int out) {}

  static Answer answer(ConverseResponse r) {
    StringBuilder text = new StringBuilder();
    List<String> tools = new ArrayList<>();
    for (ContentBlock b : r.output().message().content()) {
      if (b.text() != null) text.append(b.text());
      if (b.toolUse() != null) tools.add(render(b.toolUse()));
    }
    return new Answer(
        text.toString(),
        tools,
        r.stopReasonAsString(),
        r.usage().inputTokens(),
        r.usage().outputTokens());
  }

  static String render(ToolUseBlock t) {
    return t.name() + t.input().toString().replace(" ", "");
  }

  @Test
  void converseRecordsAndReplaysTheSameAnswer() {
    List<Answer> answers =
        recordThenReplay(
            base -> {
              try (BedrockRuntimeClient client = bedrock(base)) {
                return answer(client.converse(question("Hello", null)));
              }
            });
    assertThat(answers.get(0))
        .isEqualTo(new Answer(FakeBedrock.TEXT, List.of(), "end_turn", 12, 9));
    assertThat(answers.get(1)).isEqualTo(answers.get(0));
    JsonNode fixture = parse(read(FixtureStore.fixtureFiles(dir).get(0)));
    assertThat(fixture.at("/request/endpoint").asText())
        .isEqualTo(FakeBedrock.modelPath("converse"));
  }

  static final ToolConfiguration TOOLS =
      ToolConfiguration.builder()
          .tools(
              Tool.fromToolSpec(
                  ToolSpecification.builder()
                      .name("get_weather")
                      .description("Current weather in a city")
                      .inputSchema(
                          ToolInputSchema.fromJson(
                              Document.mapBuilder()
                                  .putString("type", "object")
                                  .putDocument(
                                      "properties",
                                      Document.mapBuilder()
                                          .putDocument(
                                              "city",
                                              Document.mapBuilder()
                                                  .putString("type", "string")
                                                  .build())
                                          .build())
                                  .build()))
                      .build()))
          .build();

  @Test
  void aToolUseRoundTripReplays() {
    List<List<Answer>> runs =
        recordThenReplay(
            base -> {
              try (BedrockRuntimeClient client = bedrock(base)) {
                ConverseRequest first = question("Weather in Paris?", TOOLS);
                ConverseResponse asked = client.converse(first);
                ToolUseBlock use = asked.output().message().content().get(0).toolUse();
                List<Message> history = new ArrayList<>(first.messages());
                history.add(asked.output().message());
                history.add(
                    Message.builder()
                        .role(ConversationRole.USER)
                        .content(
                            ContentBlock.fromToolResult(
                                ToolResultBlock.builder()
                                    .toolUseId(use.toolUseId())
                                    .content(
                                        ToolResultContentBlock.fromJson(
                                            Document.mapBuilder()
                                                .putNumber("temperature_c", 18)
                                                .build()))
                                    .build()))
                        .build());
                ConverseResponse answered =
                    client.converse(first.toBuilder().messages(history).build());
                return List.of(answer(asked), answer(answered));
              }
            });
    List<Answer> recorded = runs.get(0);
    assertThat(recorded.get(0).toolUses()).containsExactly("get_weather{\"city\":\"Paris\"}");
    assertThat(recorded.get(0).stopReason()).isEqualTo("tool_use");
    assertThat(recorded.get(1).text()).isEqualTo(FakeBedrock.TOOL_ANSWER);
    assertThat(runs.get(1)).isEqualTo(recorded);
    assertThat(FixtureStore.fixtureFiles(dir)).hasSize(2);
    assertThat(assembledCalls()).containsExactly("get_weather({\"city\":\"Paris\"})");
  }

  record Streamed(List<String> events, String text, String toolUse, String stopReason, int out) {}

  static Streamed stream(String base, ToolConfiguration tools) {
    List<String> events = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    StringBuilder toolInput = new StringBuilder();
    String[] toolName = {null};
    String[] stop = {null};
    int[] out = {-1};
    ConverseStreamResponseHandler handler =
        ConverseStreamResponseHandler.builder()
            .subscriber(
                ConverseStreamResponseHandler.Visitor.builder()
                    .onMessageStart(e -> events.add("messageStart"))
                    .onContentBlockStart(
                        e -> {
                          events.add("contentBlockStart");
                          if (e.start().toolUse() != null) toolName[0] = e.start().toolUse().name();
                        })
                    .onContentBlockDelta(
                        e -> {
                          events.add("contentBlockDelta");
                          if (e.delta().text() != null) text.append(e.delta().text());
                          if (e.delta().toolUse() != null)
                            toolInput.append(e.delta().toolUse().input());
                        })
                    .onContentBlockStop(e -> events.add("contentBlockStop"))
                    .onMessageStop(
                        e -> {
                          events.add("messageStop");
                          stop[0] = e.stopReasonAsString();
                        })
                    .onMetadata(
                        e -> {
                          events.add("metadata");
                          out[0] = e.usage().outputTokens();
                        })
                    .build())
            .build();
    ConverseRequest q = question(tools == null ? "Hello" : "Weather in Paris?", tools);
    ConverseStreamRequest.Builder request =
        ConverseStreamRequest.builder().modelId(q.modelId()).messages(q.messages());
    if (tools != null) request.toolConfig(tools);
    try (BedrockRuntimeAsyncClient client = bedrockAsync(base)) {
      client.converseStream(request.build(), handler).join();
    }
    return new Streamed(
        events,
        text.toString(),
        toolName[0] == null ? null : toolName[0] + toolInput,
        stop[0],
        out[0]);
  }

  @Test
  void converseStreamReplaysFrameByFrame() {
    List<Streamed> runs = recordThenReplay(base -> stream(base, null));
    Streamed recorded = runs.get(0);
    assertThat(recorded.text()).isEqualTo(FakeBedrock.TEXT);
    assertThat(recorded.events())
        .containsExactly(
            "messageStart",
            "contentBlockDelta",
            "contentBlockDelta",
            "contentBlockDelta",
            "contentBlockStop",
            "messageStop",
            "metadata");
    assertThat(recorded.stopReason()).isEqualTo("end_turn");
    assertThat(recorded.out()).isEqualTo(9);
    assertThat(runs.get(1)).isEqualTo(recorded);

    // Stored readable: event type, headers, parsed JSON payload, timing.
    JsonNode response = parse(read(FixtureStore.fixtureFiles(dir).get(0))).get("response");
    assertThat(response.get("stream_format").asText()).isEqualTo("aws-eventstream");
    assertThat(response.at("/headers/content-type").asText())
        .isEqualTo("application/vnd.amazon.eventstream");
    JsonNode delta = response.at("/events/1");
    assertThat(delta.get("event").asText()).isEqualTo("contentBlockDelta");
    assertThat(delta.at("/headers/:event-type").asText()).isEqualTo("contentBlockDelta");
    assertThat(delta.at("/headers/:message-type").asText()).isEqualTo("event");
    assertThat(delta.at("/data/delta/text").asText()).isEqualTo("Hello!");
    assertThat(delta.get("t_ms").isIntegralNumber()).isTrue();
    // show reads the frames as Bedrock Converse: the text joined, the stop reason, the usage.
    assertThat(GeminiSdkConformanceTest.show(FixtureStore.fixtureFiles(dir).get(0)))
        .contains("Bedrock Converse")
        .contains(FakeBedrock.TEXT)
        .contains("end_turn")
        .contains("12 in, 9 out, 21 total")
        .contains("anthropic.claude-3-haiku-20240307-v1:0");
  }

  @Test
  void aStreamedToolUseReplays() {
    List<Streamed> runs = recordThenReplay(base -> stream(base, TOOLS));
    assertThat(runs.get(0).toolUse()).isEqualTo("get_weather" + FakeBedrock.TOOL_INPUT);
    assertThat(runs.get(0).stopReason()).isEqualTo("tool_use");
    assertThat(runs.get(1)).isEqualTo(runs.get(0));
    assertThat(assembledCalls()).containsExactly("get_weather({\"city\":\"Paris\"})");
  }

  /** The tool calls the change report sees in the recorded fixtures. */
  List<String> assembledCalls() {
    List<String> calls = new ArrayList<>();
    for (Path f : FixtureStore.fixtureFiles(dir)) {
      calls.addAll(
          dev.llmreplay.internal.refresh.AssembledResponse.of(
                  GeminiSdkConformanceTest.readFixture(f).responses().get(0))
              .toolCalls());
    }
    return calls;
  }

  @Test
  void theReplayedStreamIsTheRecordedBytesExactly() throws IOException {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}]}";
    String path = FakeBedrock.modelPath("converse-stream");
    OkHttpClient http = new OkHttpClient();
    String upstream;
    byte[] live;
    try (FakeBedrock fake = FakeBedrock.start()) {
      upstream = fake.url();
      try (ReplayServer server =
          ReplayServer.builder()
              .recordings(dir)
              .mode(Mode.RECORD)
              .target(upstream)
              .build()
              .start()) {
        live = post(http, server.baseUrl() + path, body, true);
      }
    }
    assertThat(live).isEqualTo(FakeBedrock.streamBytes(false));
    try (ReplayServer server = ReplayServer.builder().recordings(dir).build().start()) {
      byte[] replayed = post(http, server.baseUrl() + path, body, false);
      assertThat(replayed).isEqualTo(live);
    }
  }

  /** A raw POST, signed enough for the fake when {@code signed}. */
  static byte[] post(OkHttpClient http, String url, String json, boolean signed)
      throws IOException {
    Request.Builder b =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create(json, MediaType.get("application/json")));
    if (signed) {
      b.header(
              "Authorization",
              "AWS4-HMAC-SHA256 Credential="
                  + FakeBedrock.ACCESS_KEY
                  + "/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=00")
          .header("X-Amz-Security-Token", FakeBedrock.SESSION_TOKEN)
          .header("X-Amz-Date", "20260101T000000Z");
    }
    try (Response r = http.newCall(b.build()).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("application/vnd.amazon.eventstream");
      return r.body().bytes();
    }
  }

  static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parse(String text) {
    try {
      return Json.parse(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
