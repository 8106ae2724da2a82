package dev.llmreplay.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.MockWebServerExtension;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A MockWebServer standing in for an OpenAI-style chat API: answers {@code "echo: <prompt>"}, and
 * counts the calls and the most that were in flight at once.
 */
final class LiveApi implements AutoCloseable {
  static final MediaType JSON = MediaType.get("application/json");

  /** The live API's base URL, as a sample receives it. */
  record Url(String value) {}

  private final MockWebServer server = MockWebServerExtension.start();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  /** Starts a live API that takes {@code delayMillis} over each answer. */
  static LiveApi start(long delayMillis) throws IOException {
    LiveApi api = new LiveApi();
    api.server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            int now = api.inFlight.incrementAndGet();
            api.maxInFlight.accumulateAndGet(now, Math::max);
            api.calls.incrementAndGet();
            try {
              if (delayMillis > 0) TimeUnit.MILLISECONDS.sleep(delayMillis);
              return answer(request);
            } finally {
              api.inFlight.decrementAndGet();
            }
          }
        });
    return api;
  }

  private static MockResponse answer(RecordedRequest request) {
    try {
      JsonNode body = Json.parse(request.getBody().readUtf8());
      ObjectNode out = Json.mapper().createObjectNode();
      out.put("id", "chatcmpl-1").put("object", "chat.completion");
      out.putArray("choices")
          .addObject()
          .put("index", 0)
          .putObject("message")
          .put("role", "assistant")
          .put("content", "echo: " + body.at("/messages/0/content").asText());
      return new MockResponse()
          .setHeader("Content-Type", "application/json")
          .setBody(Json.compact(out));
    } catch (IOException e) {
      return new MockResponse().setResponseCode(400).setBody(e.toString());
    }
  }

  /** {@code http://127.0.0.1:PORT} */
  String url() {
    String u = server.url("/").toString();
    return u.substring(0, u.length() - 1);
  }

  int calls() {
    return calls.get();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }

  /** The request body a sample sends for {@code prompt}. */
  static String chatBody(String prompt) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("model", "gpt-4o-mini");
    body.putArray("messages").addObject().put("role", "user").put("content", prompt);
    return Json.compact(body);
  }

  /**
   * Asks {@code prompt} at {@code baseUrl}: the answer's content, or for a non-200 answer the
   * status and body.
   */
  static String ask(OkHttpClient client, String baseUrl, String prompt) throws IOException {
    Request request =
        new Request.Builder()
            .url(baseUrl + "/v1/chat/completions")
            .header("Authorization", "Bearer test-key-not-real")
            .post(RequestBody.create(chatBody(prompt), JSON))
            .build();
    try (Response response = client.newCall(request).execute()) {
      String text = response.body().string();
      if (response.code() != 200) return response.code() + " " + text;
      return Json.parse(text).at("/choices/0/message/content").asText();
    }
  }
}
