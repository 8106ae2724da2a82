package dev.llmreplay.internal.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration llm-replay reads and writes JSON with. Internal: not part of the
 * public API.
 *
 * <p>Numbers are read the way Python's {@code json.loads} reads them, so that a request key
 * computed from a tree equals Python's: integers stay exact at any size (int, long, then BigInteger
 * nodes) and floats become doubles (Jackson's double parsing is correctly rounded, like Python's
 * {@code float()}). Floats are deliberately not read as BigDecimal: that would lose the sign of
 * {@code -0.0}, which Python keeps. A double written back by Jackson re-reads as the same double,
 * so a body hashes the same after a round trip through a fixture file.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private Json() {}

  /** The shared, immutable-after-construction mapper (thread-safe). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses JSON text to a tree, integers exact, floats as doubles. */
  public static JsonNode parse(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  /** Parses JSON bytes to a tree, integers exact, floats as doubles. */
  public static JsonNode parse(byte[] bytes) throws IOException {
    return MAPPER.readTree(bytes);
  }

  /**
   * The parsed tree when the bytes are a single JSON object or array (what an API body or a stream
   * chunk is), else null. Scalars are not treated as JSON so that text such as {@code [DONE]} or
   * {@code 42} is kept verbatim.
   */
  public static JsonNode tryParseStructure(byte[] bytes) {
    int i = 0;
    while (i < bytes.length
        && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) i++;
    if (i == bytes.length || (bytes[i] != '{' && bytes[i] != '[')) return null;
    try {
      JsonNode node = MAPPER.readTree(bytes);
      return node != null && node.isContainerNode() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Like {@link #tryParseStructure(byte[])} for text. */
  public static JsonNode tryParseStructure(String text) {
    return tryParseStructure(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Compact JSON text of a tree, in its own key order. */
  public static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
