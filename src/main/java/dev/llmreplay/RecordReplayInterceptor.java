package dev.llmreplay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.fixture.Body;
import dev.llmreplay.fixture.FixtureStore;
import dev.llmreplay.fixture.HeaderMap;
import dev.llmreplay.fixture.PreparedResponse;
import dev.llmreplay.fixture.Provenance;
import dev.llmreplay.fixture.RecordedRequest;
import dev.llmreplay.fixture.RecordedResponse;
import dev.llmreplay.fixture.StreamEvent;
import dev.llmreplay.fixture.VolatileFields;
import dev.llmreplay.key.KeyRules;
import dev.llmreplay.key.RequestKey;
import dev.llmreplay.match.MissReport;
import dev.llmreplay.match.MissReports;
import dev.llmreplay.redact.Redactor;
import dev.llmreplay.redact.SecretScanner;
import dev.llmreplay.stream.ChunkSource;
import dev.llmreplay.stream.StreamFormat;
import dev.llmreplay.stream.TeeSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.GzipSource;
import okio.Okio;
import okio.Source;

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
 * the way llama-stack does). In {@link Mode#REPLAY} a miss throws {@link
 * FixtureNotFoundException}; the network is never touched. Recording tees the live response: the
 * client reads every chunk as it arrives while the fixture is built, and the fixture is written
 * (atomically, redacted, scanned for secrets) when the body ends.
 *
 * <p>One instance may serve many threads and clients. It holds the fixture index of its
 * recordings directory, built on first use.
 */
public final class RecordReplayInterceptor implements Interceptor {
  private static final Set<String> NOT_RECORDED_RESPONSE_HEADERS =
      Set.of(
          "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
          "te", "trailer", "transfer-encoding", "upgrade", "content-length", "content-encoding");

  private final Path recordings;
  private final Mode mode;
  private final Pacing pacing;
  private final KeyRules keyRules;
  private final Redactor redactor;
  private final SecretScanner scanner;
  private final FixtureListener listener;
  private final boolean normalizeVolatileFields;
  private final FixtureStore store;
  private final List<Path> fallbackRecordings;
  private final List<FixtureStore> fallbackStores;
  private final boolean searchSubdirectories;
  private final String testName;

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
    this.store = openStore(recordings);
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
    redactor.bodyFields().stream().filter(p -> !rules.ignoredBodyFields().contains(p)).forEach(b::ignoreBodyField);
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
        .normalizeVolatileFields(normalizeVolatileFields);
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
    if (mode == Mode.LIVE) return chain.proceed(request);

    byte[] body = bodyBytes(request);
    RequestKey key = keyOf(request, body);
    if (mode.isReadable()) {
      var entry = find(key);
      if (entry.isPresent()) {
        PreparedResponse prepared = entry.get().nextResponse();
        listener.replayed(key, entry.get().file());
        return replay(request, prepared);
      }
      if (!mode.isWritable()) {
        FixtureNotFoundException miss = new FixtureNotFoundException(key, missReport(request, key));
        listener.missed(miss);
        throw miss;
      }
    }
    if (request.body() != null && request.body().isOneShot()) {
      request =
          request.newBuilder()
              .method(request.method(), RequestBody.create(body, request.body().contentType()))
              .build();
    }
    return record(chain, request, body, key);
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

  // ---------------------------------------------------------------- replay

  private Response replay(Request request, PreparedResponse p) {
    Headers.Builder headers = new Headers.Builder();
    for (Map.Entry<String, List<String>> e : p.headers().asMap().entrySet()) {
      for (String v : e.getValue()) headers.addUnsafeNonAscii(e.getKey(), v);
    }
    long[] due = null;
    if (p.isStreaming() && !pacing.isNone()) {
      due = new long[p.chunks().size()];
      for (int i = 0; i < due.length; i++) due[i] = pacing.dueMillis(i, p.tMs(i));
    }
    boolean head = request.method().equals("HEAD");
    Source source = new ChunkSource(head ? List.of() : p.chunks(), due);
    long now = System.currentTimeMillis();
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(p.status())
        .message(p.message())
        .headers(headers.build())
        .body(
            new SourceBody(
                mediaType(p.contentType()),
                head ? 0 : p.isStreaming() ? -1 : p.contentLength(),
                Okio.buffer(source)))
        .sentRequestAtMillis(now)
        .receivedResponseAtMillis(now)
        .build();
  }

  private static MediaType mediaType(String contentType) {
    return contentType == null ? null : MediaType.parse(contentType);
  }

  // ---------------------------------------------------------------- record

  private Response record(Chain chain, Request request, byte[] body, RequestKey key)
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
                // Only the fixture is normalized: the client has already read the live bytes.
                if (normalizeVolatileFields) r = VolatileFields.normalize(r, key.hex());
                Path file = store.record(key, recordedRequest, r, provenance).file();
                listener.recorded(key, file);
              }

              @Override
              public void failed(IOException e) {
                // Nothing is written: a stream cut short must not look complete on replay.
              }
            });
    return visible
        .body(new SourceBody(upstream.contentType(), length, Okio.buffer(tee)))
        .build();
  }

  private RecordedRequest recordedRequest(Request request, byte[] body, RequestKey key) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : request.headers().names()) headers.put(name, request.headers(name));
    String contentType = request.body() != null && request.body().contentType() != null
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

  /** A response body over a source (works on OkHttp 4.12 and 5.x alike). */
  private static final class SourceBody extends ResponseBody {
    private final MediaType contentType;
    private final long contentLength;
    private final BufferedSource source;

    SourceBody(MediaType contentType, long contentLength, BufferedSource source) {
      this.contentType = contentType;
      this.contentLength = contentLength;
      this.source = source;
    }

    @Override
    public MediaType contentType() {
      return contentType;
    }

    @Override
    public long contentLength() {
      return contentLength;
    }

    @Override
    public BufferedSource source() {
      return source;
    }
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

    public RecordReplayInterceptor build() {
      return new RecordReplayInterceptor(this);
    }
  }
}
