package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
import com.google.genai.types.Type;
import dev.llmreplay.Mode;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.server.ReplayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Google GenAI Java SDK (Gemini API), recorded through a {@link ReplayServer} against a local
 * fake Gemini and replayed with the fake gone: {@code generateContent}, {@code
 * streamGenerateContent?alt=sse} and a function-call round trip give the same answers, and the API
 * key reaches neither the fixture files nor the request key.
 */
class GeminiSdkConformanceTest {
  @TempDir Path dir;

  static Client gemini(String baseUrl) {
    return Client.builder()
        .apiKey(FakeGemini.API_KEY)
        .httpOptions(HttpOptions.builder().baseUrl(baseUrl).build())
        .build();
  }

  /** Runs {@code call} once recording against the fake, once replaying with it stopped. */
  <T> List<T> recordThenReplay(Function<Client, T> call) {
    List<T> results = new ArrayList<>();
    String upstream;
    try (FakeGemini fake = FakeGemini.start()) {
      upstream = fake.url();
      try (Leg leg = Leg.record(Route.REPLAY_SERVER, dir, upstream);
          Client client = gemini(leg.baseUrl())) {
        results.add(call.apply(client));
      }
      assertThat(fake.keysSeen()).isNotEmpty().containsOnly(FakeGemini.API_KEY);
    }
    try (Leg leg = Leg.replay(Route.REPLAY_SERVER, dir, upstream);
        Client client = gemini(leg.baseUrl())) {
      results.add(call.apply(client));
    }
    assertTheKeyIsNotOnDisk();
    return results;
  }

  void assertTheKeyIsNotOnDisk() {
    List<Path> files = FixtureStore.fixtureFiles(dir);
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      String text = read(f);
      assertThat(text).doesNotContain(FakeGemini.API_KEY).doesNotContain("AIza");
      JsonNode headers = Json.mapper().valueToTree(parse(text).at("/request/headers"));
      if (headers.has("x-goog-api-key")) {
        assertThat(headers.get("x-goog-api-key").asText()).isEqualTo("[REDACTED]");
      }
    }
  }

  record Answer(String text, List<String> calls, String finish, int in, int out, String model) {}

  static Answer answer(GenerateContentResponse r) {
    List<String> calls = new ArrayList<>();
    for (FunctionCall c : r.functionCalls() == null ? List.<FunctionCall>of() : r.functionCalls()) {
      calls.add(c.name().orElse("?") + Json.compact(Json.mapper().valueToTree(c.args().get())));
    }
    var candidate = r.candidates().get().get(0);
    var usage = r.usageMetadata().get();
    String text = calls.isEmpty() ? r.text() : "";
    return new Answer(
        text,
        calls,
        candidate.finishReason().map(Object::toString).orElse(null),
        usage.promptTokenCount().orElse(-1),
        usage.candidatesTokenCount().orElse(-1),
        r.modelVersion().orElse(null));
  }

  @Test
  void generateContentRecordsAndReplaysTheSameAnswer() {
    List<Answer> answers =
        recordThenReplay(
            client ->
                answer(
                    client.models.generateContent(FakeGemini.MODEL, "Why is the sky blue?", null)));
    assertThat(answers.get(0).text()).isEqualTo(FakeGemini.TEXT);
    assertThat(answers.get(0).finish()).isEqualTo("STOP");
    assertThat(answers.get(0).in()).isEqualTo(9);
    assertThat(answers.get(1)).isEqualTo(answers.get(0));
    JsonNode fixture = parse(read(FixtureStore.fixtureFiles(dir).get(0)));
    assertThat(fixture.at("/request/endpoint").asText())
        .isEqualTo("/v1/models/gemini-2.0-flash:generateContent");
  }

  @Test
  void streamGenerateContentReplaysChunkByChunk() {
    List<List<String>> runs =
        recordThenReplay(
            client -> {
              List<String> pieces = new ArrayList<>();
              try (ResponseStream<GenerateContentResponse> stream =
                  client.models.generateContentStream(
                      FakeGemini.MODEL, "Why is the sky blue?", null)) {
                for (GenerateContentResponse chunk : stream) pieces.add(chunk.text());
              }
              return pieces;
            });
    assertThat(runs.get(0)).isEqualTo(FakeGemini.PIECES);
    assertThat(runs.get(1)).isEqualTo(runs.get(0));
    JsonNode fixture = parse(read(FixtureStore.fixtureFiles(dir).get(0)));
    assertThat(fixture.at("/request/endpoint").asText())
        .isEqualTo("/v1/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
    assertThat(fixture.at("/response/stream_format").asText()).isEqualTo("sse");
    assertThat(fixture.at("/response/events")).hasSize(3);
    assertThat(fixture.at("/response/events/2/data/usageMetadata/totalTokenCount").asInt())
        .isEqualTo(18);
    // show reads the recorded stream as Gemini: the text joined, the usage totals.
    String shown = show(FixtureStore.fixtureFiles(dir).get(0));
    assertThat(shown)
        .contains("Gemini generateContent")
        .contains(FakeGemini.TEXT)
        .contains("6 in, 12 out, 18 total");
  }

  /** {@code llm-replay show FILE}, as the command line prints it. */
  static String show(Path file) {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cl =
        dev.llmreplay.internal.cli.Main.commandLine(new dev.llmreplay.internal.cli.Main())
            .setOut(new java.io.PrintWriter(out))
            .setErr(new java.io.PrintWriter(out));
    assertThat(cl.execute("show", file.toString())).as(out.toString()).isEqualTo(0);
    return out.toString();
  }

  static final GenerateContentConfig TOOLS =
      GenerateContentConfig.builder()
          .tools(
              Tool.builder()
                  .functionDeclarations(
                      FunctionDeclaration.builder()
                          .name("get_weather")
                          .description("Current weather in a city")
                          .parameters(
                              Schema.builder()
                                  .type(Type.Known.OBJECT)
                                  .properties(
                                      Map.of(
                                          "city", Schema.builder().type(Type.Known.STRING).build()))
                                  .required(List.of("city"))
                                  .build())
                          .build()))
          .build();

  @Test
  void aFunctionCallRoundTripReplays() {
    List<List<Answer>> runs =
        recordThenReplay(
            client -> {
              Content question = Content.fromParts(Part.fromText("Weather in Paris?"));
              GenerateContentResponse first =
                  client.models.generateContent(FakeGemini.MODEL, List.of(question), TOOLS);
              FunctionCall call = first.functionCalls().get(0);
              Content called =
                  Content.builder()
                      .role("model")
                      .parts(Part.fromFunctionCall(call.name().get(), call.args().get()))
                      .build();
              Content result =
                  Content.builder()
                      .role("user")
                      .parts(
                          Part.fromFunctionResponse(
                              call.name().get(), Map.of("temperature_c", 18, "sky", "sunny")))
                      .build();
              GenerateContentResponse second =
                  client.models.generateContent(
                      FakeGemini.MODEL, List.of(question, called, result), TOOLS);
              return List.of(answer(first), answer(second));
            });
    List<Answer> recorded = runs.get(0);
    assertThat(recorded.get(0).calls()).containsExactly("get_weather{\"city\":\"Paris\"}");
    assertThat(recorded.get(1).text()).isEqualTo(FakeGemini.TOOL_ANSWER);
    assertThat(runs.get(1)).isEqualTo(recorded);
    assertThat(FixtureStore.fixtureFiles(dir)).hasSize(2);
    // The change report compares the assembled answers: a changed call is named as such.
    List<String> calls = new ArrayList<>();
    for (Path f : FixtureStore.fixtureFiles(dir)) {
      calls.addAll(
          dev.llmreplay.internal.refresh.AssembledResponse.of(readFixture(f).responses().get(0))
              .toolCalls());
    }
    assertThat(calls).containsExactly("get_weather({\"city\":\"Paris\"})");
  }

  @Test
  void theChangeReportSeesAChangedGeminiAnswer() throws IOException {
    recordThenReplay(
        client -> client.models.generateContent(FakeGemini.MODEL, "Why is the sky blue?", null));
    Path file = FixtureStore.fixtureFiles(dir).get(0);
    Path after = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-after"));
    Files.writeString(
        after.resolve(file.getFileName()),
        read(file)
            .replace(FakeGemini.TEXT, "Rayleigh scattering.")
            .replace("\"candidatesTokenCount\": 13", "\"candidatesTokenCount\": 3"));
    String report =
        dev.llmreplay.internal.refresh.ChangeReport.compare(dir, after, "recordings").toMarkdown();
    assertThat(report)
        .contains("Text changed")
        .contains("Rayleigh scattering.")
        .contains("Token usage: output 13 → 3");
  }

  static dev.llmreplay.internal.fixture.Fixture readFixture(Path f) {
    try {
      return dev.llmreplay.internal.fixture.FixtureCodec.read(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aKeyInTheQueryIsRedactedAndLeftOutOfTheKey() throws IOException {
    OkHttpClient http = new OkHttpClient();
    String path = "/v1beta/models/" + FakeGemini.MODEL + ":generateContent";
    String body =
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Why is the sky blue?\"}]}]}";
    String recorded;
    String upstream;
    try (FakeGemini fake = FakeGemini.start()) {
      upstream = fake.url();
      try (ReplayServer server =
          ReplayServer.builder()
              .recordings(dir)
              .mode(Mode.RECORD)
              .target(upstream)
              .build()
              .start()) {
        recorded = post(http, server.baseUrl() + path + "?key=" + FakeGemini.API_KEY, body);
      }
      assertThat(fake.keysSeen()).containsExactly(FakeGemini.API_KEY);
    }
    assertTheKeyIsNotOnDisk();
    JsonNode fixture = parse(read(FixtureStore.fixtureFiles(dir).get(0)));
    assertThat(fixture.at("/request/url").asText()).endsWith(path + "?key=REDACTED");
    assertThat(fixture.at("/request/endpoint").asText()).isEqualTo(path);
    // Any key, or none, finds it on replay.
    try (ReplayServer server = ReplayServer.builder().recordings(dir).build().start()) {
      assertThat(post(http, server.baseUrl() + path + "?key=AIzaAnotherOne", body))
          .isEqualTo(recorded);
      assertThat(post(http, server.baseUrl() + path, body)).isEqualTo(recorded);
    }
  }

  @Test
  void aMissFailsTheSdkCallWithTheReport() throws IOException {
    Files.createDirectories(dir);
    try (ReplayServer server = ReplayServer.builder().recordings(dir).build().start();
        Client client = gemini(server.baseUrl())) {
      Throwable thrown =
          catchThrowable(
              () -> client.models.generateContent(FakeGemini.MODEL, "Why is the sky blue?", null));
      assertThat(thrown).isInstanceOf(ApiException.class);
      assertThat(((ApiException) thrown).code()).isEqualTo(404);
      assertThat(thrown.getMessage()).contains("No recorded response for POST /v1/models/");
    }
  }

  static String post(OkHttpClient http, String url, String json) throws IOException {
    Request request =
        new Request.Builder()
            .url(url)
            .post(RequestBody.create(json, okhttp3.MediaType.get("application/json")))
            .build();
    try (Response r = http.newCall(request).execute()) {
      assertThat(r.code()).as(url).isEqualTo(200);
      return r.body().string();
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
