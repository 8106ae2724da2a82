package dev.llmreplay.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A local server answering like the Gemini API ({@code generativelanguage.googleapis.com}) does:
 * {@code POST /v1/models/MODEL:generateContent} (or {@code /v1beta/}) with a {@code
 * GenerateContentResponse}, and {@code :streamGenerateContent?alt=sse} with one per SSE event
 * (CRLF-framed, no {@code [DONE]}). A request with tools gets a {@code functionCall}; one carrying
 * a {@code functionResponse} gets the answer that uses it. Requests without the API key (header or
 * {@code ?key=}) get a 403.
 */
final class FakeGemini implements AutoCloseable {
  static final String API_KEY = "AIzaSyFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAK12";
  static final String MODEL = "gemini-2.0-flash";
  static final String TEXT = "The sky is blue because air scatters blue light the most.";
  static final List<String> PIECES =
      List.of("The sky is blue", " because air scatters", " blue light the most.");
  static final String TOOL_ANSWER = "It is 18 degrees and sunny in Paris.";

  private final MockWebServer server = new MockWebServer();
  private final List<String> keysSeen = new CopyOnWriteArrayList<>();

  private FakeGemini() {}

  static FakeGemini start() {
    FakeGemini fake = new FakeGemini();
    fake.server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return fake.answer(request);
          }
        });
    try {
      fake.server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fake;
  }

  /** {@code http://127.0.0.1:PORT}, no trailing slash. */
  String url() {
    String u = server.url("/").toString();
    return u.substring(0, u.length() - 1);
  }

  int requestCount() {
    return server.getRequestCount();
  }

  /** The API keys the requests carried, in order. */
  List<String> keysSeen() {
    return keysSeen;
  }

  private MockResponse answer(RecordedRequest request) {
    String key = request.getHeader("x-goog-api-key");
    if (key == null && request.getRequestUrl() != null) {
      key = request.getRequestUrl().queryParameter("key");
    }
    if (!API_KEY.equals(key)) {
      return json(
          403,
          "{\"error\":{\"code\":403,\"message\":\"Method doesn't allow unregistered callers.\","
              + "\"status\":\"PERMISSION_DENIED\"}}");
    }
    keysSeen.add(key);
    JsonNode body;
    try {
      body = Json.parse(request.getBody().readUtf8());
    } catch (IOException e) {
      return json(400, "{\"error\":{\"code\":400,\"message\":\"bad JSON\"}}");
    }
    // The SDK's default API version is v1; v1beta answers the same.
    String path = request.getRequestUrl().encodedPath().replaceFirst("^/v1beta/", "/v1/");
    if (path.equals("/v1/models/" + MODEL + ":generateContent")) {
      return json(200, Json.compact(whole(body)));
    }
    if (path.equals("/v1/models/" + MODEL + ":streamGenerateContent")
        && "sse".equals(request.getRequestUrl().queryParameter("alt"))) {
      StringBuilder sse = new StringBuilder();
      for (int i = 0; i < PIECES.size(); i++) {
        boolean last = i == PIECES.size() - 1;
        String chunk =
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":"
                + Json.mapper().valueToTree(PIECES.get(i))
                + "}],\"role\":\"model\"}"
                + (last ? ",\"finishReason\":\"STOP\"" : "")
                + ",\"index\":0}],"
                + (last
                    ? "\"usageMetadata\":{\"promptTokenCount\":6,\"candidatesTokenCount\":12,"
                        + "\"totalTokenCount\":18},"
                    : "\"usageMetadata\":{\"promptTokenCount\":6,\"totalTokenCount\":6},")
                + "\"modelVersion\":\""
                + MODEL
                + "\",\"responseId\":\"fake-stream-1\"}";
        sse.append("data: ").append(chunk).append("\r\n\r\n");
      }
      return new MockResponse()
          .setHeader("Content-Type", "text/event-stream")
          .setHeader("Server", "scaffolding on HTTPServer2")
          .setBody(sse.toString());
    }
    return json(
        404,
        "{\"error\":{\"code\":404,\"message\":\"models/x is not found\",\"status\":\"NOT_FOUND\"}}");
  }

  private static JsonNode whole(JsonNode request) {
    boolean toolResult = request.toString().contains("\"functionResponse\"");
    boolean tools = request.path("tools").size() > 0;
    String part;
    String finish = "STOP";
    if (toolResult) {
      part = "{\"text\":\"" + TOOL_ANSWER + "\"}";
    } else if (tools) {
      part = "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}}";
    } else {
      part = "{\"text\":\"" + TEXT + "\"}";
    }
    try {
      return Json.parse(
          "{\"candidates\":[{\"content\":{\"parts\":["
              + part
              + "],\"role\":\"model\"},\"finishReason\":\""
              + finish
              + "\",\"avgLogprobs\":-0.0421,\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":"
              + (toolResult ? 31 : 9)
              + ",\"candidatesTokenCount\":13,\"totalTokenCount\":"
              + (toolResult ? 44 : 22)
              + "},\"modelVersion\":\""
              + MODEL
              + "\",\"responseId\":\"fake-1\"}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("Content-Type", "application/json; charset=UTF-8")
        .setBody(body);
  }

  @Override
  public void close() {
    try {
      server.shutdown();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
