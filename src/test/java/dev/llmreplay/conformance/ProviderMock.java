package dev.llmreplay.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.MockWebServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A MockWebServer answering like the OpenAI and Anthropic APIs do: the same JSON shapes, SSE
 * framing (named events where the API names them), status codes and error bodies.
 *
 * <p>What it answers depends on the request: the path picks the API; a {@code model} of {@value
 * #BAD_MODEL} gets a 400 and {@value #BUSY_MODEL} a 429; a request with tools gets a tool call, one
 * without gets {@link #TEXT}; {@code "stream": true} gets the streamed form.
 */
final class ProviderMock implements AutoCloseable {
  static final String BAD_MODEL = "no-such-model";
  static final String BUSY_MODEL = "busy-model";
  static final String TEXT = "Roses are red, violets are blue.";
  static final List<String> TEXT_PIECES =
      List.of("Roses", " are", " red,", " violets", " are", " blue.");
  static final String TOOL_ARGUMENTS = "{\"city\":\"Paris\",\"unit\":\"celsius\"}";
  static final List<String> TOOL_ARGUMENT_PIECES =
      List.of("{\"city\":", "\"Paris\",", "\"unit\":\"celsius\"}");
  static final String COMPLETION_TEXT = " blue, sugar is sweet.";
  static final List<String> COMPLETION_PIECES =
      List.of(" blue", ",", " sugar", " is", " sweet", ".");
  static final float[] EMBEDDING = {0.0123f, -0.5f, 0.25f, 1.0e-4f, -0.9876543f};

  static final String OPENAI_400 =
      "{\"error\":{\"message\":\"The model `no-such-model` does not exist or you do not have access"
          + " to it.\","
          + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}";
  static final String OPENAI_429 =
      "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini on requests per min (RPM):"
          + " Limit 3, Used 3, Requested 1.\","
          + "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
  static final String ANTHROPIC_400 =
      "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"model:"
          + " no-such-model is not a valid model\"}}";
  static final String ANTHROPIC_429 =
      "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request"
          + " tokens has exceeded your per-minute rate limit\"}}";

  private final MockWebServer server = MockWebServerExtension.start();

  private ProviderMock() {}

  static ProviderMock start() {
    ProviderMock mock = new ProviderMock();
    mock.server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer(request);
          }
        });
    return mock;
  }

  /** {@code http://127.0.0.1:PORT}, no trailing slash. */
  String url() {
    String u = server.url("/").toString();
    return u.substring(0, u.length() - 1);
  }

  int requestCount() {
    return server.getRequestCount();
  }

  /** The next request the mock received (waits briefly). */
  RecordedRequest takeRequest() throws InterruptedException {
    return server.takeRequest(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      server.shutdown();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- routing

  static MockResponse answer(RecordedRequest request) {
    String path = request.getPath();
    JsonNode body = request.getBodySize() > 0 ? parse(request.getBody().readByteArray()) : null;
    String model = body == null ? "" : body.path("model").asText();
    boolean stream = body != null && body.path("stream").asBoolean(false);
    boolean tools = body != null && body.has("tools");
    boolean anthropic = path.startsWith("/v1/messages");
    if (model.equals(BAD_MODEL)) return json(400, anthropic ? ANTHROPIC_400 : OPENAI_400);
    if (model.equals(BUSY_MODEL)) {
      return json(429, anthropic ? ANTHROPIC_429 : OPENAI_429).setHeader("retry-after", "20");
    }
    switch (path) {
      case "/v1/chat/completions":
        return stream ? sse(chatChunks(tools)) : json(200, chatCompletion(tools));
      case "/v1/completions":
        return sse(completionChunks());
      case "/v1/embeddings":
        return json(200, embeddings("base64".equals(body.path("encoding_format").asText())));
      case "/v1/responses":
        return sse(responseEvents());
      case "/v1/messages":
        return stream ? sse(anthropicEvents()) : json(200, anthropicMessage());
      default:
        return json(404, "{\"error\":{\"message\":\"no route " + path + "\"}}");
    }
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return Json.parse(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-request-id", "req_mock_" + status)
        .setBody(body);
  }

  static MockResponse sse(String body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .setHeader("Cache-Control", "no-cache")
        .setBody(body);
  }

  private static String data(String json) {
    return "data: " + json + "\n\n";
  }

  private static String event(String name, String json) {
    return "event: " + name + "\n" + "data: " + json + "\n\n";
  }

  private static String q(String s) {
    return Json.compact(Json.mapper().getNodeFactory().textNode(s));
  }

  // ---------------------------------------------------------------- OpenAI chat

  private static final String CHAT_HEAD =
      "\"id\":\"chatcmpl-mock1\",\"created\":1731000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_mock\"";
  private static final String TOOL_CALL_HEAD =
      "\"id\":\"call_weather_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\"";

  static String chatCompletion(boolean tools) {
    String message =
        tools
            ? "{\"role\":\"assistant\",\"content\":null,\"refusal\":null,\"tool_calls\":[{"
                + TOOL_CALL_HEAD
                + ",\"arguments\":"
                + q(TOOL_ARGUMENTS)
                + "}}]}"
            : "{\"role\":\"assistant\",\"content\":" + q(TEXT) + ",\"refusal\":null}";
    return "{"
        + CHAT_HEAD
        + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
        + message
        + ",\"logprobs\":null,\"finish_reason\":\""
        + (tools ? "tool_calls" : "stop")
        + "\"}],"
        + "\"usage\":{\"prompt_tokens\":82,\"completion_tokens\":18,\"total_tokens\":100}}";
  }

  private static String chunk(String delta, String finish) {
    return "{"
        + CHAT_HEAD
        + ",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"logprobs\":null,\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"")
        + "}]}";
  }

  static String chatChunks(boolean tools) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        data(
            chunk(
                "{\"role\":\"assistant\",\"content\":"
                    + (tools ? "null" : "\"\"")
                    + ",\"refusal\":null}",
                null)));
    if (tools) {
      sb.append(
          data(
              chunk(
                  "{\"tool_calls\":[{\"index\":0," + TOOL_CALL_HEAD + ",\"arguments\":\"\"}}]}",
                  null)));
      for (String piece : TOOL_ARGUMENT_PIECES) {
        sb.append(
            data(
                chunk(
                    "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                        + q(piece)
                        + "}}]}",
                    null)));
      }
    } else {
      for (String piece : TEXT_PIECES)
        sb.append(data(chunk("{\"content\":" + q(piece) + "}", null)));
    }
    sb.append(data(chunk("{}", tools ? "tool_calls" : "stop")));
    // The usage chunk (sent when stream_options.include_usage is set; harmless otherwise).
    sb.append(
        data(
            "{"
                + CHAT_HEAD
                + ",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":82,\"completion_tokens\":18,\"total_tokens\":100}}"));
    sb.append(data("[DONE]"));
    return sb.toString();
  }

  // ---------------------------------------------------------------- OpenAI legacy completions

  static String completionChunks() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < COMPLETION_PIECES.size(); i++) {
      boolean last = i == COMPLETION_PIECES.size() - 1;
      sb.append(
          data(
              "{\"id\":\"cmpl-mock1\",\"object\":\"text_completion\",\"created\":1731000000,"
                  + "\"model\":\"gpt-3.5-turbo-instruct\",\"choices\":[{\"text\":"
                  + q(COMPLETION_PIECES.get(i))
                  + ",\"index\":0,\"logprobs\":null,\"finish_reason\":"
                  + (last ? "\"length\"" : "null")
                  + "}]}"));
    }
    sb.append(data("[DONE]"));
    return sb.toString();
  }

  // ---------------------------------------------------------------- OpenAI embeddings

  static String embeddings(boolean base64) {
    String vector;
    if (base64) {
      ByteBuffer buf = ByteBuffer.allocate(EMBEDDING.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : EMBEDDING) buf.putFloat(f);
      vector = q(Base64.getEncoder().encodeToString(buf.array()));
    } else {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < EMBEDDING.length; i++) sb.append(i == 0 ? "" : ",").append(EMBEDDING[i]);
      vector = sb.append(']').toString();
    }
    return "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":"
        + vector
        + "}],\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":6,\"total_tokens\":6}}";
  }

  // ---------------------------------------------------------------- OpenAI Responses API

  private static String response(String status, String output, String usage) {
    return "{\"id\":\"resp_mock1\",\"object\":\"response\",\"created_at\":1731000000,\"status\":\""
        + status
        + "\","
        + "\"background\":false,\"error\":null,\"incomplete_details\":null,\"instructions\":null,"
        + "\"max_output_tokens\":null,\"model\":\"gpt-4o-mini-2024-07-18\",\"output\":"
        + output
        + ",\"parallel_tool_calls\":true,\"previous_response_id\":null,\"reasoning\":{\"effort\":null,\"summary\":null},"
        + "\"store\":true,\"temperature\":1.0,\"text\":{\"format\":{\"type\":\"text\"}},\"tool_choice\":\"auto\","
        + "\"tools\":[],\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":"
        + usage
        + ",\"user\":null,\"metadata\":{}}";
  }

  static String responseEvents() {
    String item =
        "{\"id\":\"msg_mock1\",\"type\":\"message\",\"status\":\"%s\",\"role\":\"assistant\",\"content\":%s}";
    String part = "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":%s}";
    String fullPart = String.format(part, q(TEXT));
    String doneItem = String.format(item, "completed", "[" + fullPart + "]");
    int seq = 0;
    StringBuilder sb = new StringBuilder();
    sb.append(
        event(
            "response.created",
            "{\"type\":\"response.created\",\"sequence_number\":"
                + seq++
                + ",\"response\":"
                + response("in_progress", "[]", "null")
                + "}"));
    sb.append(
        event(
            "response.in_progress",
            "{\"type\":\"response.in_progress\",\"sequence_number\":"
                + seq++
                + ",\"response\":"
                + response("in_progress", "[]", "null")
                + "}"));
    sb.append(
        event(
            "response.output_item.added",
            "{\"type\":\"response.output_item.added\",\"sequence_number\":"
                + seq++
                + ",\"output_index\":0,\"item\":"
                + String.format(item, "in_progress", "[]")
                + "}"));
    sb.append(
        event(
            "response.content_part.added",
            "{\"type\":\"response.content_part.added\",\"sequence_number\":"
                + seq++
                + ",\"item_id\":\"msg_mock1\",\"output_index\":0,\"content_index\":0,\"part\":"
                + String.format(part, "\"\"")
                + "}"));
    for (String piece : TEXT_PIECES) {
      sb.append(
          event(
              "response.output_text.delta",
              "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
                  + seq++
                  + ",\"item_id\":\"msg_mock1\",\"output_index\":0,\"content_index\":0,\"delta\":"
                  + q(piece)
                  + ",\"logprobs\":[]}"));
    }
    sb.append(
        event(
            "response.output_text.done",
            "{\"type\":\"response.output_text.done\",\"sequence_number\":"
                + seq++
                + ",\"item_id\":\"msg_mock1\",\"output_index\":0,\"content_index\":0,\"text\":"
                + q(TEXT)
                + ",\"logprobs\":[]}"));
    sb.append(
        event(
            "response.content_part.done",
            "{\"type\":\"response.content_part.done\",\"sequence_number\":"
                + seq++
                + ",\"item_id\":\"msg_mock1\",\"output_index\":0,\"content_index\":0,\"part\":"
                + fullPart
                + "}"));
    sb.append(
        event(
            "response.output_item.done",
            "{\"type\":\"response.output_item.done\",\"sequence_number\":"
                + seq++
                + ",\"output_index\":0,\"item\":"
                + doneItem
                + "}"));
    String usage =
        "{\"input_tokens\":12,\"input_tokens_details\":{\"cached_tokens\":0},\"output_tokens\":9,"
            + "\"output_tokens_details\":{\"reasoning_tokens\":0},\"total_tokens\":21}";
    sb.append(
        event(
            "response.completed",
            "{\"type\":\"response.completed\",\"sequence_number\":"
                + seq++
                + ",\"response\":"
                + response("completed", "[" + doneItem + "]", usage)
                + "}"));
    return sb.toString();
  }

  // ---------------------------------------------------------------- Anthropic messages

  private static final String ANTHROPIC_USAGE_START =
      "{\"input_tokens\":25,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1,\"service_tier\":\"standard\"}";

  static String anthropicMessage() {
    return "{\"id\":\"msg_01Mock\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
        + "\"content\":[{\"type\":\"text\",\"text\":"
        + q(TEXT)
        + "},{\"type\":\"tool_use\",\"id\":\"toolu_01Mock\","
        + "\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\",\"unit\":\"celsius\"}}],"
        + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,"
        + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":41,\"service_tier\":\"standard\"}}";
  }

  static String anthropicEvents() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        event(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01Mock\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":"
                + ANTHROPIC_USAGE_START
                + "}}"));
    sb.append(
        event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    sb.append(event("ping", "{\"type\": \"ping\"}"));
    for (String piece : TEXT_PIECES) {
      sb.append(
          event(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":0,"
                  + "\"delta\":{\"type\":\"text_delta\",\"text\":"
                  + q(piece)
                  + "}}"));
    }
    sb.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    sb.append(
        event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_01Mock\",\"name\":\"get_weather\",\"input\":{}}}"));
    for (String piece : TOOL_ARGUMENT_PIECES) {
      sb.append(
          event(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":1,"
                  + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"
                  + q(piece)
                  + "}}"));
    }
    sb.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"));
    sb.append(
        event(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":41}}"));
    sb.append(event("message_stop", "{\"type\":\"message_stop\"}"));
    return sb.toString();
  }
}
