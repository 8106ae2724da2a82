package dev.llmreplay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The identity of a request: {@code sha256(json.dumps({"method", "endpoint", "body"},
 * sort_keys=True))}. Two requests with the same key are answered by the same fixture.
 *
 * <p>The body held here is the normalized body that was hashed (ignored fields removed), which is
 * also what a near-miss diff compares.
 */
public final class RequestKey {
  private final String method;
  private final String endpoint;
  private final JsonNode body;
  private final String canonicalJson;
  private final String hex;

  /** Only {@code KeyRules}' key engine creates keys: what is hashed is defined there. */
  RequestKey(String method, String endpoint, JsonNode body, String canonicalJson, String hex) {
    this.method = method;
    this.endpoint = endpoint;
    this.body = body;
    this.canonicalJson = canonicalJson;
    this.hex = hex;
  }

  /** The upper-case HTTP method. */
  public String method() {
    return method;
  }

  /** The endpoint as keyed (the path from its last {@code /v1/} segment on, by default). */
  public String endpoint() {
    return endpoint;
  }

  /** The normalized body that was hashed. Do not modify. */
  public JsonNode body() {
    return body;
  }

  /** The exact text that was hashed (Python's {@code json.dumps(..., sort_keys=True)}). */
  public String canonicalJson() {
    return canonicalJson;
  }

  /** The full 64-character hex digest. */
  public String hex() {
    return hex;
  }

  /** The first 12 hex characters: the fixture file name without {@code .json}. */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestKey && ((RequestKey) o).hex.equals(hex);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }

  @Override
  public String toString() {
    return method + " " + endpoint + " " + shortHex();
  }
}
