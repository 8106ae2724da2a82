package dev.llmreplay;

import dev.llmreplay.internal.redact.JsonPointers;
import dev.llmreplay.internal.redact.Redaction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is replaced in a recorded exchange before it is written: credentials in header values, JSON
 * body fields and URL query parameters. Immutable and thread-safe. Redacted body fields and query
 * parameters also leave the request key, so that a recorded request still matches its live twin.
 *
 * <p>Header names are matched case-insensitively and kept, so a reader of the fixture still sees
 * that a credential was sent; only the value becomes {@value #REDACTED}. A query parameter's value
 * becomes {@value #REDACTED_QUERY_VALUE} (no brackets, so the URL needs no percent-encoding).
 *
 * <p>{@link #builder()} starts from the defaults; every builder method adds to them.
 */
public final class Redactor {
  /** What a redacted header value or body field is replaced by. */
  public static final String REDACTED = Redaction.REDACTED;

  /** What a redacted query parameter value (or URL password) is replaced by. */
  public static final String REDACTED_QUERY_VALUE = Redaction.REDACTED_QUERY_VALUE;

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

  /** Lower-cased query parameter names. */
  private final Set<String> queryParams;

  /** The engine applying these settings; internals reach it through the API bridge. */
  private final Redaction redaction;

  private Redactor(Builder b) {
    this.headers = Set.copyOf(b.headers);
    this.bodyFields = List.copyOf(b.bodyFields);
    this.queryParams = Set.copyOf(b.queryParams);
    this.redaction = new Redaction(headers, bodyFields, queryParams);
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

  /** The header names (lower-cased) whose values are redacted, in requests and responses. */
  public Set<String> headers() {
    return headers;
  }

  /** The JSON Pointers redacted in request and response bodies. */
  public List<String> bodyFields() {
    return bodyFields;
  }

  /** The query parameter names (lower-cased) whose values are redacted. */
  public Set<String> queryParams() {
    return queryParams;
  }

  Redaction redaction() {
    return redaction;
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
