package dev.llmreplay.internal.capture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.HeaderMap;
import dev.llmreplay.internal.fixture.RecordedFailure;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.fixture.VolatileFields;
import dev.llmreplay.internal.http.HeaderPolicy;
import dev.llmreplay.internal.redact.Redaction;
import dev.llmreplay.internal.stream.SourceBody;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import dev.llmreplay.internal.stream.TeeSource;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.GzipSource;
import okio.Okio;
import okio.Source;

/**
 * Turns a live call into what a fixture records: the one capture path of live recording and
 * refresh. {@link #recordedRequest} is the request as written (redacted); {@link #tee} hands the
 * live body to its reader chunk by chunk as it arrives while building the recorded response (gzip
 * undone, stream events split and timed, headers kept by {@link HeaderPolicy#NOT_RECORDED},
 * redacted, volatile values normalized when asked), and passes that response on only when the body
 * ended cleanly. A body that fails or is cut short records nothing; a reader that closes early
 * makes the capture read the rest itself, so the recording is never cut short to look complete.
 *
 * <p>Immutable and thread-safe; one instance serves every call of an interceptor or a refresh.
 */
public final class ResponseCapture {
  /** Receives the outcome of one capture. */
  public interface Outcome {
    /**
     * The body ended cleanly.
     *
     * @param response the recorded response, redacted (and normalized, when asked)
     * @throws IOException reaches the reader of the body (e.g. the fixture could not be written)
     */
    void completed(RecordedResponse response) throws IOException;

    /** The body failed or was cut short: nothing is recorded. The reader sees {@code e} too. */
    default void failed(IOException e) {}

    /**
     * A stream failed after some events: {@code partial} holds them and a failure block saying how
     * it failed, for recorders that keep failures on purpose (it never looks complete). By default,
     * {@link #failed(IOException)}.
     */
    default void failed(IOException e, RecordedResponse partial) {
      failed(e);
    }
  }

  private final Redaction redactor;
  private final boolean normalizeVolatileFields;

  /**
   * @param normalizeVolatileFields whether recorded responses get their volatile values made
   *     constant (see {@link VolatileFields}); the reader still sees the live bytes
   */
  public ResponseCapture(Redaction redactor, boolean normalizeVolatileFields) {
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.normalizeVolatileFields = normalizeVolatileFields;
  }

  /** The request as a fixture records it: URL, headers and JSON body redacted. */
  public RecordedRequest recordedRequest(Request request, byte[] body, RequestKey key) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : request.headers().names()) headers.put(name, request.headers(name));
    String contentType =
        request.body() != null && request.body().contentType() != null
            ? request.body().contentType().toString()
            : request.header("Content-Type");
    Body recordedBody = redacted(Body.fromWire(body, contentType));
    String model = null;
    if (recordedBody.kind() == Body.Kind.JSON) {
      JsonNode m = recordedBody.json().get("model");
      if (m != null && m.isTextual()) model = m.asText();
    }
    return RecordedRequest.builder()
        .method(request.method())
        .url(redactor.redactUrl(request.url().toString()))
        .headers(HeaderMap.of(redactor.redactRequestHeaders(headers)))
        .body(recordedBody)
        .endpoint(key.endpoint())
        .model(model)
        .build();
  }

  /**
   * The response its reader reads instead of {@code live}: the same status and headers (minus
   * {@code Content-Encoding}/{@code Content-Length} when gzip is undone here) and a body that tees
   * into the recording.
   *
   * @param startNanos {@link System#nanoTime()} when the request was sent; event times count from
   *     it
   * @param requestHash the hash that normalized ids are made from (the request key's hex)
   */
  public Response tee(Response live, long startNanos, String requestHash, Outcome outcome) {
    ResponseBody upstream = live.body();
    Source source = upstream.source();
    Response.Builder visible = live.newBuilder();
    long length = upstream.contentLength();
    if ("gzip".equalsIgnoreCase(live.header("Content-Encoding"))) {
      // The caller asked for gzip itself, so OkHttp did not decode it: hand over and record the
      // decoded body, as OkHttp does for transparent gzip.
      source = new GzipSource(source);
      visible.removeHeader("Content-Encoding").removeHeader("Content-Length");
      length = -1;
    }
    String contentType = live.header("Content-Type");
    StreamFormat format = StreamFormat.fromContentType(contentType);
    RecordedResponse.Builder recorded =
        RecordedResponse.builder()
            .status(live.code())
            .message(live.message())
            .headers(
                HeaderMap.of(
                    redactor.redactResponseHeaders(
                        HeaderPolicy.NOT_RECORDED.keptOf(live.headers()))))
            .streamFormat(format);
    TeeSource tee =
        new TeeSource(
            source,
            format == StreamFormat.NONE ? null : format.newDecoder(),
            startNanos,
            new TeeSource.Recorder() {
              @Override
              public void complete(List<StreamEvent> events, byte[] whole) throws IOException {
                RecordedResponse r =
                    format == StreamFormat.NONE
                        ? recorded.body(redacted(Body.fromWire(whole, contentType))).build()
                        : recorded.events(events).build();
                if (normalizeVolatileFields) r = VolatileFields.normalize(r, requestHash);
                outcome.completed(r);
              }

              @Override
              public void failed(IOException e) {
                outcome.failed(e);
              }

              @Override
              public void failed(IOException e, List<StreamEvent> received) {
                if (format == StreamFormat.NONE) {
                  outcome.failed(e);
                  return;
                }
                RecordedResponse partial =
                    recorded
                        .events(received)
                        .failure(RecordedFailure.of(e, received.size()))
                        .build();
                if (normalizeVolatileFields)
                  partial = VolatileFields.normalize(partial, requestHash);
                outcome.failed(e, partial);
              }
            });
    return visible.body(new SourceBody(upstream.contentType(), length, Okio.buffer(tee))).build();
  }

  private Body redacted(Body body) {
    return body.kind() == Body.Kind.JSON ? Body.json(redactor.redactBody(body.json())) : body;
  }

  @Override
  public String toString() {
    return "ResponseCapture(" + redactor + (normalizeVolatileFields ? ", normalized" : "") + ")";
  }
}
