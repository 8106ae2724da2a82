package dev.llmreplay.internal.refresh;

import dev.llmreplay.KeyRules;
import dev.llmreplay.Redactor;
import dev.llmreplay.SecretFinding;
import dev.llmreplay.SecretFoundException;
import dev.llmreplay.SecretScanner;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.capture.ResponseCapture;
import dev.llmreplay.internal.config.ReplaySettings;
import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.FixtureWriter;
import dev.llmreplay.internal.fixture.Provenance;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.fixture.VolatileFields;
import dev.llmreplay.internal.http.HeaderPolicy;
import dev.llmreplay.internal.key.Sha256;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.Okio;

/**
 * Re-sends each fixture's recorded request to a live API and writes the new response in its place:
 * a drift check that needs no test run.
 *
 * <pre>{@code
 * ChangeReport report = Refresher.builder()
 *     .target("https://api.openai.com")
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .build()
 *     .refresh(List.of(Path.of("recordings")));
 * }</pre>
 *
 * <p>A fixture is rewritten only when every call for it succeeded with a 2xx status, its body
 * arrived complete, and the new fixture holds no secret (the scanner's shapes, and the API key
 * itself); otherwise it stays byte-identical and the report lists it as failed. In a dry run
 * nothing is written. Fixtures recorded by llama-stack (whose request is Python SDK arguments, not
 * the wire request) and fixtures that recorded an error response are skipped.
 *
 * <p>The API key goes only into the outgoing request: into the header (or query parameter) the
 * recording shows was redacted, else {@code Authorization: Bearer}. It is never written, logged or
 * reported; error messages are scrubbed of it.
 */
public final class Refresher {
  /** How the API key is named in the findings of a fixture that would contain it. */
  private static final String API_KEY = "the refresh API key";

  private final HttpUrl target;
  private final String apiKey;
  private final boolean dryRun;
  private final String authHeader;
  private final OkHttpClient client;
  private final Redactor redactor;
  private final ResponseCapture capture;
  private final FixtureWriter writer;
  private final Consumer<String> log;

  private Refresher(Builder b) {
    this.target = Objects.requireNonNull(b.target, "target");
    this.apiKey = b.apiKey;
    if (apiKey == null || apiKey.isBlank()) throw new IllegalArgumentException("no API key");
    this.dryRun = b.dryRun;
    ReplaySettings settings = b.settings.build();
    boolean normalize = settings.normalizeVolatileFields();
    this.authHeader = b.authHeader;
    this.client =
        b.client != null
            ? b.client
            : new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(30))
                .readTimeout(Duration.ofMinutes(5))
                .callTimeout(Duration.ofMinutes(10))
                .build();
    this.redactor = settings.redactor();
    this.capture = new ResponseCapture(Access.bridge().redaction(redactor), normalize);
    this.writer =
        FixtureWriter.scanningWith(Access.bridge().scanner(settings.scanner()))
            .forbidding(API_KEY, List.of(apiKey, urlEncoded(apiKey)));
    this.log = b.log;
  }

  /** A builder; {@link Builder#target} and {@link Builder#apiKey} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Refreshes every fixture under the given directories (recursively, in path order). Fixtures are
   * named in the report by their path as reached from these directories.
   *
   * @throws NoSuchFileException when a directory does not exist
   */
  public ChangeReport refresh(List<Path> dirs) throws IOException {
    ChangeReport.Builder report =
        ChangeReport.builder().title("llm-replay fixture refresh").dryRun(dryRun);
    for (Path dir : dirs) {
      if (!Files.isDirectory(dir))
        throw new NoSuchFileException(dir.toString(), null, "not a directory");
      for (Path file : FixtureStore.fixtureFiles(dir))
        refreshOne(file, file.toString().replace('\\', '/'), report);
    }
    return report.build();
  }

  private void refreshOne(Path file, String name, ChangeReport.Builder report) {
    Fixture old;
    try {
      old = FixtureCodec.read(file, Files.readAllBytes(file));
    } catch (IOException | RuntimeException e) {
      fail(report, name, "cannot read the fixture: " + e.getMessage());
      return;
    }
    if (old.request().pythonKwargs()) {
      skip(
          report,
          name,
          "a llama-stack recording (its request is Python SDK arguments, not the wire request)");
      return;
    }
    for (RecordedResponse r : old.responses()) {
      if (r.status() / 100 != 2) {
        skip(
            report,
            name,
            "it recorded an error response (HTTP "
                + r.status()
                + "); only successful responses are refreshed");
        return;
      }
    }
    try {
      Request request = request(old.request());
      List<RecordedResponse> fresh = new ArrayList<>();
      String hash = hashOf(old.request(), name);
      // A fixture that recorded several calls of one request gets as many new calls.
      for (int i = 0; i < old.responses().size(); i++) fresh.add(call(request, hash));
      // The writer stamps the version into the provenance.
      Fixture next =
          new Fixture(old.request(), fresh, new Provenance(Instant.now(), target.host(), null))
              .withFaults(old.faults()); // hand-written faults survive a refresh
      FixtureWriter.Checked checked = writer.check(file, next);
      FixtureChange change = FixtureChange.between(name, old, checked.fixture());
      if (!dryRun) writer.write(checked);
      report.compared(change);
      log.accept(
          (dryRun ? "checked " : "refreshed ")
              + name
              + ": "
              + (change.isChanged() ? describe(change) : "no change"));
    } catch (RefreshFailure e) {
      fail(report, name, e.getMessage());
    } catch (SecretFoundException e) {
      fail(report, name, refusal(e));
    } catch (IOException | RuntimeException e) {
      fail(report, name, scrub(String.valueOf(e.getMessage())));
    }
  }

  private void fail(ChangeReport.Builder report, String name, String reason) {
    String r = scrub(reason);
    report.failed(name, r);
    log.accept("FAILED " + name + ": " + r);
  }

  private void skip(ChangeReport.Builder report, String name, String reason) {
    report.skipped(name, reason);
    log.accept("skipped " + name + ": " + reason);
  }

  private static String describe(FixtureChange c) {
    return c.changedAspects().stream().map(Aspect::label).collect(Collectors.joining(", "))
        + " changed";
  }

  private static String hashOf(RecordedRequest request, String name) {
    try {
      return request.keyUnder(Access.bridge().keys(KeyRules.defaults())).hex();
    } catch (RuntimeException e) {
      return Sha256.hex(name.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Why the writer refused the new fixture, without the secret (nor the key) itself. */
  private static String refusal(SecretFoundException e) {
    List<SecretFinding> shaped =
        e.findings().stream().filter(f -> !f.kind().equals(API_KEY)).collect(Collectors.toList());
    if (shaped.isEmpty()) return "the new response contains the API key; nothing written";
    return "the new response holds a secret ("
        + shaped.stream()
            .map(f -> f.kind() + " at " + f.pointer())
            .collect(Collectors.joining("; "))
        + "); nothing written";
  }

  // ---------------------------------------------------------------- the request

  private Request request(RecordedRequest r) throws RefreshFailure {
    HttpUrl url = url(r.url());
    boolean credentialPlaced = false;
    HttpUrl.Builder u = url.newBuilder();
    for (String param : url.queryParameterNames()) {
      if (authHeader == null
          && Redactor.REDACTED_QUERY_VALUE.equals(url.queryParameter(param))
          && redactor.queryParams().contains(param.toLowerCase(Locale.ROOT))) {
        u.setQueryParameter(param, apiKey);
        credentialPlaced = true;
      }
    }
    Headers.Builder h = new Headers.Builder();
    String contentType = null;
    for (Map.Entry<String, List<String>> e :
        HeaderPolicy.NOT_RESENT.keptOf(r.headers().asMap()).entrySet()) {
      String header = e.getKey();
      if (header.equals("content-type")) {
        contentType = e.getValue().isEmpty() ? null : e.getValue().get(0);
        continue;
      }
      for (String v : e.getValue()) {
        if (!v.contains(Redactor.REDACTED)) {
          h.addUnsafeNonAscii(header, v);
        } else if (authHeader == null && !header.equals("cookie") && !header.equals("set-cookie")) {
          // The recording shows where the credential went; the key goes back there.
          String key =
              header.equals("authorization") && v.equals(Redactor.REDACTED)
                  ? "Bearer " + apiKey
                  : apiKey;
          h.set(header, v.replace(Redactor.REDACTED, key));
          credentialPlaced = true;
        }
      }
    }
    if (authHeader != null) {
      h.set(authHeader, authHeader.equalsIgnoreCase("authorization") ? "Bearer " + apiKey : apiKey);
    } else if (!credentialPlaced) {
      h.set("Authorization", "Bearer " + apiKey);
    }
    Body body = r.body();
    if (contentType == null && body.kind() == Body.Kind.JSON) contentType = "application/json";
    String method = r.method().toUpperCase(Locale.ROOT);
    RequestBody requestBody = null;
    if (!method.equals("GET") && !method.equals("HEAD")) {
      requestBody =
          RequestBody.create(
              body.toWire(), contentType == null ? null : MediaType.parse(contentType));
    } else if (body.kind() != Body.Kind.EMPTY) {
      throw new RefreshFailure("a " + method + " request with a body cannot be re-sent");
    }
    return new Request.Builder()
        .url(u.build())
        .headers(h.build())
        .method(method, requestBody)
        .build();
  }

  /** The target's origin (and path prefix, if any) with the recorded path and query. */
  private HttpUrl url(String recorded) throws RefreshFailure {
    String path;
    String query;
    HttpUrl parsed = HttpUrl.parse(recorded);
    if (parsed != null) {
      path = parsed.encodedPath();
      query = parsed.encodedQuery();
    } else if (recorded.startsWith("/")) {
      int q = recorded.indexOf('?');
      path = q < 0 ? recorded : recorded.substring(0, q);
      query = q < 0 ? null : recorded.substring(q + 1);
    } else {
      throw new RefreshFailure("the recorded URL cannot be re-sent: " + recorded);
    }
    String prefix = target.encodedPath();
    if (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
    return target.newBuilder().encodedPath(prefix + path).encodedQuery(query).build();
  }

  // ---------------------------------------------------------------- the response

  private RecordedResponse call(Request request, String hash) throws RefreshFailure {
    long start = System.nanoTime();
    try (Response response = client.newCall(request).execute()) {
      if (response.code() / 100 != 2) {
        throw new RefreshFailure(
            "HTTP "
                + response.code()
                + (response.message().isEmpty() ? "" : " " + response.message())
                + errorExcerpt(response.body())
                + "; fixture left as it was");
      }
      AtomicReference<RecordedResponse> recorded = new AtomicReference<>();
      Response teed = capture.tee(response, start, hash, recorded::set);
      try (BufferedSource source = teed.body().source()) {
        source.readAll(Okio.blackhole());
      }
      if (recorded.get() == null) throw new RefreshFailure("the response body ended early");
      return recorded.get();
    } catch (IOException e) {
      throw new RefreshFailure("request failed: " + e + "; fixture left as it was");
    }
  }

  private String errorExcerpt(ResponseBody body) {
    try {
      BufferedSource source = body.source();
      source.request(2000);
      String text = source.getBuffer().readUtf8(Math.min(2000, source.getBuffer().size()));
      text = text.replaceAll("\\s+", " ").trim();
      if (text.isEmpty()) return "";
      return ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** Removes the API key (as is and URL-encoded) from text meant for logs and reports. */
  private String scrub(String text) {
    if (text == null) return "";
    return text.replace(apiKey, Redactor.REDACTED).replace(urlEncoded(apiKey), Redactor.REDACTED);
  }

  private static String urlEncoded(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    // Never the key.
    return "Refresher(" + target + (dryRun ? ", dry run" : "") + ")";
  }

  /** One fixture could not be refreshed; the message is safe to show. */
  private static final class RefreshFailure extends Exception {
    RefreshFailure(String message) {
      super(message);
    }
  }

  /** Builds a {@link Refresher}. */
  public static final class Builder {
    private HttpUrl target;
    private String apiKey;
    private boolean dryRun;

    /** The redactor, scanner and normalization, shared with the interceptor's settings. */
    private ReplaySettings.Builder settings = ReplaySettings.builder();

    private String authHeader;
    private OkHttpClient client;
    private Consumer<String> log = line -> {};

    private Builder() {}

    /**
     * The live API's base URL ({@code https://api.openai.com}); recorded paths and queries are
     * appended to it (after its own path, if it has one).
     *
     * @throws IllegalArgumentException when it is not an http(s) URL
     */
    public Builder target(String baseUrl) {
      HttpUrl url = HttpUrl.parse(Objects.requireNonNull(baseUrl, "baseUrl"));
      if (url == null) throw new IllegalArgumentException("not an http(s) URL: " + baseUrl);
      this.target = url;
      return this;
    }

    /** The API key sent with every request. Kept in memory only. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** Only report what would change; write nothing. */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /** Write new responses with volatile values normalized (see {@link VolatileFields}). */
    public Builder normalizeVolatileFields(boolean normalize) {
      settings.normalizeVolatileFields(normalize);
      return this;
    }

    /**
     * Takes the redactor, secret scanner and normalization from these settings (the ones an
     * interceptor is built from).
     */
    public Builder settings(ReplaySettings settings) {
      this.settings = settings.toBuilder();
      return this;
    }

    /**
     * Always send the key in this header ({@code Authorization} gets {@code Bearer KEY}, others the
     * bare key) instead of where the recording shows it went.
     */
    public Builder authHeader(String name) {
      this.authHeader = name;
      return this;
    }

    /** The HTTP client (default: generous timeouts for slow model calls). */
    public Builder client(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** What is blanked out of new responses before they are written (default headers). */
    public Builder redactor(Redactor redactor) {
      settings.redactor(redactor);
      return this;
    }

    /** What refuses a write when found in a new fixture. */
    public Builder secretScanner(SecretScanner scanner) {
      settings.secretScanner(scanner);
      return this;
    }

    /** Receives one line per fixture (never containing the key). */
    public Builder log(Consumer<String> log) {
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    public Refresher build() {
      return new Refresher(this);
    }
  }
}
