package dev.llmreplay.internal.replay;

import dev.llmreplay.internal.fault.ErrorBodies;
import dev.llmreplay.internal.fault.FaultTag;
import dev.llmreplay.internal.fault.Provider;
import dev.llmreplay.internal.stream.SourceBody;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/** An injected error response: the status, the provider's error body, a retry-after if asked. */
final class ErrorResponse {
  private static final MediaType JSON = MediaType.get("application/json");

  private ErrorResponse() {}

  static Response of(Request request, int status, Integer retryAfterSeconds, String description) {
    Provider provider = Provider.of(request.url().encodedPath());
    byte[] body =
        ErrorBodies.statusBody(provider, status, "llm-replay injected fault: " + description);
    Response.Builder b =
        new Response.Builder()
            .request(tagged(request, description))
            .protocol(Protocol.HTTP_1_1)
            .code(status)
            .message(ErrorBodies.reason(status))
            .header("Content-Type", JSON.toString());
    if (retryAfterSeconds != null) b.header("retry-after", String.valueOf(retryAfterSeconds));
    long now = System.currentTimeMillis();
    return b.body(new SourceBody(JSON, body.length, new Buffer().write(body)))
        .sentRequestAtMillis(now)
        .receivedResponseAtMillis(now)
        .build();
  }

  /** The request, tagged so that the loopback server knows a fault shapes this response. */
  static Request tagged(Request request, String description) {
    return request.newBuilder().tag(FaultTag.class, new FaultTag(description)).build();
  }
}
