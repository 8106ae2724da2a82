package dev.llmreplay.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmreplay.Faults;
import dev.llmreplay.FixtureListener;
import dev.llmreplay.FixtureNotFoundException;
import dev.llmreplay.KeyRules;
import dev.llmreplay.Mode;
import dev.llmreplay.Pacing;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.Redactor;
import dev.llmreplay.RequestKey;
import dev.llmreplay.SecretScanner;
import dev.llmreplay.internal.fault.FaultTag;
import dev.llmreplay.internal.http.HeaderPolicy;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.replay.CallListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

/**
 * A loopback HTTP server that answers from the recordings, for clients that cannot take an OkHttp
 * interceptor (the Anthropic SDK, LangChain4j, Python, Node, curl): point their base URL at {@link
 * #baseUrl()}.
 *
 * <p>It is a thin HTTP front for an {@link OkHttpClient} carrying a {@link
 * RecordReplayInterceptor}, so matching, modes, pacing, redaction and miss diagnostics are exactly
 * the interceptor's. Given one with {@link Builder#interceptor}, it answers through that very
 * interceptor and its fixture index: what the server records, the interceptor replays at once, and
 * the other way round. In {@link Mode#RECORD} and {@link Mode#RECORD_MISSING} calls go on to the
 * {@code target} upstream. A miss in {@link Mode#REPLAY} is answered 404 with an OpenAI-shaped
 * error whose message is the nearest-fixture report. Streams are passed on event by event.
 *
 * <pre>{@code
 * try (ReplayServer server = ReplayServer.builder().recordings(Path.of("recordings")).build().start()) {
 *   String base = server.baseUrl();   // http://127.0.0.1:54321
 * }
 * }</pre>
 *
 * <p>Faults come from the interceptor (or {@link Builder#faults(String)}). A body that fails
 * mid-way, by a fault or a failing upstream, reaches the client as a dropped connection, never as a
 * clean end of the body.
 *
 * <p>Binds to 127.0.0.1 and a free port by default. Uses the JDK's built-in HTTP server, with
 * TCP_NODELAY switched on (the JDK's {@code sun.net.httpserver.nodelay} property, set before first
 * use unless already set) so that small responses do not stall 40 ms on delayed ACKs.
 */
public final class ReplayServer implements AutoCloseable {
  private static final String NO_TARGET = "http://llm-replay.invalid";

  private final RecordReplayInterceptor interceptor;
  private final String target;
  // Path prefix -> base URL, longest prefix first.
  private final List<Map.Entry<String, String>> pathTargets;
  private final String host;
  private final int requestedPort;
  private final long maxRequestBytes;
  private final Consumer<String> log;
  private final OkHttpClient client;

  private HttpServer server;
  private ExecutorService executor;

  private ReplayServer(Builder b) {
    this.interceptor = b.interceptor != null ? b.interceptor : b.settings.build();
    this.target = b.target == null ? null : stripSlash(b.target);
    this.pathTargets =
        b.pathTargets.entrySet().stream()
            .map(e -> Map.entry(e.getKey(), stripSlash(e.getValue())))
            .sorted((x, y) -> Integer.compare(y.getKey().length(), x.getKey().length()))
            .collect(java.util.stream.Collectors.toUnmodifiableList());
    this.host = b.host;
    this.requestedPort = b.port;
    this.maxRequestBytes = b.maxRequestBytes;
    this.log = b.log;
    this.client =
        new OkHttpClient.Builder()
            .addInterceptor(interceptor)
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .connectTimeout(Duration.ofSeconds(30))
            .readTimeout(Duration.ofMinutes(10))
            .build();
  }

  /** A builder: 127.0.0.1, a free port, {@code recordings/} in {@link Mode#REPLAY}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Binds and starts serving. Returns this, for chaining. */
  public synchronized ReplayServer start() throws IOException {
    if (server != null) throw new IllegalStateException("already started");
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    HttpServer s = HttpServer.create(new InetSocketAddress(host, requestedPort), 128);
    executor = Executors.newFixedThreadPool(64, new Threads());
    s.setExecutor(executor);
    s.createContext("/", this::handle);
    s.start();
    server = s;
    return this;
  }

  /** {@code http://HOST:PORT}, without a trailing slash. */
  public String baseUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port();
  }

  /** The bound port. */
  public int port() {
    if (server == null) throw new IllegalStateException("not started");
    return server.getAddress().getPort();
  }

  /** The interceptor answering the calls. */
  public RecordReplayInterceptor interceptor() {
    return interceptor;
  }

  /** Stops serving; exchanges in flight get up to 5 seconds to finish. */
  @Override
  public synchronized void close() {
    if (server == null) return;
    server.stop(0);
    // Let exchanges in flight finish (a recording may still be writing its fixture after the
    // client has the whole response); interrupt only what is still running after a grace period.
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    server = null;
  }

  // ---------------------------------------------------------------- handling

  private void handle(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    String method = exchange.getRequestMethod();
    String rawPath = exchange.getRequestURI().getRawPath();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    String pathAndQuery = rawPath + (rawQuery == null ? "" : "?" + rawQuery);
    Outcome outcome = new Outcome();
    boolean broken = false;
    try {
      byte[] body = readBody(exchange);
      if (body == null) {
        sendError(
            exchange,
            413,
            "request body larger than " + maxRequestBytes + " bytes",
            "llm_replay_request_too_large",
            null);
        logLine(method, pathAndQuery, "REJECTED 413", null, start);
        return;
      }
      Request request = toOkHttp(exchange, method, pathAndQuery, body, outcome);
      Response response;
      try {
        response = client.newCall(request).execute();
      } catch (FixtureNotFoundException e) {
        sendError(exchange, 404, e.getMessage(), "llm_replay_fixture_not_found", e.key());
        logLine(method, pathAndQuery, "MISS", null, start);
        return;
      } catch (IOException e) {
        sendError(exchange, 502, "upstream call failed: " + e, "llm_replay_upstream_error", null);
        logLine(method, pathAndQuery, "ERROR " + e.getClass().getSimpleName(), null, start);
        return;
      }
      FaultTag fault = response.request().tag(FaultTag.class);
      String faultNote = fault == null ? "" : " FAULT " + fault.description();
      try (response) {
        relay(exchange, method, response, fault != null);
      } catch (IOException e) {
        // The client went away, the upstream failed mid-stream, or a fault cut the body: the
        // client must see a broken connection, never a clean end of the body.
        broken = true;
        logLine(
            method,
            pathAndQuery,
            "ABORTED " + e.getClass().getSimpleName() + faultNote,
            outcome.file,
            start);
        // Closing the exchange would end a chunked body cleanly with its last chunk. Thrown out
        // of the handler instead, this makes the JDK server close the connection as it is.
        throw new IOException("llm-replay: response body cut short; connection dropped", e);
      }
      logLine(
          method,
          pathAndQuery,
          outcome.what + " " + response.code() + faultNote,
          outcome.file,
          start);
    } finally {
      if (!broken) exchange.close();
    }
  }

  /** The body, or null when it exceeds the limit. */
  private byte[] readBody(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > maxRequestBytes) return null;
      } catch (NumberFormatException e) {
        // let the stream tell
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16384];
    try (InputStream in = exchange.getRequestBody()) {
      int n;
      while ((n = in.read(buf)) != -1) {
        if (out.size() + (long) n > maxRequestBytes) return null;
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  private Request toOkHttp(
      HttpExchange exchange, String method, String pathAndQuery, byte[] body, Outcome outcome) {
    Request.Builder b =
        new Request.Builder()
            .url(upstreamFor(pathAndQuery) + pathAndQuery)
            // The interceptor may be shared: the tag tells this call's outcome to this call only.
            .tag(CallListener.class, new CallListener(outcome));
    String contentType = null;
    for (Map.Entry<String, List<String>> h :
        HeaderPolicy.NOT_FORWARDED.keptOf(exchange.getRequestHeaders()).entrySet()) {
      String name = h.getKey();
      if (name.equalsIgnoreCase("Content-Type")) contentType = h.getValue().get(0);
      for (String v : h.getValue()) b.addHeader(name, v);
    }
    boolean bodyAllowed = !method.equals("GET") && !method.equals("HEAD");
    RequestBody rb =
        bodyAllowed
            ? RequestBody.create(body, contentType == null ? null : MediaType.parse(contentType))
            : null;
    return b.method(method, rb).build();
  }

  /** The base URL a path goes to: the longest matching path target, else the default target. */
  private String upstreamFor(String pathAndQuery) {
    for (Map.Entry<String, String> e : pathTargets) {
      if (pathAndQuery.startsWith(e.getKey())) return e.getValue();
    }
    return target != null ? target : NO_TARGET;
  }

  private void relay(HttpExchange exchange, String method, Response response, boolean faulted)
      throws IOException {
    Headers out = exchange.getResponseHeaders();
    HeaderPolicy.NOT_RELAYED.keptOf(response.headers()).forEach(out::put);
    long length = response.body().contentLength();
    boolean replayed = response.networkResponse() == null;
    boolean noBody = method.equals("HEAD") || response.code() == 204 || response.code() == 304;
    if (noBody) {
      exchange.sendResponseHeaders(response.code(), -1);
      return;
    }
    // JDK HttpServer: 0 means chunked, -1 means no body.
    exchange.sendResponseHeaders(response.code(), length > 0 ? length : length == 0 ? -1 : 0);
    if (length == 0) return;
    // Flush after each chunk when the next may not be ready yet (pacing, a live upstream);
    // replayed chunks that are all ready go out in as few writes as possible.
    // A fault may hold the next chunk back (stall) or fail it: what came before goes out first.
    boolean flushEach = !replayed || !interceptor.pacing().isNone() || faulted;
    BufferedSource source = response.body().source();
    OutputStream os = exchange.getResponseBody();
    Buffer buffer = new Buffer();
    try {
      while (source.read(buffer, 16384) != -1) {
        buffer.writeTo(os);
        if (flushEach) os.flush();
      }
    } catch (IOException e) {
      // The chunks read before the failure still reach the client, then the connection breaks.
      try {
        buffer.writeTo(os);
        os.flush();
      } catch (IOException ignored) {
        e.addSuppressed(ignored);
      }
      throw e;
    }
    os.flush();
  }

  private void sendError(
      HttpExchange exchange, int status, String message, String type, RequestKey key)
      throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.put("code", status == 404 ? "fixture_not_found" : type);
    if (key != null) error.put("key", key.hex());
    byte[] bytes = Json.compact(root).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }

  private void logLine(String method, String path, String what, String file, long startNanos) {
    if (log == null) return;
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    log.accept(
        Instant.now()
            + " "
            + method
            + " "
            + path
            + " "
            + what
            + (file != null ? " " + file : "")
            + " "
            + ms
            + "ms");
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * What the interceptor did for one call, for its log line: {@code HIT}, {@code RECORDED}, {@code
   * MISS}, or {@code LIVE} when it was not asked. A recording is noted when its body has ended,
   * which may be on another thread than the handler's.
   */
  private static final class Outcome implements FixtureListener {
    volatile String what = "LIVE";
    volatile String file;

    @Override
    public void replayed(RequestKey key, Path file) {
      set("HIT", file);
    }

    @Override
    public void recorded(RequestKey key, Path file) {
      set("RECORDED", file);
    }

    @Override
    public void missed(RequestKey key) {
      set("MISS", null);
    }

    private void set(String what, Path file) {
      this.file = file == null ? null : file.toString();
      this.what = what;
    }
  }

  private static final class Threads implements ThreadFactory {
    private final AtomicInteger n = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "llm-replay-server-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  /**
   * Builds a {@link ReplayServer}. Its record/replay settings are the interceptor builder's; give
   * them here, or give a ready {@link #interceptor} (not both).
   */
  public static final class Builder {
    private RecordReplayInterceptor interceptor;
    private final RecordReplayInterceptor.Builder settings = RecordReplayInterceptor.builder();

    /** The record/replay settings given here, named for the error when an interceptor is too. */
    private final Set<String> settingsGiven = new LinkedHashSet<>();

    private String target;
    private final Map<String, String> pathTargets = new java.util.LinkedHashMap<>();
    private String host = "127.0.0.1";
    private int port;
    private long maxRequestBytes = 32L << 20;
    private Consumer<String> log;
    private Faults faults;

    private Builder() {}

    /**
     * Serve through this interceptor: its settings (recordings, mode, pacing, key rules, redaction,
     * listener) and its fixture index, shared with every other user of the interceptor. The
     * record/replay settings of this builder must then be left out.
     */
    public Builder interceptor(RecordReplayInterceptor interceptor) {
      this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
      return this;
    }

    /** The recordings directory (default {@code recordings}). */
    public Builder recordings(Path recordings) {
      settings.recordings(recordings);
      settingsGiven.add("recordings");
      return this;
    }

    /** The mode (default {@link Mode#REPLAY}). */
    public Builder mode(Mode mode) {
      settings.mode(mode);
      settingsGiven.add("mode");
      return this;
    }

    /** Stream pacing (default {@link Pacing#NONE}). */
    public Builder pacing(Pacing pacing) {
      settings.pacing(pacing);
      settingsGiven.add("pacing");
      return this;
    }

    /** How requests are keyed (see {@link RecordReplayInterceptor.Builder#keyRules}). */
    public Builder keyRules(KeyRules keyRules) {
      settings.keyRules(keyRules);
      settingsGiven.add("keyRules");
      return this;
    }

    /**
     * Leaves these JSON Pointers (e.g. {@code /user}) out of the key (see {@link
     * RecordReplayInterceptor.Builder#ignoreBodyFields}).
     */
    public Builder ignoreBodyFields(String... jsonPointers) {
      settings.ignoreBodyFields(jsonPointers);
      settingsGiven.add("ignoreBodyFields");
      return this;
    }

    /** What is blanked out before a fixture is written. */
    public Builder redactor(Redactor redactor) {
      settings.redactor(redactor);
      settingsGiven.add("redactor");
      return this;
    }

    /** What refuses a fixture write when found. */
    public Builder secretScanner(SecretScanner scanner) {
      settings.secretScanner(scanner);
      settingsGiven.add("secretScanner");
      return this;
    }

    /**
     * Whether recorded responses are written with volatile values made constant (see {@link
     * RecordReplayInterceptor.Builder#normalizeVolatileFields}). Default false.
     */
    public Builder normalizeVolatileFields(boolean normalize) {
      settings.normalizeVolatileFields(normalize);
      settingsGiven.add("normalizeVolatileFields");
      return this;
    }

    /** Told about every replayed, recorded and missed call. */
    public Builder listener(FixtureListener listener) {
      settings.listener(listener);
      settingsGiven.add("listener");
      return this;
    }

    /**
     * The upstream base URL for recording, e.g. {@code https://api.openai.com}; the request path is
     * appended as received.
     */
    public Builder target(String baseUrl) {
      this.target = baseUrl;
      return this;
    }

    /**
     * The upstream for requests whose path starts with {@code pathPrefix}, e.g. {@code
     * target("/v1/messages", "https://api.anthropic.com")}; the longest matching prefix wins, and
     * other paths go to {@link #target(String)}.
     */
    public Builder target(String pathPrefix, String baseUrl) {
      if (!pathPrefix.startsWith("/")) {
        throw new IllegalArgumentException("a path prefix starts with '/': " + pathPrefix);
      }
      this.pathTargets.put(pathPrefix, Objects.requireNonNull(baseUrl, "baseUrl"));
      return this;
    }

    /** The address to bind; 127.0.0.1 unless another interface is really wanted. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535)
        throw new IllegalArgumentException("port out of range: " + port);
      this.port = port;
      return this;
    }

    /** Larger request bodies are answered 413 (default 32 MiB). */
    public Builder maxRequestBytes(long max) {
      if (max <= 0) throw new IllegalArgumentException("maxRequestBytes must be > 0");
      this.maxRequestBytes = max;
      return this;
    }

    /** Receives one line per request: time, method, path, outcome, fixture file, duration. */
    public Builder log(Consumer<String> log) {
      this.log = log;
      return this;
    }

    /**
     * Faults injected into what clients receive (see {@link Faults}): a spec such as {@code
     * "cut-after=10"}. A record/replay setting: not with {@link #interceptor}, whose faults apply.
     *
     * @throws IllegalArgumentException for an invalid spec, naming the column
     */
    public Builder faults(String spec) {
      return faults(Faults.parse(spec));
    }

    /** Faults injected into what clients receive; not with {@link #interceptor}. */
    public Builder faults(Faults faults) {
      settings.faults(faults);
      settingsGiven.add("faults");
      return this;
    }

    /**
     * Whether a live stream that fails mid-way while recording is written with its failure (see
     * {@link RecordReplayInterceptor.Builder#recordFailures}); not with {@link #interceptor}.
     */
    public Builder recordFailures(boolean record) {
      settings.recordFailures(record);
      settingsGiven.add("recordFailures");
      return this;
    }

    /**
     * The server, not yet started.
     *
     * @throws IllegalStateException when both an interceptor and record/replay settings were given
     */
    public ReplayServer build() {
      if (interceptor != null && !settingsGiven.isEmpty()) {
        throw new IllegalStateException(
            "ReplayServer.builder(): interceptor(...) was given together with "
                + String.join("(...), ", settingsGiven)
                + "(...), which only configure a server without one: the server answers with the"
                + " interceptor's own settings and fixture index. Set them on the interceptor's"
                + " builder (RecordReplayInterceptor.builder()) instead, or drop interceptor(...).");
      }
      return new ReplayServer(this);
    }
  }
}
