package dev.llmreplay.internal.replay;

import dev.llmreplay.internal.fault.ErrorBodies;
import dev.llmreplay.internal.fault.FaultAction;
import dev.llmreplay.internal.fault.FaultDecision;
import dev.llmreplay.internal.fault.FaultedSource;
import dev.llmreplay.internal.fault.LiveFeed;
import dev.llmreplay.internal.fault.Provider;
import dev.llmreplay.internal.fault.Waits;
import dev.llmreplay.internal.stream.SourceBody;
import dev.llmreplay.internal.stream.StreamFormat;
import java.io.IOException;
import okhttp3.Request;
import okhttp3.Response;
import okio.Okio;

/**
 * Faults on a live response (recording, or LIVE mode): the client sees the faulted response while a
 * recording behind the body still gets all of the upstream, so the fixture stays faithful.
 */
final class LiveFaults {
  private LiveFaults() {}

  /**
   * @param live the response as it would reach the client; its body may be a recording's tee
   * @param request the client's request
   */
  static Response apply(Response live, Request request, FaultDecision d, long readTimeoutMillis)
      throws IOException {
    if (d.isNone()) return live;
    FaultAction action = d.action();
    StreamFormat format = StreamFormat.fromContentType(live.header("Content-Type"));
    Provider provider = Provider.of(request.url().encodedPath());
    boolean replaced =
        action instanceof FaultAction.Status
            || (action instanceof FaultAction.ErrorEventAfter && format == StreamFormat.NONE);
    // A replaced answer still lets the recording behind it read the whole upstream first.
    if (replaced) drain(live);
    if (d.delayMillis() > 0) {
      try {
        Waits.await(d.delayMillis(), readTimeoutMillis, d.describe());
      } catch (IOException e) {
        if (!replaced) drain(live);
        throw e;
      }
    }
    if (action instanceof FaultAction.Status) {
      FaultAction.Status s = (FaultAction.Status) action;
      return ErrorResponse.of(request, s.code(), s.retryAfterSeconds(), d.describe());
    }
    if (replaced) {
      Integer status = ((FaultAction.ErrorEventAfter) action).status();
      return ErrorResponse.of(
          request,
          status != null ? status : ErrorBodies.defaultStreamStatus(provider),
          null,
          d.describe());
    }
    Request tagged = ErrorResponse.tagged(live.request(), d.describe());
    if (action == null || request.method().equals("HEAD")) {
      return live.newBuilder().request(tagged).build();
    }
    FaultAction.BodyFault fault = (FaultAction.BodyFault) action;
    byte[] errorEvent = null;
    if (fault instanceof FaultAction.ErrorEventAfter) {
      Integer status = ((FaultAction.ErrorEventAfter) fault).status();
      errorEvent =
          ErrorBodies.streamEvent(
              provider,
              format,
              status != null ? status : ErrorBodies.defaultStreamStatus(provider),
              "llm-replay injected fault: " + d.describe(),
              fault.n());
    }
    boolean whole = format == StreamFormat.NONE;
    FaultedSource source =
        new FaultedSource(
            new LiveFeed(live.body().source(), format),
            fault,
            whole,
            format,
            errorEvent,
            readTimeoutMillis,
            d.describe());
    // Stream events go out re-encoded, and an eof shortens a whole body: the length may differ.
    boolean sameLength = whole && !(fault instanceof FaultAction.EofAfter);
    Response.Builder b = live.newBuilder().request(tagged);
    if (!sameLength) b.removeHeader("Content-Length");
    long length = sameLength ? live.body().contentLength() : -1;
    return b.body(new SourceBody(live.body().contentType(), length, Okio.buffer(source))).build();
  }

  /** Reads the live body to its end (completing a recording), then closes it. */
  private static void drain(Response live) throws IOException {
    try (Response r = live) {
      r.body().source().readAll(Okio.blackhole());
    }
  }
}
