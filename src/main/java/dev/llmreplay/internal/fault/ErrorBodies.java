package dev.llmreplay.internal.fault;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import java.nio.charset.StandardCharsets;

/**
 * Error bodies and in-stream error events as each provider sends them, so that an SDK maps an
 * injected fault to the same exception a real one would raise.
 */
public final class ErrorBodies {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ErrorBodies() {}

  /** The JSON body of an error response with this status. */
  public static byte[] statusBody(Provider provider, int status, String message) {
    ObjectNode root = NODES.objectNode();
    switch (provider) {
      case ANTHROPIC:
        root.put("type", "error");
        ObjectNode a = root.putObject("error");
        a.put("type", anthropicType(status));
        a.put("message", message);
        root.put("request_id", "req_llm_replay_fault");
        break;
      case OLLAMA:
        root.put("error", message);
        break;
      case GEMINI:
        ObjectNode g = root.putObject("error");
        g.put("code", status);
        g.put("message", message);
        g.put("status", googleStatus(status));
        break;
      default:
        ObjectNode o = root.putObject("error");
        o.put("message", message);
        o.put("type", openAiType(status));
        o.putNull("param");
        String code = openAiCode(status);
        if (code == null) o.putNull("code");
        else o.put("code", code);
    }
    return Json.compact(root).getBytes(StandardCharsets.UTF_8);
  }

  /** The status an in-stream error stands for when the rule names none. */
  public static int defaultStreamStatus(Provider provider) {
    return provider == Provider.ANTHROPIC ? 529 : provider == Provider.GEMINI ? 503 : 500;
  }

  /**
   * The wire bytes of an in-stream error event: Anthropic {@code event: error}, the Responses API
   * {@code event: error}, OpenAI-style {@code data: {"error": ...}}, Ollama's {@code {"error":
   * "..."}} line.
   *
   * @param sequence the number of events before it (the Responses API numbers its events)
   */
  public static byte[] streamEvent(
      Provider provider, StreamFormat format, int status, String message, int sequence) {
    if (format == StreamFormat.NDJSON) {
      ObjectNode o = NODES.objectNode().put("error", message);
      return format.encode(StreamEvent.data(Json.compact(o)));
    }
    switch (provider) {
      case ANTHROPIC:
        {
          ObjectNode root = NODES.objectNode().put("type", "error");
          root.putObject("error").put("type", anthropicType(status)).put("message", message);
          return format.encode(
              StreamEvent.builder().event("error").data(Json.compact(root)).build());
        }
      case OPENAI_RESPONSES:
        {
          ObjectNode root = NODES.objectNode().put("type", "error");
          String code = openAiCode(status);
          root.put("code", code == null ? openAiType(status) : code);
          root.put("message", message);
          root.putNull("param");
          root.put("sequence_number", sequence);
          return format.encode(
              StreamEvent.builder().event("error").data(Json.compact(root)).build());
        }
      default:
        return format.encode(
            StreamEvent.data(
                new String(statusBody(provider, status, message), StandardCharsets.UTF_8)));
    }
  }

  /** The reason phrase for a status line. */
  public static String reason(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 402:
        return "Payment Required";
      case 403:
        return "Forbidden";
      case 404:
        return "Not Found";
      case 408:
        return "Request Timeout";
      case 409:
        return "Conflict";
      case 413:
        return "Payload Too Large";
      case 422:
        return "Unprocessable Entity";
      case 429:
        return "Too Many Requests";
      case 500:
        return "Internal Server Error";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      case 529:
        return "Overloaded";
      default:
        return status < 500 ? "Client Error" : "Server Error";
    }
  }

  // Anthropic documents these types per status; other 4xx are invalid_request_error, 5xx api_error.
  static String anthropicType(int status) {
    switch (status) {
      case 401:
        return "authentication_error";
      case 402:
        return "billing_error";
      case 403:
        return "permission_error";
      case 404:
        return "not_found_error";
      case 409:
        return "conflict_error";
      case 413:
        return "request_too_large";
      case 429:
        return "rate_limit_error";
      case 504:
        return "timeout_error";
      case 529:
        return "overloaded_error";
      default:
        return status < 500 ? "invalid_request_error" : "api_error";
    }
  }

  static String openAiType(int status) {
    if (status == 429) return "requests";
    return status < 500 ? "invalid_request_error" : "server_error";
  }

  static String openAiCode(int status) {
    switch (status) {
      case 401:
        return "invalid_api_key";
      case 404:
        return "not_found";
      case 429:
        return "rate_limit_exceeded";
      default:
        return null;
    }
  }

  static String googleStatus(int status) {
    switch (status) {
      case 400:
        return "INVALID_ARGUMENT";
      case 401:
        return "UNAUTHENTICATED";
      case 403:
        return "PERMISSION_DENIED";
      case 404:
        return "NOT_FOUND";
      case 409:
        return "ABORTED";
      case 429:
        return "RESOURCE_EXHAUSTED";
      case 499:
        return "CANCELLED";
      case 500:
        return "INTERNAL";
      case 503:
        return "UNAVAILABLE";
      case 504:
        return "DEADLINE_EXCEEDED";
      default:
        return status < 500 ? "FAILED_PRECONDITION" : "UNKNOWN";
    }
  }
}
