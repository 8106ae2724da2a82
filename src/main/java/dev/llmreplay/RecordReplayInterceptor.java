package dev.llmreplay;

import dev.llmreplay.internal.fault.FaultDecision;
import dev.llmreplay.internal.fault.FaultInjector;
import dev.llmreplay.internal.fault.FaultSpec;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.PreparedResponse;
import dev.llmreplay.internal.fixture.VolatileFields;
import dev.llmreplay.internal.match.MissReport;
import dev.llmreplay.internal.match.MissReports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * An OkHttp application interceptor that records LLM API calls to JSON fixtures and replays them.
 *
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *     .addInterceptor(RecordReplayInterceptor.builder()
 *         .recordings(Path.of("recordings"))
 *         .mode(Mode.REPLAY)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Each request is identified by its {@link RequestKey} (method, endpoint and JSON body, hashed
 * the way llama-stack does). In {@link Mode#REPLAY} a miss throws {@link FixtureNotFoundException};
 * the network is never touched. Recording tees the live response: the client reads every chunk as
 * it arrives while the fixture is built, and the fixture is written (atomically, redacted, scanned
 * for secrets) when the body ends.
 *
 * <p>{@link Builder#faults(String) Faults} change what the caller receives (error statuses, cut or
 * stalled streams) without changing any fixture; their call counters belong to this instance.
 *
 * <p>One instance may serve many threads and clients. It holds the fixture index of its recordings
 * directory, built on first use.
 */
public final class RecordReplayInterceptor implements Interceptor {

  private final Path recordings;
  private final Mode mode;
  private final Pacing pacing;
  private final KeyRules keyRules;
  private final Redactor redactor;
  private final SecretScanner scanner;
  private final FixtureListener listener;
  private final boolean normalizeVolatileFields;
  private final FixtureStore store;
  private final LiveRecorder recorder;
  private final List<Path> fallbackRecordings;
  private final List<FixtureStore> fallbackStores;
  private final boolean searchSubdirectories;
  private final String testName;
  private final Faults faults;
  private final boolean recordFailures;
  // Per-key call counters for fault scopes: this instance's, never shared.
  private final FaultInjector injector;

  private RecordReplayInterceptor(Builder b) {
    this.recordings = b.recordings;
    this.mode = b.mode;
    this.pacing = b.pacing;
    this.redactor = b.redactor;
    this.scanner = b.scanner;
    this.listener = b.listener;
    this.normalizeVolatileFields = b.normalizeVolatileFields;
    // What the redactor blanks out cannot take part in the key, or a recorded request would
    // never match its live twin again.
    this.keyRules = withoutRedacted(b.keyRules, redactor);
    this.searchSubdirectories = b.searchSubdirectories;
    this.testName = b.testName;
    this.faults = b.faults;
    this.recordFailures = b.recordFailures;
    this.injector = new FaultInjector(faults.spec());
    this.store = openStore(recordings);
    this.recorder =
        new LiveRecorder(store, redactor, listener, normalizeVolatileFields, recordFailures);
    this.fallbackRecordings = List.copyOf(b.fallbackRecordings);
    this.fallbackStores =
        fallbackRecordings.stream().map(this::openStore).collect(Collectors.toUnmodifiableList());
  }

  private FixtureStore openStore(Path dir) {
    return searchSubdirectories
        ? FixtureStore.open(dir, keyRules, scanner)
        : FixtureStore.openTopLevel(dir, keyRules, scanner);
  }

  private static KeyRules withoutRedacted(KeyRules rules, Redactor redactor) {
    KeyRules.Builder b = rules.newBuilder();
    redactor.bodyFields().stream()
        .filter(p -> !rules.ignoredBodyFields().contains(p))
        .forEach(b::ignoreBodyField);
    redactor.queryParams().forEach(b::ignoreQueryParam);
    return b.build();
  }

  /** A builder with defaults: {@code recordings/}, {@link Mode#REPLAY}, {@link Pacing#NONE}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this interceptor's settings (the new interceptor gets its own index). */
  public Builder newBuilder() {
    return new Builder()
        .recordings(recordings)
        .mode(mode)
        .pacing(pacing)
        .keyRules(keyRules)
        .redactor(redactor)
        .secretScanner(scanner)
        .listener(listener)
        .fallbackRecordings(fallbackRecordings)
        .searchSubdirectories(searchSubdirectories)
        .testName(testName)
        .normalizeVolatileFields(normalizeVolatileFields)
        .faults(faults)
        .recordFailures(recordFailures);
  }

  public Mode mode() {
    return mode;
  }

  public Path recordings() {
    return recordings;
  }

  public Pacing pacing() {
    return pacing;
  }

  /** The faults injected into what clients receive ({@link Faults#none()} by default). */
  public Faults faults() {
    return faults;
  }

  /** Whether a live stream that fails mid-way is written with its failure. */
  public boolean recordsFailures() {
    return recordFailures;
  }

  /** Whether recorded responses are written with volatile values normalized. */
  public boolean normalizesVolatileFields() {
    return normalizeVolatileFields;
  }

  public KeyRules keyRules() {
    return keyRules;
  }

  /** The fixture index this interceptor reads and writes. */
  public FixtureStore store() {
    return store;
  }

  /** The directories searched, in order, after {@link #recordings()}; never written to. */
  /** Every fixture index this interceptor reads: its own, then the fallbacks'. */
  public List<FixtureStore> stores() {
    List<FixtureStore> all = new ArrayList<>(1 + fallbackStores.size());
    all.add(store);
    all.addAll(fallbackStores);
    return all;
  }

  /** The fallback directories, looked up in order after {@link #recordings()}. */
  public List<Path> fallbackRecordings() {
    return fallbackRecordings;
  }

  /** The key a request is looked up by (reads a copy of its body). */
  public RequestKey keyOf(Request request) throws IOException {
    return keyOf(request, bodyBytes(request));
  }

  private RequestKey keyOf(Request request, byte[] body) {
    return keyRules.keyOf(
        request.method(), request.url().encodedPath(), request.url().encodedQuery(), body);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    if (mode == Mode.LIVE && faults.isNone()) return chain.proceed(request);

    byte[] body = bodyBytes(request);
    RequestKey key = keyOf(request, body);
    if (mode.isReadable()) {
      var entry = find(key);
      if (entry.isPresent()) {
        PreparedResponse prepared = entry.get().nextResponse();
        listener.replayed(key, entry.get().file());
        FaultDecision faulted = decide(request, key, entry.get().fixture().faults());
        if (faulted.isNone() && prepared.failure() == null) {
          return ReplayedResponse.of(request, prepared, pacing);
        }
        return ReplayedResponse.of(request, prepared, pacing, faulted, chain.readTimeoutMillis());
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
        mode == Mode.LIVE ? chain.proceed(request) : recorder.record(chain, request, body, key);
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
    List<FixtureStore> stores = stores();
    return MissReports.forStores(
        stores, key, request.url().encodedPath(), testName, MissReport.HOW_TO_RECORD_INTERCEPTOR);
  }

  private static byte[] bodyBytes(Request request) throws IOException {
    RequestBody rb = request.body();
    if (rb == null) return new byte[0];
    Buffer buffer = new Buffer();
    rb.writeTo(buffer);
    return buffer.readByteArray();
  }

  /** Builds a {@link RecordReplayInterceptor}. */
  public static final class Builder {
    private Path recordings = Path.of("recordings");
    private Mode mode = Mode.REPLAY;
    private Pacing pacing = Pacing.NONE;
    private KeyRules keyRules = KeyRules.defaults();
    private Redactor redactor = Redactor.defaults();
    private SecretScanner scanner = SecretScanner.defaults();
    private FixtureListener listener = FixtureListener.NONE;
    private List<Path> fallbackRecordings = List.of();
    private boolean searchSubdirectories = true;
    private String testName;
    private boolean normalizeVolatileFields;
    private Faults faults = Faults.none();
    private boolean recordFailures;

    private Builder() {}

    /** The recordings directory (searched recursively; new fixtures go to its top level). */
    public Builder recordings(Path recordings) {
      this.recordings = Objects.requireNonNull(recordings, "recordings");
      return this;
    }

    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** How fast replayed streams are delivered (default {@link Pacing#NONE}). */
    public Builder pacing(Pacing pacing) {
      this.pacing = Objects.requireNonNull(pacing, "pacing");
      return this;
    }

    /** How requests are keyed (ignored body fields, query parameters, endpoint rule). */
    public Builder keyRules(KeyRules keyRules) {
      this.keyRules = Objects.requireNonNull(keyRules, "keyRules");
      return this;
    }

    /** Shortcut: leaves these JSON Pointers (e.g. {@code /user}) out of the key. */
    public Builder ignoreBodyFields(String... jsonPointers) {
      KeyRules.Builder b = keyRules.newBuilder();
      for (String p : jsonPointers) b.ignoreBodyField(p);
      this.keyRules = b.build();
      return this;
    }

    /** What is blanked out before a fixture is written (defaults: auth headers, cookies). */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** What refuses a fixture write when found (defaults: API key and token shapes). */
    public Builder secretScanner(SecretScanner scanner) {
      this.scanner = Objects.requireNonNull(scanner, "scanner");
      return this;
    }

    /**
     * When true, recorded responses are written with their volatile values made constant (ids
     * {@code rec-<hash>}, {@code created: 0}, request-id headers; see {@link VolatileFields}), so
     * re-recording an unchanged answer does not change the fixture. The live client still sees the
     * response as sent. Default false.
     */
    public Builder normalizeVolatileFields(boolean normalize) {
      this.normalizeVolatileFields = normalize;
      return this;
    }

    /** Told about every replayed, recorded and missed call (replaces earlier listeners). */
    public Builder listener(FixtureListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Adds a listener after those already set. */
    public Builder addListener(FixtureListener more) {
      Objects.requireNonNull(more, "listener");
      FixtureListener first = this.listener;
      this.listener =
          first == FixtureListener.NONE
              ? more
              : new FixtureListener() {
                @Override
                public void replayed(RequestKey key, Path file) {
                  first.replayed(key, file);
                  more.replayed(key, file);
                }

                @Override
                public void recorded(RequestKey key, Path file) {
                  first.recorded(key, file);
                  more.recorded(key, file);
                }

                @Override
                public void missed(RequestKey key) {
                  first.missed(key);
                  more.missed(key);
                }

                @Override
                public void missed(FixtureNotFoundException miss) {
                  first.missed(miss);
                  more.missed(miss);
                }
              };
      return this;
    }

    /**
     * Directories searched, in order, when the recordings directory has no fixture for a request
     * (shared fixtures, such as a model list). They are never written to.
     */
    public Builder fallbackRecordings(List<Path> dirs) {
      this.fallbackRecordings = List.copyOf(dirs);
      return this;
    }

    /**
     * Whether fixtures in subdirectories are found too (the default); false reads only the files
     * directly in each directory, as when subdirectories belong to other tests.
     */
    public Builder searchSubdirectories(boolean search) {
      this.searchSubdirectories = search;
      return this;
    }

    /** The test making the calls, named in miss reports; null (the default) leaves it out. */
    public Builder testName(String testName) {
      this.testName = testName;
      return this;
    }

    /**
     * Faults injected into what clients receive, as a spec such as {@code
     * "status=429,retry-after=0@first=2"} (see {@link Faults}); replaces earlier faults.
     *
     * @throws IllegalArgumentException for an invalid spec, naming the column
     */
    public Builder faults(String spec) {
      return faults(Faults.parse(spec));
    }

    /** Faults injected into what clients receive (default {@link Faults#none()}). */
    public Builder faults(Faults faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /**
     * When true, a live stream that fails mid-way (connection reset, a clean end without the
     * terminal event, a read timeout) is written with the events received and a {@code "failure"}
     * block, and replays as those events and the same failure. Default false: nothing is written.
     */
    public Builder recordFailures(boolean record) {
      this.recordFailures = record;
      return this;
    }

    public RecordReplayInterceptor build() {
      return new RecordReplayInterceptor(this);
    }
  }
}
