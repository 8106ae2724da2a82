package dev.llmreplay;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.key.BodyNormalizer;
import dev.llmreplay.internal.key.Endpoints;
import dev.llmreplay.internal.key.OgxKeyScheme;
import dev.llmreplay.internal.key.PythonKwargs;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * How requests are turned into {@link RequestKey}s: which body fields and query parameters do not
 * count, and how the URL path becomes the endpoint. Immutable and thread-safe; build with {@link
 * #builder()} or start from {@link #defaults()} (nothing ignored, endpoint by {@link Endpoints}).
 *
 * <p>A live request ({@link #keyOf}) and the stored request of the same call in a fixture ({@link
 * #keyOfRecorded}) get the same key: both go through the same endpoint rule, query filter and body
 * normalization.
 *
 * <p>{@link #ogx(String)} selects OGX's key instead, to share recordings with an OGX (llama-stack)
 * Python suite: the files it names, and keys, by {@code sha256} of method, raw URL path, normalized
 * body and test id.
 */
public final class KeyRules {
  private static final KeyRules DEFAULTS = new Builder().build();

  /** Strict: a body with trailing bytes after its JSON value is not JSON. */
  private static final ObjectReader BODY_READER =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final List<String> ignoredBodyFields;
  private final List<JsonPointer> ignoredPointers;
  private final Set<String> ignoredQueryParams;
  private final UnaryOperator<String> endpointRule;

  /** Null for llm-replay's own key. */
  private final OgxKeyScheme ogx;

  private KeyRules(Builder builder) {
    List<JsonPointer> pointers = new ArrayList<>(builder.ignoredBodyFields.size());
    for (String field : builder.ignoredBodyFields) {
      pointers.add(BodyNormalizer.compile(field));
    }
    this.ignoredBodyFields = List.copyOf(builder.ignoredBodyFields);
    this.ignoredPointers = List.copyOf(pointers);
    this.ignoredQueryParams = Collections.unmodifiableSet(new LinkedHashSet<>(builder.queryParams));
    this.endpointRule = builder.endpointRule;
    this.ogx = builder.ogx;
  }

  /** Nothing ignored; endpoints by {@link Endpoints#normalizePath}. */
  public static KeyRules defaults() {
    return DEFAULTS;
  }

  /**
   * OGX's key (the project llama-stack became), so that OGX's own recordings are found under the
   * names their Python suite gave them, and recordings made here are named and keyed as OGX would:
   * {@code sha256(json.dumps({"method", "endpoint": raw URL path, "body": normalized body,
   * "test_id"}, sort_keys=True))}, the full 64 hex characters being the file name. A recording is
   * keyed with the {@code test_id} it holds; a live request with {@code testId}, which recordings
   * made with these rules also hold. The model-list endpoints ({@code /api/tags}, {@code
   * /v1/models}, {@code /v1/openai/v1/models}) are keyed without a test id. The endpoint rule and
   * query parameters play no part; ignored body fields still do. A live body is hashed as sent: a
   * recording whose Python call passed {@code extra_body} (which the SDK merges into the wire body)
   * does not match it.
   *
   * @param testId the pytest node id of the test the calls belong to, e.g. {@code
   *     tests/integration/inference/test_openai_completion.py::test_x[txt=ollama/llama3.2:3b]}
   */
  public static KeyRules ogx(String testId) {
    Builder b = new Builder();
    b.ogx = new OgxKeyScheme(Objects.requireNonNull(testId, "testId"));
    return b.build();
  }

  /** The test id live requests are keyed with under {@link #ogx(String)}; null otherwise. */
  public String testId() {
    return ogx == null ? null : ogx.testId();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these rules, to derive changed rules from. */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** The ignored body fields as JSON pointers, in the order they are removed. */
  public List<String> ignoredBodyFields() {
    return ignoredBodyFields;
  }

  /** The query parameter names removed before keying. */
  public Set<String> ignoredQueryParams() {
    return ignoredQueryParams;
  }

  /**
   * The key of a live request.
   *
   * @param method HTTP method
   * @param path raw (encoded) URL path
   * @param rawQuery raw (encoded) query without {@code ?}, or null
   * @param body the request body bytes, or null when there is none. Empty means JSON null; bytes
   *     that are one JSON value are keyed as that value; anything else as the text {@code
   *     "sha256:<hex of the bytes>"}
   */
  public RequestKey keyOf(String method, String path, String rawQuery, byte[] body) {
    JsonNode tree = BodyNormalizer.withoutFields(bodyOf(body), ignoredPointers, true);
    if (ogx != null) return ogxKey(method, path, tree, ogx.testId());
    return RequestKey.of(method, endpointOf(path, rawQuery), tree);
  }

  /**
   * The key of a live request to a full URL ({@code https://host/path?query}); the same as {@link
   * #keyOf(String, String, String, byte[])} with its path and query, except that {@link
   * #ogx(String)} rules also look at the host.
   */
  public RequestKey keyOfUrl(String method, String url, byte[] body) {
    if (ogx == null)
      return keyOf(method, Endpoints.pathOfUrl(url), Endpoints.queryOfUrl(url), body);
    JsonNode tree = BodyNormalizer.withoutFields(bodyOf(body), ignoredPointers, true);
    return ogxKey(method, url, tree, ogx.testId());
  }

  private static RequestKey ogxKey(String method, String url, JsonNode body, String testId) {
    return RequestKey.ofIdentity(OgxKeyScheme.identity(method, url, body, testId));
  }

  /**
   * The key of a request stored in a fixture.
   *
   * @param method HTTP method
   * @param url the stored URL: full ({@code https://host/v1/chat/completions?x=1}) or a bare path
   * @param body the stored body (not modified); null or missing means JSON null
   * @param pythonKwargs whether the body holds Python SDK keyword arguments (llama-stack
   *     recordings): then {@code extra_body} is merged into the top level (its keys win) and {@code
   *     extra_body}, {@code extra_headers}, {@code extra_query}, {@code timeout} are dropped, as
   *     the SDK does on the wire
   */
  public RequestKey keyOfRecorded(String method, String url, JsonNode body, boolean pythonKwargs) {
    return keyOfRecorded(method, url, body, pythonKwargs, null);
  }

  /**
   * {@link #keyOfRecorded(String, String, JsonNode, boolean)} for a recording that names its test:
   * OGX files carry a top-level {@code test_id}, which {@link #ogx(String)} rules key it with (the
   * body is then hashed as stored, whatever {@code pythonKwargs} says). Other rules ignore it.
   *
   * @param testId the recording's {@code test_id}, or null
   */
  public RequestKey keyOfRecorded(
      String method, String url, JsonNode body, boolean pythonKwargs, String testId) {
    Objects.requireNonNull(url, "url");
    JsonNode tree =
        body == null || body.isMissingNode() ? JsonNodeFactory.instance.nullNode() : body;
    if (ogx != null) {
      return ogxKey(
          method, url, BodyNormalizer.withoutFields(tree, ignoredPointers, false), testId);
    }
    if (pythonKwargs) {
      tree = PythonKwargs.toWireBody(tree);
    }
    tree = BodyNormalizer.withoutFields(tree, ignoredPointers, false);
    return RequestKey.of(
        method, endpointOf(Endpoints.pathOfUrl(url), Endpoints.queryOfUrl(url)), tree);
  }

  /**
   * The endpoint as keyed: the endpoint rule applied to the path, then {@code "?"} and the query
   * without ignored parameters, if any remain.
   */
  public String endpointOf(String path, String rawQuery) {
    if (ogx != null) return OgxKeyScheme.pathOf(path == null ? "" : path);
    String endpoint;
    if (endpointRule == null) {
      endpoint = Endpoints.normalizePath(path);
    } else {
      String p = path == null || path.isEmpty() ? "/" : path;
      endpoint = Objects.requireNonNull(endpointRule.apply(p), "endpointRule returned null");
    }
    return Endpoints.withQuery(endpoint, withoutIgnoredParams(rawQuery));
  }

  /** {@link #endpointOf(String, String)} for a full URL string or a bare path. */
  public String endpointOfUrl(String url) {
    return endpointOf(Endpoints.pathOfUrl(url), Endpoints.queryOfUrl(url));
  }

  /**
   * The JSON value a live body is keyed as (before ignored fields are removed): JSON null when
   * empty or absent, the parsed value when the bytes are one JSON value, else the text {@code
   * "sha256:<hex>"} of the raw bytes.
   */
  public static JsonNode bodyOf(byte[] body) {
    if (body == null || body.length == 0) {
      return JsonNodeFactory.instance.nullNode();
    }
    try {
      JsonNode tree = BODY_READER.readTree(body);
      if (tree != null && !tree.isMissingNode()) {
        return tree;
      }
    } catch (IOException notJson) {
      // Falls through: keyed by its bytes.
    }
    return JsonNodeFactory.instance.textNode("sha256:" + RequestKey.sha256Hex(body));
  }

  private String withoutIgnoredParams(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty() || ignoredQueryParams.isEmpty()) {
      return rawQuery;
    }
    // Kept parameters stay in their order and encoding; only ignored ones (and their '&') go.
    StringBuilder kept = new StringBuilder(rawQuery.length());
    boolean first = true;
    int start = 0;
    while (start <= rawQuery.length()) {
      int amp = rawQuery.indexOf('&', start);
      int end = amp < 0 ? rawQuery.length() : amp;
      String param = rawQuery.substring(start, end);
      if (!isIgnored(param)) {
        if (!first) {
          kept.append('&');
        }
        kept.append(param);
        first = false;
      }
      start = end + 1;
    }
    return kept.toString();
  }

  private boolean isIgnored(String param) {
    int eq = param.indexOf('=');
    String name = eq < 0 ? param : param.substring(0, eq);
    if (ignoredQueryParams.contains(name)) {
      return true;
    }
    try {
      return ignoredQueryParams.contains(URLDecoder.decode(name, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException malformedEscape) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "KeyRules{ignoredBodyFields="
        + ignoredBodyFields
        + ", ignoredQueryParams="
        + ignoredQueryParams
        + ", endpointRule="
        + (endpointRule == null ? "last /v1/ segment" : "custom")
        + (ogx == null ? "" : ", " + ogx)
        + "}";
  }

  /** Collects options for {@link KeyRules}; not thread-safe. */
  public static final class Builder {
    private final List<String> ignoredBodyFields = new ArrayList<>();
    private final Set<String> queryParams = new LinkedHashSet<>();
    private UnaryOperator<String> endpointRule;
    private OgxKeyScheme ogx;

    private Builder() {}

    private Builder(KeyRules rules) {
      ignoredBodyFields.addAll(rules.ignoredBodyFields);
      queryParams.addAll(rules.ignoredQueryParams);
      endpointRule = rules.endpointRule;
      ogx = rules.ogx;
    }

    /**
     * Leaves the body field at this JSON pointer (RFC 6901, e.g. {@code /user}, {@code
     * /messages/0/name}) out of the key. Repeatable; applied in the order given. A field that is
     * missing from a body is skipped. The pointer is checked by {@link #build()}.
     */
    public Builder ignoreBodyField(String jsonPointer) {
      ignoredBodyFields.add(jsonPointer);
      return this;
    }

    /** Leaves every query parameter with this name out of the key. Repeatable. */
    public Builder ignoreQueryParam(String name) {
      queryParams.add(Objects.requireNonNull(name, "name"));
      return this;
    }

    /**
     * Computes the endpoint from the raw URL path with this function instead of the default rule
     * (from the last {@code /v1/} segment on). The query is appended afterwards.
     */
    public Builder endpointRule(UnaryOperator<String> rule) {
      this.endpointRule = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /**
     * The rules.
     *
     * @throws IllegalArgumentException if an ignored body field is not a valid JSON pointer
     */
    public KeyRules build() {
      return new KeyRules(this);
    }
  }
}
