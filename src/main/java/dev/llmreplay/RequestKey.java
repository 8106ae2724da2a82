package dev.llmreplay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.internal.key.Endpoints;
import dev.llmreplay.internal.key.PythonJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

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

  private RequestKey(String method, String endpoint, JsonNode body, ObjectNode identity) {
    this.method = method;
    this.endpoint = endpoint;
    this.body = body;
    this.canonicalJson = PythonJson.dumps(identity);
    this.hex = sha256Hex(canonicalJson.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The key of an already-normalized request.
   *
   * @param method HTTP method; upper-cased here
   * @param endpoint the endpoint as keyed (see {@link Endpoints})
   * @param body the normalized JSON body, or a text node {@code "sha256:<hex>"} for non-JSON
   *     bodies, or JSON null when there is no body
   */
  public static RequestKey of(String method, String endpoint, JsonNode body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(endpoint, "endpoint");
    JsonNode b = body == null ? JsonNodeFactory.instance.nullNode() : body;
    String m = method.toUpperCase(java.util.Locale.ROOT);
    ObjectNode identity = JsonNodeFactory.instance.objectNode();
    identity.put("method", m);
    identity.put("endpoint", endpoint);
    identity.set("body", b);
    return new RequestKey(m, endpoint, b, identity);
  }

  /**
   * The key of another scheme's identity object (OGX's adds a {@code test_id}): its {@code method},
   * {@code endpoint} and {@code body} members are what the key reports.
   */
  static RequestKey ofIdentity(ObjectNode identity) {
    return new RequestKey(
        identity.get("method").asText(),
        identity.get("endpoint").asText(),
        identity.get("body"),
        identity);
  }

  /** Lower-case hex of the SHA-256 of a byte array. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  public String method() {
    return method;
  }

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
