package dev.llmreplay.internal.replay;

import dev.llmreplay.FixtureListener;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.capture.ResponseCapture;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.Provenance;
import dev.llmreplay.internal.fixture.RecordedFailure;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.inspect.Transcript;
import dev.llmreplay.internal.redact.Redaction;
import java.io.IOException;
import java.time.Instant;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Calls the live API and records the answer while the caller reads it ({@link ResponseCapture}):
 * the fixture is written into the store when the body ends cleanly, and nothing when it fails —
 * unless failures are recorded on purpose, when a failed stream is written with the events that
 * arrived and how it failed.
 */
final class LiveRecorder {
  private final FixtureStore store;
  private final ResponseCapture capture;
  private final boolean recordFailures;

  LiveRecorder(
      FixtureStore store,
      Redaction redaction,
      boolean normalizeVolatileFields,
      boolean recordFailures) {
    this.store = store;
    this.capture = new ResponseCapture(redaction, normalizeVolatileFields);
    this.recordFailures = recordFailures;
  }

  /** Records the call; {@code listener} is told when the fixture is written. */
  Response record(
      Interceptor.Chain chain,
      Request request,
      byte[] body,
      RequestKey key,
      FixtureListener listener)
      throws IOException {
    RecordedRequest recorded = capture.recordedRequest(request, body, key);
    long startNanos = System.nanoTime();
    Provenance provenance = new Provenance(Instant.now(), request.url().host(), null);
    Response live = chain.proceed(request);
    return capture.tee(
        live,
        startNanos,
        key.hex(),
        new ResponseCapture.Outcome() {
          @Override
          public void completed(RecordedResponse response) throws IOException {
            RecordedResponse r =
                recordFailures && response.isStreaming() ? withEofFailure(response) : response;
            write(r);
          }

          @Override
          public void failed(IOException e, RecordedResponse partial) {
            if (!recordFailures) return;
            try {
              write(partial);
            } catch (IOException | RuntimeException writeFailure) {
              e.addSuppressed(writeFailure);
            }
          }

          private void write(RecordedResponse r) throws IOException {
            listener.recorded(key, store.record(key, recorded, r, provenance).file());
          }
        });
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
}
