package dev.llmreplay.internal.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.llmreplay.RequestKey;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A recorded request that a missed request may have been meant to match: its method, endpoint,
 * normalized body, key and a label saying where it comes from (usually its fixture file's path).
 *
 * <p>The body may be given lazily ({@link #lazy}) so that a store of thousands of fixtures need
 * only parse the few that {@link NearestFixture} compares in full.
 */
public final class Candidate {
  private final String method;
  private final String endpoint;
  private final String keyHex;
  private final String label;
  private final Supplier<JsonNode> body;

  private Candidate(
      String method, String endpoint, String keyHex, String label, Supplier<JsonNode> body) {
    this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.keyHex = Objects.requireNonNull(keyHex, "keyHex");
    this.label = Objects.requireNonNull(label, "label");
    this.body = Objects.requireNonNull(body, "body");
  }

  /**
   * A candidate whose body is at hand.
   *
   * @param method HTTP method; upper-cased here
   * @param endpoint the endpoint as keyed, such as {@code /v1/chat/completions}
   * @param body the normalized body; Java null is read as JSON null
   * @param keyHex the request key's hex digest
   * @param label where the recording comes from, such as {@code recordings/3f9a1c2b4d5e.json}
   */
  public static Candidate of(
      String method, String endpoint, JsonNode body, String keyHex, String label) {
    JsonNode b = body == null ? JsonNodeFactory.instance.nullNode() : body;
    return new Candidate(method, endpoint, keyHex, label, () -> b);
  }

  /** A candidate for a recorded request's key. */
  public static Candidate of(RequestKey key, String label) {
    return of(key.method(), key.endpoint(), key.body(), key.hex(), label);
  }

  /**
   * A candidate whose body is read only when needed, at most once per {@link NearestFixture} search
   * that compares it. The supplier's exceptions propagate to the caller of the search.
   */
  public static Candidate lazy(
      String method, String endpoint, String keyHex, String label, Supplier<JsonNode> body) {
    return new Candidate(method, endpoint, keyHex, label, body);
  }

  /** The HTTP method, upper case. */
  public String method() {
    return method;
  }

  /** The endpoint as keyed. */
  public String endpoint() {
    return endpoint;
  }

  /** The normalized body (JSON null when absent); a lazy candidate reads it on each call. */
  public JsonNode body() {
    JsonNode b = body.get();
    return b == null ? JsonNodeFactory.instance.nullNode() : b;
  }

  /** The request key's hex digest. */
  public String keyHex() {
    return keyHex;
  }

  /** Where the recording comes from, such as its fixture file's path. */
  public String label() {
    return label;
  }

  /** The label's last path segment: {@code 3f9a1c2b4d5e.json} for {@code recordings/3f9a…}. */
  public String fileName() {
    int slash = Math.max(label.lastIndexOf('/'), label.lastIndexOf('\\'));
    return label.substring(slash + 1);
  }

  @Override
  public String toString() {
    return method + " " + endpoint + " " + label;
  }
}
