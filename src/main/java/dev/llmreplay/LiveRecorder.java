package dev.llmreplay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.HeaderMap;
import dev.llmreplay.internal.fixture.Provenance;
import dev.llmreplay.internal.fixture.RecordedFailure;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.fixture.VolatileFields;
import dev.llmreplay.internal.inspect.Transcript;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import dev.llmreplay.internal.stream.TeeSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.GzipSource;
import okio.Okio;
import okio.Source;

/**
 * Calls the live API and records the answer while the caller reads it: the response body is a tee,
 * and the fixture (redacted, optionally normalized) is written when the body ends cleanly.
 */
final class LiveRecorder {
  private static final Set<String> NOT_RECORDED_RESPONSE_HEADERS =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "content-length",
          "content-encoding");

  private final FixtureStore store;
  private final Redactor redactor;
  private final FixtureListener listener;
  private final boolean normalizeVolatileFields;
  private final boolean recordFailures;

  LiveRecorder(
      FixtureStore store,
      Redactor redactor,
      FixtureListener listener,
      boolean normalizeVolatileFields,
      boolean recordFailures) {
    this.store = store;
    this.redactor = redactor;
    this.listener = listener;
    this.normalizeVolatileFields = normalizeVolatileFields;
    this.recordFailures = recordFailures;
  }

  Response record(Interceptor.Chain chain, Request request, byte[] body, RequestKey key)
      throws IOException {
    long startNanos = System.nanoTime();
    Instant startedAt = Instant.now();
    Response response = chain.proceed(request);
    RecordedRequest recordedRequest = recordedRequest(request, body, key);

    ResponseBody upstream = response.body();
    Source source = upstream.source();
    Response.Builder visible = response.newBuilder();
    long length = upstream.contentLength();
    if ("gzip".equalsIgnoreCase(response.header("Content-Encoding"))) {
      // The caller asked for gzip itself (OkHttp did not decode it): hand over and record the
      // decoded body, as OkHttp does for transparent gzip.
      source = new GzipSource(source);
      visible.removeHeader("Content-Encoding").removeHeader("Content-Length");
      length = -1;
    }
    String contentType = response.header("Content-Type");
    StreamFormat format = StreamFormat.fromContentType(contentType);
    HeaderMap responseHeaders = recordedResponseHeaders(response.headers());
    RecordedResponse.Builder recorded =
        RecordedResponse.builder()
            .status(response.code())
            .message(response.message())
            .headers(responseHeaders)
            .streamFormat(format);
    Provenance provenance = new Provenance(startedAt, request.url().host(), null);

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
                        ? recorded.body(redactBody(Body.fromWire(whole, contentType))).build()
                        : recorded.events(events).build();
                if (recordFailures && r.isStreaming()) r = withEofFailure(r);
                write(r);
              }

              private void write(RecordedResponse r) throws IOException {
                // Only the fixture is normalized: the client has already read the live bytes.
                if (normalizeVolatileFields) r = VolatileFields.normalize(r, key.hex());
                Path file = store.record(key, recordedRequest, r, provenance).file();
                listener.recorded(key, file);
              }

              @Override
              public void failed(IOException e) {
                // Nothing is written: a stream cut short must not look complete on replay.
              }

              @Override
              public void failed(IOException e, List<StreamEvent> received) {
                // By default nothing is written; asked to, a failed stream is written with what
                // arrived and how it failed, and replays that way (it never looks complete).
                if (!recordFailures || format == StreamFormat.NONE) return;
                try {
                  write(
                      recorded
                          .events(received)
                          .failure(RecordedFailure.of(e, received.size()))
                          .build());
                } catch (IOException | RuntimeException writeFailure) {
                  e.addSuppressed(writeFailure);
                }
              }
            });
    return visible.body(new SourceBody(upstream.contentType(), length, Okio.buffer(tee))).build();
  }

  /** A stream that ended cleanly without its terminal event is a recorded failure of kind eof. */
  private static RecordedResponse withEofFailure(RecordedResponse r) {
    String incomplete = Transcript.of(r).incomplete();
    if (incomplete == null) return r;
    return r.newBuilder()
        .failure(
            new RecordedFailure(
                r.events().size(), RecordedFailure.Kind.EOF, "clean end: " + incomplete))
        .build();
  }

  private RecordedRequest recordedRequest(Request request, byte[] body, RequestKey key) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : request.headers().names()) headers.put(name, request.headers(name));
    String contentType =
        request.body() != null && request.body().contentType() != null
            ? request.body().contentType().toString()
            : request.header("Content-Type");
    Body recordedBody = redactBody(Body.fromWire(body, contentType));
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

  private Body redactBody(Body body) {
    return body.kind() == Body.Kind.JSON ? Body.json(redactor.redactBody(body.json())) : body;
  }

  private HeaderMap recordedResponseHeaders(Headers headers) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String name : headers.names()) {
      if (!NOT_RECORDED_RESPONSE_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        map.put(name, headers.values(name));
      }
    }
    return HeaderMap.of(redactor.redactResponseHeaders(map));
  }
}
