package dev.llmreplay.internal.replay;

import dev.llmreplay.FixtureListener;
import dev.llmreplay.FixtureNotFoundException;
import dev.llmreplay.Mode;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.config.Listeners;
import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.internal.fault.FaultDecision;
import dev.llmreplay.internal.fault.FaultInjector;
import dev.llmreplay.internal.fault.FaultSpec;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.PreparedResponse;
import dev.llmreplay.internal.key.KeyFunction;
import dev.llmreplay.internal.match.MissReport;
import dev.llmreplay.internal.match.MissReports;
import dev.llmreplay.internal.redact.Redaction;
import dev.llmreplay.internal.redact.Scanner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * The record/replay engine over one {@link ReplaySettings}: the fixture index of the recordings
 * directory and its fallbacks, the key function, the live recorder. {@code RecordReplayInterceptor}
 * is a thin public shell over one; the JUnit extension, the loopback server and the CLI reach the
 * same index through it. Thread-safe; the index is built on first use.
 */
public final class Replayer {
  private final ReplaySettings settings;
  private final KeyFunction keys;
  private final FixtureStore store;
  private final List<FixtureStore> fallbackStores;
  private final LiveRecorder recorder;
  // Per-key call counters for fault scopes: this facade's, never shared.
  private final FaultInjector injector;

  /**
   * @param keys computes keys under {@link ReplaySettings#effectiveKeyRules()}
   * @param redaction applies {@link ReplaySettings#redactor()}
   * @param scanner applies {@link ReplaySettings#scanner()}
   * @param faults the rules of {@link ReplaySettings#faults()}
   */
  public Replayer(
      ReplaySettings settings,
      KeyFunction keys,
      Redaction redaction,
      Scanner scanner,
      FaultSpec faults) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.store = open(settings.recordings(), scanner);
    List<FixtureStore> fallbacks = new ArrayList<>();
    for (Path dir : settings.fallbackRecordings()) fallbacks.add(open(dir, scanner));
    this.fallbackStores = List.copyOf(fallbacks);
    this.recorder =
        new LiveRecorder(
            store, redaction, settings.normalizeVolatileFields(), settings.recordFailures());
    this.injector = new FaultInjector(faults);
  }

  private FixtureStore open(Path dir, Scanner scanner) {
    return settings.searchSubdirectories()
        ? FixtureStore.open(dir, keys, scanner)
        : FixtureStore.openTopLevel(dir, keys, scanner);
  }

  public ReplaySettings settings() {
    return settings;
  }

  /** The key function requests are looked up by. */
  public KeyFunction keys() {
    return keys;
  }

  /** The index of the recordings directory: read first, and where new fixtures are recorded. */
  public FixtureStore store() {
    return store;
  }

  /** Every index read, in lookup order: the recordings directory's, then the fallbacks'. */
  public List<FixtureStore> stores() {
    List<FixtureStore> all = new ArrayList<>(1 + fallbackStores.size());
    all.add(store);
    all.addAll(fallbackStores);
    return all;
  }

  /** The key a request is looked up by (reads a copy of its body). */
  public RequestKey keyOf(Request request) throws IOException {
    return keyOf(request, bodyBytes(request));
  }

  private RequestKey keyOf(Request request, byte[] body) {
    // The whole URL only for OGX's scheme, which looks at the host; otherwise the parsed path and
    // query as they are, without rendering the URL and parsing it again on every call.
    if (keys.needsHost()) return keys.keyOfUrl(request.method(), request.url().toString(), body);
    return keys.keyOf(
        request.method(), request.url().encodedPath(), request.url().encodedQuery(), body);
  }

  /**
   * Answers the chain's request from the recordings, or records it, as the mode says. A {@link
   * CallListener} tag on the request is told about this call besides the settings' listener.
   */
  public Response intercept(Interceptor.Chain chain) throws IOException {
    Request request = chain.request();
    Mode mode = settings.mode();
    if (mode == Mode.LIVE && settings.faults().isNone()) return chain.proceed(request);

    CallListener tag = request.tag(CallListener.class);
    FixtureListener listener =
        tag == null ? settings.listener() : Listeners.both(settings.listener(), tag.listener());
    byte[] body = bodyBytes(request);
    RequestKey key = keyOf(request, body);
    if (mode.isReadable()) {
      Optional<FixtureStore.Entry> entry = find(key);
      if (entry.isPresent()) {
        PreparedResponse prepared = entry.get().nextResponse();
        listener.replayed(key, entry.get().file());
        FaultDecision faulted = decide(request, key, entry.get().fixture().faults());
        if (faulted.isNone() && prepared.failure() == null) {
          return ReplayedResponse.of(request, prepared, settings.pacing());
        }
        return ReplayedResponse.of(
            request, prepared, settings.pacing(), faulted, chain.readTimeoutMillis());
      }
      if (!mode.isWritable()) {
        FixtureNotFoundException miss = new FixtureNotFoundException(key, missReport(request, key));
        listener.missed(miss);
        throw miss;
      }
    }
    if (request.body() != null && request.body().isOneShot()) {
      request =
          request
              .newBuilder()
              .method(request.method(), RequestBody.create(body, request.body().contentType()))
              .build();
    }
    FaultDecision faulted = decide(request, key, FaultSpec.none());
    Response live =
        mode == Mode.LIVE
            ? chain.proceed(request)
            : recorder.record(chain, request, body, key, listener);
    return LiveFaults.apply(live, request, faulted, chain.readTimeoutMillis());
  }

  private FaultDecision decide(Request request, RequestKey key, FaultSpec fixtureFaults) {
    return injector.decide(request.url().encodedPath(), key.endpoint(), key.hex(), fixtureFaults);
  }

  /** The recordings directory first, then the fallbacks in order. */
  private Optional<FixtureStore.Entry> find(RequestKey key) {
    Optional<FixtureStore.Entry> entry = store.find(key);
    for (int i = 0; entry.isEmpty() && i < fallbackStores.size(); i++) {
      entry = fallbackStores.get(i).find(key);
    }
    return entry;
  }

  private String missReport(Request request, RequestKey key) {
    return MissReports.forStores(
        stores(),
        key,
        request.url().encodedPath(),
        settings.testName(),
        MissReport.HOW_TO_RECORD_INTERCEPTOR);
  }

  private static byte[] bodyBytes(Request request) throws IOException {
    RequestBody rb = request.body();
    if (rb == null) return new byte[0];
    Buffer buffer = new Buffer();
    rb.writeTo(buffer);
    return buffer.readByteArray();
  }

  @Override
  public String toString() {
    return "Replayer(" + settings.recordings() + ", " + settings.mode().id() + ")";
  }
}
