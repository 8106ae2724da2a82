package dev.llmreplay;

import dev.llmreplay.internal.key.KeyFunction;
import dev.llmreplay.internal.key.OgxKeyScheme;
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
 * #builder()} or start from {@link #defaults()} (nothing ignored; the endpoint is the path from its
 * last {@code /v1/} segment on).
 *
 * <p>A live request and the stored request of the same call in a fixture get the same key: both go
 * through the same endpoint rule, query filter and body normalization.
 *
 * <p>{@link #ogx(String)} selects OGX's key instead, to share recordings with an OGX (llama-stack)
 * Python suite: the files it names, and keys, by {@code sha256} of method, raw URL path, normalized
 * body and test id.
 */
public final class KeyRules {
  private static final KeyRules DEFAULTS = new Builder().build();

  private final List<String> ignoredBodyFields;
  private final Set<String> ignoredQueryParams;
  private final UnaryOperator<String> endpointRule;

  /** Null for llm-replay's own key. */
  private final OgxKeyScheme ogx;

  /** The engine computing keys under these rules; internals reach it through the API bridge. */
  private final KeyFunction keys;

  private KeyRules(Builder builder) {
    // First: checks the pointers (null included), so that build() fails on a bad one.
    this.keys =
        new KeyFunction(
            builder.ignoredBodyFields,
            builder.queryParams,
            builder.endpointRule,
            builder.ogx,
            RequestKey::new);
    this.ignoredBodyFields = List.copyOf(builder.ignoredBodyFields);
    this.ignoredQueryParams = Collections.unmodifiableSet(new LinkedHashSet<>(builder.queryParams));
    this.endpointRule = builder.endpointRule;
    this.ogx = builder.ogx;
  }

  /** Nothing ignored; the endpoint is the path from its last {@code /v1/} segment on. */
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

  KeyFunction keys() {
    return keys;
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
