package dev.llmreplay;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.internal.redact.JsonPointers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Replaces credentials in a recorded exchange before it is written: header values, JSON body fields
 * and URL query parameters. Immutable and thread-safe; works on plain data (maps, strings, Jackson
 * trees) so that it does not depend on the fixture model.
 *
 * <p>Header names are matched case-insensitively and kept, so a reader of the fixture still sees
 * that a credential was sent; only the value becomes {@value #REDACTED}. A query parameter's value
 * becomes {@value #REDACTED_QUERY_VALUE} (no brackets, so the URL needs no percent-encoding).
 *
 * <p>{@link #builder()} starts from the defaults; every builder method adds to them.
 */
public final class Redactor {
  /** What a redacted header value or body field is replaced by. */
  public static final String REDACTED = "[REDACTED]";

  /** What a redacted query parameter value (or URL password) is replaced by. */
  public static final String REDACTED_QUERY_VALUE = "REDACTED";

  /**
   * Header names redacted by default (request and response), as written in the HTTP specs. The
   * {@code X-Amz-*} ones are AWS SigV4's (Bedrock): a session token, and the signing date and body
   * hash, which change on every call and only serve the signature in {@code Authorization}.
   */
  public static final List<String> DEFAULT_HEADERS =
      List.of(
          "Authorization",
          "Proxy-Authorization",
          "api-key",
          "x-api-key",
          "x-goog-api-key",
          "Cookie",
          "Set-Cookie",
          "X-Amz-Security-Token",
          "X-Amz-Date",
          "X-Amz-Content-Sha256");

  /** Query parameter names redacted by default (Google-style {@code ?key=AIza...} and kin). */
  public static final List<String> DEFAULT_QUERY_PARAMS =
      List.of("key", "api_key", "api-key", "access_token", "token");

  private static final Redactor DEFAULTS = builder().build();

  /** Lower-cased header names. */
  private final Set<String> headers;

  /** Body pointers as the user wrote them, for {@link #newBuilder()}. */
  private final List<String> bodyFields;

  private final List<JsonPointer> bodyPointers;

  /** Lower-cased query parameter names. */
  private final Set<String> queryParams;

  private Redactor(Builder b) {
    this.headers = Set.copyOf(b.headers);
    this.bodyFields = List.copyOf(b.bodyFields);
    List<JsonPointer> pointers = new ArrayList<>();
    for (String field : bodyFields) {
      pointers.add(JsonPointers.compile(field));
    }
    this.bodyPointers = List.copyOf(pointers);
    this.queryParams = Set.copyOf(b.queryParams);
  }

  /**
   * A builder holding the defaults (see {@link #DEFAULT_HEADERS}, {@link #DEFAULT_QUERY_PARAMS}).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The default redactor: default headers and query parameters, no body fields. */
  public static Redactor defaults() {
    return DEFAULTS;
  }

  /** A builder holding everything this redactor redacts, to add more. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.headers.addAll(headers);
    b.bodyFields.addAll(bodyFields);
    b.queryParams.addAll(queryParams);
    return b;
  }

  /** Whether a header of this name (any case) has its values redacted. */
  /** The JSON Pointers redacted in request and response bodies. */
  public List<String> bodyFields() {
    return bodyFields;
  }

  /** The query parameter names whose values are redacted. */
  public Set<String> queryParams() {
    return queryParams;
  }

  /** Whether a header (any case) is redacted. */
  public boolean isRedactedHeader(String name) {
    return name != null && headers.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * A copy of request headers with redacted values replaced by {@value #REDACTED} (one per original
   * value, so multi-valued headers keep their count). Names, order and other values are kept; the
   * input is not modified. The result is unmodifiable.
   */
  public Map<String, List<String>> redactRequestHeaders(Map<String, List<String>> headers) {
    return redactHeaders(headers);
  }

  /** Like {@link #redactRequestHeaders}, for response headers (e.g. {@code Set-Cookie}). */
  public Map<String, List<String>> redactResponseHeaders(Map<String, List<String>> headers) {
    return redactHeaders(headers);
  }

  private Map<String, List<String>> redactHeaders(Map<String, List<String>> in) {
    Objects.requireNonNull(in, "headers");
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : in.entrySet()) {
      List<String> values = e.getValue();
      if (values == null) {
        out.put(e.getKey(), null);
      } else if (isRedactedHeader(e.getKey())) {
        out.put(e.getKey(), Collections.nCopies(values.size(), REDACTED));
      } else {
        out.put(e.getKey(), Collections.unmodifiableList(new ArrayList<>(values)));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The URL with the values of redacted query parameters replaced by {@value
   * #REDACTED_QUERY_VALUE}, and a password in the user-info part ({@code https://user:pw@host})
   * likewise. Every other byte is kept, including the order, encoding and fragment. Parameter names
   * are compared case-insensitively after percent-decoding. Returns the same string when nothing is
   * redacted.
   */
  public String redactUrl(String url) {
    Objects.requireNonNull(url, "url");
    int hash = url.indexOf('#');
    int end = hash < 0 ? url.length() : hash;
    int query = url.indexOf('?');
    if (query >= end) {
      query = -1; // a '?' inside the fragment starts no query
    }
    StringBuilder out = new StringBuilder(url.length());
    int copied = redactUserInfo(url, query < 0 ? end : query, out);
    if (query >= 0) {
      int start = query + 1;
      while (start <= end) {
        int amp = url.indexOf('&', start);
        int paramEnd = amp < 0 || amp > end ? end : amp;
        int eq = url.indexOf('=', start);
        if (eq >= 0 && eq < paramEnd - 1 && isRedactedQueryParam(url.substring(start, eq))) {
          out.append(url, copied, eq + 1).append(REDACTED_QUERY_VALUE);
          copied = paramEnd;
        }
        start = paramEnd + 1;
      }
    }
    if (copied == 0) {
      return url;
    }
    return out.append(url, copied, url.length()).toString();
  }

  /**
   * Appends the URL up to and including a redacted password of the authority's user-info to {@code
   * out}, and returns how many characters of {@code url} that covers (0 if none).
   */
  private static int redactUserInfo(String url, int limit, StringBuilder out) {
    int scheme = url.indexOf("://");
    if (scheme < 0 || scheme >= limit) {
      return 0;
    }
    int authorityStart = scheme + 3;
    int authorityEnd = url.indexOf('/', authorityStart);
    if (authorityEnd < 0 || authorityEnd > limit) {
      authorityEnd = limit;
    }
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) {
      return 0;
    }
    int colon = url.indexOf(':', authorityStart);
    if (colon < 0 || colon >= at || colon == at - 1) {
      return 0;
    }
    out.append(url, 0, colon + 1).append(REDACTED_QUERY_VALUE);
    return at;
  }

  private boolean isRedactedQueryParam(String rawName) {
    String name = rawName;
    if (rawName.indexOf('%') >= 0 || rawName.indexOf('+') >= 0) {
      try {
        name = URLDecoder.decode(rawName, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException malformed) {
        name = rawName; // a broken escape: compare as written
      }
    }
    return queryParams.contains(name.toLowerCase(Locale.ROOT));
  }

  /**
   * The body with the value at each configured pointer (where present) replaced by {@value
   * #REDACTED}. Returns the same instance when nothing changes, otherwise a deep copy: the input is
   * never modified. A null body is returned as is.
   */
  public JsonNode redactBody(JsonNode body) {
    if (body == null || !needsRedaction(body)) {
      return body;
    }
    JsonNode copy = body.deepCopy();
    for (JsonPointer pointer : bodyPointers) {
      JsonNode parent = copy.at(pointer.head());
      JsonPointer last = pointer.last();
      if (parent instanceof ObjectNode) {
        ObjectNode object = (ObjectNode) parent;
        if (object.has(last.getMatchingProperty())) {
          object.put(last.getMatchingProperty(), REDACTED);
        }
      } else if (parent instanceof ArrayNode) {
        ArrayNode array = (ArrayNode) parent;
        int index = last.getMatchingIndex();
        if (index >= 0 && index < array.size()) {
          array.set(index, array.textNode(REDACTED));
        }
      }
    }
    return copy;
  }

  private boolean needsRedaction(JsonNode body) {
    for (JsonPointer pointer : bodyPointers) {
      JsonNode target = body.at(pointer);
      if (!target.isMissingNode() && !REDACTED.equals(target.textValue())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "Redactor{headers="
        + new TreeSet<>(headers)
        + ", bodyFields="
        + bodyFields
        + ", queryParams="
        + new TreeSet<>(queryParams)
        + "}";
  }

  /** Builds a {@link Redactor}; starts from the defaults and only adds. */
  public static final class Builder {
    private final Set<String> headers = new LinkedHashSet<>();
    private final List<String> bodyFields = new ArrayList<>();
    private final Set<String> queryParams = new LinkedHashSet<>();

    private Builder() {
      for (String h : DEFAULT_HEADERS) {
        headers.add(h.toLowerCase(Locale.ROOT));
      }
      queryParams.addAll(DEFAULT_QUERY_PARAMS);
    }

    /** Also redacts this header (any case), in requests and responses. */
    public Builder redactHeader(String name) {
      headers.add(requireName(name, "header name").toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Also redacts the value at this RFC 6901 JSON pointer (e.g. {@code /metadata/user_token}) in
     * request and response bodies, when present.
     *
     * @throws IllegalArgumentException if the pointer is malformed or empty (the whole body)
     */
    public Builder redactBodyField(String jsonPointer) {
      JsonPointers.requireValid(jsonPointer);
      if (jsonPointer.isEmpty()) {
        throw new IllegalArgumentException(
            "JSON pointer \"\" is the whole body; name a field inside it, e.g. \"/api_key\"");
      }
      if (!bodyFields.contains(jsonPointer)) {
        bodyFields.add(jsonPointer);
      }
      return this;
    }

    /** Also redacts the value of this URL query parameter (any case). */
    public Builder redactQueryParam(String name) {
      queryParams.add(requireName(name, "query parameter name").toLowerCase(Locale.ROOT));
      return this;
    }

    private static String requireName(String name, String what) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank: \"" + name + "\"");
      }
      return name;
    }

    /** The immutable redactor. */
    public Redactor build() {
      return new Redactor(this);
    }
  }
}
