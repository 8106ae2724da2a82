package dev.llmreplay.internal.replay;

import dev.llmreplay.FixtureListener;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.capture.ResponseCapture;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.Provenance;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.redact.Redaction;
import java.io.IOException;
import java.time.Instant;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Calls the live API and records the answer while the caller reads it ({@link ResponseCapture}):
 * the fixture is written into the store when the body ends cleanly, and nothing when it fails.
 */
final class LiveRecorder {
  private final FixtureStore store;
  private final ResponseCapture capture;

  LiveRecorder(FixtureStore store, Redaction redaction, boolean normalizeVolatileFields) {
    this.store = store;
    this.capture = new ResponseCapture(redaction, normalizeVolatileFields);
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
        response ->
            listener.recorded(key, store.record(key, recorded, response, provenance).file()));
  }
}
