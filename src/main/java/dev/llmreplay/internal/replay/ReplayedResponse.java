package dev.llmreplay.internal.replay;

import dev.llmreplay.Pacing;
import dev.llmreplay.internal.fault.ChunkFeed;
import dev.llmreplay.internal.fault.Ending;
import dev.llmreplay.internal.fault.ErrorBodies;
import dev.llmreplay.internal.fault.FaultAction;
import dev.llmreplay.internal.fault.FaultDecision;
import dev.llmreplay.internal.fault.FaultedSource;
import dev.llmreplay.internal.fault.PreparedFeed;
import dev.llmreplay.internal.fault.Provider;
import dev.llmreplay.internal.fault.Waits;
import dev.llmreplay.internal.fixture.PreparedResponse;
import dev.llmreplay.internal.fixture.RecordedFailure;
import dev.llmreplay.internal.stream.ChunkSource;
import dev.llmreplay.internal.stream.SourceBody;
import dev.llmreplay.internal.stream.StreamFormat;
import java.io.IOException;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okio.Okio;
import okio.Source;

/** Turns a prepared recorded response into an OkHttp response that streams chunk by chunk. */
final class ReplayedResponse {
  private ReplayedResponse() {}

  static Response of(Request request, PreparedResponse p, Pacing pacing) {
    boolean head = request.method().equals("HEAD");
    Source source = new ChunkSource(head ? List.of() : p.chunks(), due(p, pacing));
    return build(request, p, source, head ? 0 : p.isStreaming() ? -1 : p.contentLength());
  }

  /**
   * The replayed response as the faults decide (and as a recorded failure ends it).
   *
   * @param readTimeoutMillis the client's read timeout: a longer delay or stall fails as it would
   */
  static Response of(
      Request request, PreparedResponse p, Pacing pacing, FaultDecision d, long readTimeoutMillis)
      throws IOException {
    if (d.delayMillis() > 0) Waits.await(d.delayMillis(), readTimeoutMillis, d.describe());
    FaultAction action = d.action();
    Provider provider = Provider.of(request.url().encodedPath());
    if (action instanceof FaultAction.Status) {
      FaultAction.Status s = (FaultAction.Status) action;
      return ErrorResponse.of(request, s.code(), s.retryAfterSeconds(), d.describe());
    }
    if (action instanceof FaultAction.ErrorEventAfter && !p.isStreaming()) {
      // A body that is not a stream has no events: the provider would have answered an error.
      Integer status = ((FaultAction.ErrorEventAfter) action).status();
      return ErrorResponse.of(
          request,
          status != null ? status : ErrorBodies.defaultStreamStatus(provider),
          null,
          d.describe());
    }
    RecordedFailure failure = p.failure();
    boolean head = request.method().equals("HEAD");
    if (head || (action == null && failure == null)) {
      Response r = of(request, p, pacing);
      return d.isNone()
          ? r
          : r.newBuilder().request(ErrorResponse.tagged(request, d.describe())).build();
    }
    FaultAction.BodyFault fault = (FaultAction.BodyFault) action;
    StreamFormat format =
        p.isStreaming() ? StreamFormat.fromContentType(p.contentType()) : StreamFormat.NONE;
    if (p.isStreaming() && format == StreamFormat.NONE) format = StreamFormat.SSE;
    ChunkFeed feed =
        new PreparedFeed(
            p.chunks(),
            due(p, pacing),
            failure == null ? Ending.CLEAN : ending(failure.kind()),
            failure == null ? null : "llm-replay recorded failure: " + failure.describe());
    byte[] errorEvent = null;
    if (fault instanceof FaultAction.ErrorEventAfter) {
      Integer status = ((FaultAction.ErrorEventAfter) fault).status();
      errorEvent =
          ErrorBodies.streamEvent(
              provider,
              format,
              status != null ? status : ErrorBodies.defaultStreamStatus(provider),
              "llm-replay injected fault: " + d.describe(),
              Math.min(fault.n(), p.chunks().size()));
    }
    String label = fault != null ? d.describe() : "recorded failure";
    Source source =
        new FaultedSource(
            feed, fault, !p.isStreaming(), format, errorEvent, readTimeoutMillis, label);
    boolean shorter = fault instanceof FaultAction.EofAfter;
    long length = p.isStreaming() || shorter ? -1 : p.contentLength();
    String tag = fault != null ? d.describe() : "recorded failure: " + failure.describe();
    return build(ErrorResponse.tagged(request, tag), p, source, length);
  }

  private static Ending ending(RecordedFailure.Kind kind) {
    switch (kind) {
      case RESET:
        return Ending.RESET;
      case TIMEOUT:
        return Ending.TIMEOUT;
      default:
        return Ending.CLEAN;
    }
  }

  private static long[] due(PreparedResponse p, Pacing pacing) {
    if (!p.isStreaming() || pacing.isNone()) return null;
    long[] due = new long[p.chunks().size()];
    for (int i = 0; i < due.length; i++) due[i] = pacing.dueMillis(i, p.tMs(i));
    return due;
  }

  private static Response build(Request request, PreparedResponse p, Source source, long length) {
    long now = System.currentTimeMillis();
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(p.status())
        .message(p.message())
        .headers(p.headers())
        .body(new SourceBody(mediaType(p.contentType()), length, Okio.buffer(source)))
        .sentRequestAtMillis(now)
        .receivedResponseAtMillis(now)
        .build();
  }

  private static MediaType mediaType(String contentType) {
    return contentType == null ? null : MediaType.parse(contentType);
  }
}
