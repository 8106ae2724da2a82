package dev.llmreplay.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import dev.llmreplay.KeyRules;
import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.server.ReplayServer;
import dev.llmreplay.testing.SharedData;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * The README's Gemini, Bedrock and OGX examples, run as the page shows them: each replays
 * recordings this test first makes against the local fakes (or, for OGX, the shared recordings).
 */
class EcosystemReadmeExamplesTest {
  @TempDir Path recordings;

  @Test
  void geminiExample() throws Exception {
    try (FakeGemini fake = FakeGemini.start();
        Leg leg = Leg.record(Route.REPLAY_SERVER, recordings, fake.url());
        Client recording = GeminiSdkConformanceTest.gemini(leg.baseUrl())) {
      recording.models.generateContent("gemini-2.0-flash", "Why is the sky blue?", null);
    }

    ReplayServer server =
        ReplayServer.builder()
            .recordings(recordings)
            .mode(Mode.REPLAY) // RECORD_MISSING, with a target, to record
            .build()
            .start();
    Client gemini =
        Client.builder()
            .apiKey("replay") // the real key when recording; it never reaches the fixtures
            .httpOptions(HttpOptions.builder().baseUrl(server.baseUrl()).build())
            .build();
    GenerateContentResponse answer =
        gemini.models.generateContent("gemini-2.0-flash", "Why is the sky blue?", null);

    assertThat(answer.text()).isEqualTo(FakeGemini.TEXT);
    gemini.close();
    server.close();
  }

  @Test
  void bedrockExample() throws Exception {
    try (FakeBedrock fake = FakeBedrock.start()) {
      try (Leg leg = Leg.record(Route.REPLAY_SERVER, recordings, fake.url());
          BedrockRuntimeClient recording = BedrockSdkConformanceTest.bedrock(leg.baseUrl())) {
        recording.converse(BedrockSdkConformanceTest.question("Hello", null));
        BedrockSdkConformanceTest.stream(leg.baseUrl(), null);
      }
    }

    try (ReplayServer server = ReplayServer.builder().recordings(recordings).build().start()) {
      StaticCredentialsProvider credentials =
          StaticCredentialsProvider.create(AwsBasicCredentials.create("replay", "replay"));
      BedrockRuntimeClient bedrock =
          BedrockRuntimeClient.builder() // converse
              .endpointOverride(URI.create(server.baseUrl()))
              .region(Region.US_EAST_1)
              .credentialsProvider(credentials)
              .build();
      BedrockRuntimeAsyncClient streaming =
          BedrockRuntimeAsyncClient.builder() // converseStream
              .endpointOverride(URI.create(server.baseUrl()))
              .region(Region.US_EAST_1)
              .credentialsProvider(credentials)
              // the async client speaks HTTP/2 by default; the loopback server speaks HTTP/1.1
              .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
              .build();

      assertThat(
              BedrockSdkConformanceTest.answer(
                      bedrock.converse(BedrockSdkConformanceTest.question("Hello", null)))
                  .text())
          .isEqualTo(FakeBedrock.TEXT);
      StringBuilder text = new StringBuilder();
      var question = BedrockSdkConformanceTest.question("Hello", null);
      streaming
          .converseStream(
              ConverseStreamRequest.builder()
                  .modelId(question.modelId())
                  .messages(question.messages())
                  .build(),
              ConverseStreamResponseHandler.builder()
                  .subscriber(
                      ConverseStreamResponseHandler.Visitor.builder()
                          .onContentBlockDelta(e -> text.append(e.delta().text()))
                          .build())
                  .build())
          .join();
      assertThat(text.toString()).isEqualTo(FakeBedrock.TEXT);
      bedrock.close();
      streaming.close();
    }
  }

  @Test
  void ogxExample() throws Exception {
    Path ogxRecordings = SharedData.ogx().resolve("inference");

    RecordReplayInterceptor replay =
        RecordReplayInterceptor.builder()
            .recordings(ogxRecordings) // e.g. OGX's tests/integration/inference/recordings
            .keyRules(
                KeyRules.ogx(
                    "tests/integration/inference/test_openai_completion.py"
                        + "::test_openai_completion_stop_sequence"
                        + "[txt=ollama/llama3.2:3b-instruct-fp16-inference:completion:stop_sequence]"))
            .build();

    JsonNode recorded =
        Json.parse(
            Files.readAllBytes(
                ogxRecordings.resolve(
                    "0a2adfcbd0a23b2d7713b678c5fbf3eff74e4fbf0d1de5740bb983492bea9a2d.json")));
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(replay).build();
    Request request =
        new Request.Builder()
            .url("http://0.0.0.0:11434/v1/v1/completions")
            .post(
                RequestBody.create(
                    Json.compact(recorded.at("/request/body")), MediaType.get("application/json")))
            .build();
    try (Response r = client.newCall(request).execute()) {
      assertThat(Json.parse(r.body().string()).at("/choices/0/text").asText())
          .isEqualTo("Michael Jordan was born in the year of ");
    }
  }
}
