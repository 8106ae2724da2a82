package dev.llmreplay.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * A local server answering like Amazon Bedrock's runtime does: {@code POST /model/MODEL/converse}
 * with a Converse JSON answer, and {@code /model/MODEL/converse-stream} with the same answer as
 * {@code application/vnd.amazon.eventstream} frames (headers {@code :event-type}, {@code
 * :content-type}, {@code :message-type}; JSON payloads padded with Bedrock's {@code "p"} field). A
 * request offering tools gets a {@code toolUse}; one carrying a {@code toolResult} gets the answer
 * that uses it. Unsigned requests get a 403.
 */
final class FakeBedrock implements AutoCloseable {
  static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String ACCESS_KEY = "AKIAFAKEFAKEFAKE1234";
  static final String SECRET_KEY = "fake/secret/key/that/signs/nothing/0000";
  static final String SESSION_TOKEN = "FwoGZXIvYXdzEFAKESESSIONTOKENFORTESTSONLY";
  static final String TEXT = "Hello! How can I help you today?";
  static final List<String> PIECES = List.of("Hello!", " How can I", " help you today?");
  static final String TOOL_ANSWER = "It is 18 degrees in Paris.";
  static final String TOOL_INPUT = "{\"city\":\"Paris\"}";
  static final List<String> TOOL_INPUT_PIECES = List.of("{\"city\":", "\"Paris\"}");

  private final MockWebServer server = new MockWebServer();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  private FakeBedrock() {}

  static FakeBedrock start() {
    FakeBedrock fake = new FakeBedrock();
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

  String url() {
    String u = server.url("/").toString();
    return u.substring(0, u.length() - 1);
  }

  /** The Authorization headers the requests carried (SigV4, signed by the SDK). */
  List<String> authorizations() {
    return authorizations;
  }

  static String modelPath(String operation) {
    return "/model/" + MODEL.replace(":", "%3A") + "/" + operation;
  }

  private MockResponse answer(RecordedRequest request) {
    String auth = request.getHeader("Authorization");
    if (auth == null
        || !auth.startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
        || !SESSION_TOKEN.equals(request.getHeader("X-Amz-Security-Token"))) {
      return new MockResponse()
          .setResponseCode(403)
          .setHeader("Content-Type", "application/json")
          .setHeader("x-amzn-ErrorType", "UnrecognizedClientException")
          .setBody("{\"message\":\"The security token included in the request is invalid.\"}");
    }
    authorizations.add(auth);
    JsonNode body;
    try {
      body = Json.parse(request.getBody().readUtf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean toolResult = body.toString().contains("\"toolResult\"");
    boolean tools = body.path("toolConfig").path("tools").size() > 0 && !toolResult;
    String path = request.getRequestUrl().encodedPath();
    if (path.equals(modelPath("converse"))) {
      return new MockResponse()
          .setHeader("Content-Type", "application/json")
          .setHeader("x-amzn-RequestId", "5f1c7d2e-0000-4000-8000-000000000001")
          .setBody(converse(tools, toolResult));
    }
    if (path.equals(modelPath("converse-stream"))) {
      return new MockResponse()
          .setHeader("Content-Type", "application/vnd.amazon.eventstream")
          .setHeader("x-amzn-RequestId", "5f1c7d2e-0000-4000-8000-000000000002")
          .setBody(new Buffer().write(streamBytes(tools)));
    }
    return new MockResponse()
        .setResponseCode(404)
        .setHeader("x-amzn-ErrorType", "UnknownOperationException")
        .setBody("{}");
  }

  static String converse(boolean tools, boolean toolResult) {
    String content =
        tools
            ? "{\"toolUse\":{\"input\":"
                + TOOL_INPUT
                + ",\"name\":\"get_weather\",\"toolUseId\":\"tooluse_fake1\"}}"
            : "{\"text\":" + quote(toolResult ? TOOL_ANSWER : TEXT) + "}";
    return "{\"metrics\":{\"latencyMs\":321},\"output\":{\"message\":{\"content\":["
        + content
        + "],\"role\":\"assistant\"}},\"stopReason\":\""
        + (tools ? "tool_use" : "end_turn")
        + "\",\"usage\":{\"inputTokens\":"
        + (toolResult ? 40 : 12)
        + ",\"outputTokens\":9,\"totalTokens\":"
        + (toolResult ? 49 : 21)
        + "}}";
  }

  /** The converse-stream body: one event-stream frame per event. */
  static byte[] streamBytes(boolean tools) {
    List<String[]> events = new ArrayList<>();
    events.add(new String[] {"messageStart", "{\"p\":\"abcd\",\"role\":\"assistant\"}"});
    if (tools) {
      events.add(
          new String[] {
            "contentBlockStart",
            "{\"contentBlockIndex\":0,\"p\":\"abcdefgh\",\"start\":{\"toolUse\":"
                + "{\"name\":\"get_weather\",\"toolUseId\":\"tooluse_fake2\"}}}"
          });
      for (String piece : TOOL_INPUT_PIECES) {
        events.add(
            new String[] {
              "contentBlockDelta",
              "{\"contentBlockIndex\":0,\"delta\":{\"toolUse\":{\"input\":"
                  + quote(piece)
                  + "}},\"p\":\"abcdefghijk\"}"
            });
      }
    } else {
      for (String piece : PIECES) {
        events.add(
            new String[] {
              "contentBlockDelta",
              "{\"contentBlockIndex\":0,\"delta\":{\"text\":"
                  + quote(piece)
                  + "},\"p\":\"abcdefghijklmnopqrstuvwxyzABCDEFGH\"}"
            });
      }
    }
    events.add(new String[] {"contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abcdefghij\"}"});
    events.add(
        new String[] {
          "messageStop",
          "{\"p\":\"abcdefghijklmn\",\"stopReason\":\"" + (tools ? "tool_use" : "end_turn") + "\"}"
        });
    events.add(
        new String[] {
          "metadata",
          "{\"metrics\":{\"latencyMs\":400},\"p\":\"abcdefghijklmnopqrstu\","
              + "\"usage\":{\"inputTokens\":12,\"outputTokens\":9,\"totalTokens\":21}}"
        });
    Buffer out = new Buffer();
    for (String[] e : events) {
      Map<String, HeaderValue> headers = new LinkedHashMap<>();
      headers.put(":event-type", HeaderValue.fromString(e[0]));
      headers.put(":content-type", HeaderValue.fromString("application/json"));
      headers.put(":message-type", HeaderValue.fromString("event"));
      ByteBuffer frame = new Message(headers, e[1].getBytes(StandardCharsets.UTF_8)).toByteBuffer();
      out.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
    }
    return out.readByteArray();
  }

  private static String quote(String s) {
    return Json.mapper().valueToTree(s).toString();
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
