package dev.llmreplay.internal.key;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Computes {@link RequestKey}s under one set of key rules: the engine behind {@code KeyRules},
 * which only holds the settings. A live request ({@link #keyOf}) and the stored request of the same
 * call in a fixture ({@link #keyOfRecorded}) get the same key: both go through the same endpoint
 * rule, query filter and body normalization. Immutable and thread-safe.
 */
public final class KeyFunction {
  /** Strict: a body with trailing bytes after its JSON value is not JSON. */
  private static final ObjectReader BODY_READER =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * Makes the public key value from what was computed here; {@code KeyRules} passes {@code
   * RequestKey}'s package-private constructor, so that only this engine creates keys.
   */
  @FunctionalInterface
  public interface KeyFactory {
    RequestKey create(
        String method, String endpoint, JsonNode body, String canonicalJson, String hex);
  }

  private final List<JsonPointer> ignoredPointers;
  private final Set<String> ignoredQueryParams;
  private final UnaryOperator<String> endpointRule;
  private final OgxKeyScheme ogx;
  private final KeyFactory factory;

  /**
   * @param ignoredBodyFields JSON pointers removed from bodies, in order
   * @param ignoredQueryParams query parameter names removed from the endpoint
   * @param endpointRule the path-to-endpoint function, or null for {@link Endpoints#normalizePath}
   * @param ogx OGX's key scheme instead of llm-replay's, or null
   * @throws IllegalArgumentException if an ignored body field is not a valid JSON pointer
   */
  public KeyFunction(
      List<String> ignoredBodyFields,
      Set<String> ignoredQueryParams,
      UnaryOperator<String> endpointRule,
      OgxKeyScheme ogx,
      KeyFactory factory) {
    List<JsonPointer> pointers = new ArrayList<>(ignoredBodyFields.size());
    for (String field : ignoredBodyFields) pointers.add(BodyNormalizer.compile(field));
    this.ignoredPointers = List.copyOf(pointers);
    this.ignoredQueryParams = Set.copyOf(ignoredQueryParams);
    this.endpointRule = endpointRule;
    this.ogx = ogx;
    this.factory = Objects.requireNonNull(factory, "factory");
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
    return key(method, endpointOf(path, rawQuery), tree);
  }

  /**
   * The key of a live request to a full URL ({@code https://host/path?query}); the same as {@link
   * #keyOf(String, String, String, byte[])} with its path and query, except that OGX rules also
   * look at the host.
   */
  public RequestKey keyOfUrl(String method, String url, byte[] body) {
    if (ogx == null)
      return keyOf(method, Endpoints.pathOfUrl(url), Endpoints.queryOfUrl(url), body);
    JsonNode tree = BodyNormalizer.withoutFields(bodyOf(body), ignoredPointers, true);
    return ogxKey(method, url, tree, ogx.testId());
  }

  /** Whether keys depend on the URL's host (OGX rules do), so a live key needs the whole URL. */
  public boolean needsHost() {
    return ogx != null;
  }

  /** The test id live requests are keyed with under OGX rules; null otherwise. */
  public String testId() {
    return ogx == null ? null : ogx.testId();
  }

  private RequestKey ogxKey(String method, String url, JsonNode body, String testId) {
    ObjectNode identity = OgxKeyScheme.identity(method, url, body, testId);
    String canonical = PythonJson.dumps(identity);
    return factory.create(
        identity.get("method").asText(),
        identity.get("endpoint").asText(),
        identity.get("body"),
        canonical,
        Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8)));
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
   * OGX files carry a top-level {@code test_id}, which OGX rules key it with (the body is then
   * hashed as stored, whatever {@code pythonKwargs} says). Other rules ignore it.
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
    if (pythonKwargs) tree = PythonKwargs.toWireBody(tree);
    tree = BodyNormalizer.withoutFields(tree, ignoredPointers, false);
    return key(method, endpointOf(Endpoints.pathOfUrl(url), Endpoints.queryOfUrl(url)), tree);
  }

  /**
   * The key of an already-normalized request: {@code sha256(json.dumps({"method", "endpoint",
   * "body"}, sort_keys=True))}.
   *
   * @param method HTTP method; upper-cased here
   * @param endpoint the endpoint as keyed
   * @param body the normalized body; null means JSON null
   */
  public RequestKey key(String method, String endpoint, JsonNode body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(endpoint, "endpoint");
    String m = method.toUpperCase(Locale.ROOT);
    JsonNode b = body == null ? JsonNodeFactory.instance.nullNode() : body;
    ObjectNode identity = JsonNodeFactory.instance.objectNode();
    identity.put("method", m);
    identity.put("endpoint", endpoint);
    identity.set("body", b);
    String canonical = PythonJson.dumps(identity);
    return factory.create(
        m, endpoint, b, canonical, Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8)));
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
    return JsonNodeFactory.instance.textNode("sha256:" + Sha256.hex(body));
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
}
