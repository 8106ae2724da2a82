package dev.llmreplay.internal.redact;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies a {@code Redactor}'s settings to a recorded exchange: header values, JSON body fields and
 * URL query parameters. Immutable and thread-safe; works on plain data (maps, strings, Jackson
 * trees) so that it does not depend on the fixture model.
 */
public final class Redaction {
  /** What a redacted header value or body field is replaced by. */
  public static final String REDACTED = "[REDACTED]";

  /** What a redacted query parameter value (or URL password) is replaced by. */
  public static final String REDACTED_QUERY_VALUE = "REDACTED";

  /** Lower-cased header names. */
  private final Set<String> headers;

  private final List<JsonPointer> bodyPointers;

  /** Lower-cased query parameter names. */
  private final Set<String> queryParams;

  /**
   * @param headers lower-cased header names
   * @param bodyFields RFC 6901 pointers
   * @param queryParams lower-cased query parameter names
   * @throws IllegalArgumentException if a pointer is malformed
   */
  public Redaction(Set<String> headers, List<String> bodyFields, Set<String> queryParams) {
    this.headers = Set.copyOf(headers);
    List<JsonPointer> pointers = new ArrayList<>();
    for (String field : bodyFields) {
      pointers.add(JsonPointers.compile(field));
    }
    this.bodyPointers = List.copyOf(pointers);
    this.queryParams = Set.copyOf(queryParams);
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
}
