package dev.llmreplay.internal.key;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request identity OGX (the project llama-stack became) names its recordings by: {@code
 * sha256(json.dumps({"method", "endpoint", "body", "test_id"}, sort_keys=True))}, full 64 hex,
 * where the endpoint is the URL path exactly as sent, the body is normalized for hashing and the
 * test id is the pytest node id of the test that made the call (left out for the model-list
 * endpoints, which tests share).
 *
 * <p>The body normalization, recursively: floats rounded to 5 decimals ({@code round(x, 5)}); in
 * strings, file-search metadata made constant ({@code score: N}, {@code attributes: {...}}, {@code
 * document_id: UUID}, {@code <|UUID|>}) and then decimal literals with 4 or more fractional digits
 * rewritten as {@code %.5f}; {@code project_id} removed from a top-level {@code extra_body} or
 * {@code extra_query} (where "top level" is also every object that is a list element, as in the
 * original); and, when the URL's host names bedrock, a top-level {@code stream_options} removed.
 * The body is the one recorded (a Python SDK call's keyword arguments in OGX's own files, the wire
 * JSON for a live request): it is not merged or otherwise rewritten.
 *
 * <p>Immutable; holds the test id live requests are keyed with.
 */
public final class OgxKeyScheme {
  /** Endpoints whose key leaves the test id out: shared by every test of a session. */
  private static final Set<String> SHARED_ENDPOINTS =
      Set.of("/api/tags", "/v1/models", "/v1/openai/v1/models");

  // Python's str patterns: \d and \s are Unicode-aware (\s also takes U+001C..U+001F, which
  // str.isspace() counts as whitespace and Java's White_Space does not).
  private static final int UNICODE = Pattern.UNICODE_CHARACTER_CLASS;
  private static final String S = "[\\s\\x1c-\\x1f]";
  private static final String UUID = "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}";
  private static final Pattern SCORE =
      Pattern.compile("score:" + S + "*[-+]?\\d*\\.?\\d+(?:[eE][-+]?\\d+)?", UNICODE);
  private static final Pattern ATTRIBUTES =
      Pattern.compile(",?" + S + "*attributes:" + S + "*\\{[^}]*\\}", UNICODE);
  private static final Pattern DOCUMENT_ID =
      Pattern.compile("document_id:" + S + "*" + UUID, UNICODE);
  private static final Pattern CITATION = Pattern.compile("<\\|" + UUID + "\\|>", UNICODE);
  private static final Pattern LONG_DECIMAL = Pattern.compile("-?\\d+\\.\\d{4,}", UNICODE);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String testId;

  /**
   * @param testId the test id live requests are keyed with (a pytest node id such as {@code
   *     tests/integration/inference/test_x.py::test_y[param]})
   */
  public OgxKeyScheme(String testId) {
    this.testId = Objects.requireNonNull(testId, "testId");
  }

  /** The test id live requests are keyed with. */
  public String testId() {
    return testId;
  }

  /**
   * The identity that is hashed for a request.
   *
   * @param method HTTP method (upper-cased here)
   * @param url the full URL, or a bare path (then the host is taken not to be Bedrock)
   * @param body the request body as JSON (not modified)
   * @param testId the test id, or null (hashed as JSON null, as OGX does outside a test)
   */
  public static ObjectNode identity(String method, String url, JsonNode body, String testId) {
    String path = pathOf(url);
    ObjectNode identity = NODES.objectNode();
    identity.put("method", method.toUpperCase(java.util.Locale.ROOT));
    identity.put("endpoint", path);
    identity.set("body", normalizeBody(body, hostOf(url).contains("bedrock")));
    if (!SHARED_ENDPOINTS.contains(path)) identity.put("test_id", testId);
    return identity;
  }

  /** The endpoint as OGX keys it: Python's {@code urlparse(url).path}. */
  public static String pathOf(String url) {
    String path = Endpoints.pathOfUrl(url);
    // urlparse (not urlsplit) moves ";params" of the last segment out of the path.
    int semicolon = path.indexOf(';', Math.max(path.lastIndexOf('/'), 0));
    return semicolon < 0 ? path : path.substring(0, semicolon);
  }

  /** The body normalized for hashing; a new tree, the input is not modified. */
  public static JsonNode normalizeBody(JsonNode body, boolean bedrock) {
    return normalize(body, true, bedrock);
  }

  private static JsonNode normalize(JsonNode value, boolean root, boolean dropStreamOptions) {
    if (value.isObject()) {
      ObjectNode out = NODES.objectNode();
      for (Map.Entry<String, JsonNode> field : value.properties()) {
        out.set(field.getKey(), normalize(field.getValue(), false, false));
      }
      if (dropStreamOptions) out.remove("stream_options");
      if (root) {
        for (String extra : new String[] {"extra_body", "extra_query"}) {
          JsonNode e = out.get(extra);
          if (e != null && e.isObject()) ((ObjectNode) e).remove("project_id");
        }
      }
      return out;
    }
    if (value.isArray()) {
      ArrayNode out = NODES.arrayNode(value.size());
      // List elements are normalized as roots, exactly as the original recurses into lists.
      for (JsonNode item : value) out.add(normalize(item, true, false));
      return out;
    }
    if (value.isFloatingPointNumber()) return NODES.numberNode(round5(value.doubleValue()));
    if (value.isTextual()) return NODES.textNode(normalizeString(value.textValue()));
    return value;
  }

  /** A string with file-search metadata made constant, then long decimals rounded. */
  static String normalizeString(String s) {
    s = SCORE.matcher(s).replaceAll("score: __NORMALIZED__");
    s = ATTRIBUTES.matcher(s).replaceAll("");
    s = DOCUMENT_ID.matcher(s).replaceAll("document_id: __NORMALIZED__");
    s = CITATION.matcher(s).replaceAll("<|__NORMALIZED__|>");
    Matcher m = LONG_DECIMAL.matcher(s);
    if (!m.find()) return s;
    StringBuilder out = new StringBuilder(s.length());
    do {
      m.appendReplacement(out, Matcher.quoteReplacement(format5(parseDecimal(m.group()))));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  /** Python's {@code round(x, 5)}: the exact binary value rounded half-even, as a float again. */
  static double round5(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) return x;
    double r = new BigDecimal(x).setScale(5, RoundingMode.HALF_EVEN).doubleValue();
    return r == 0 ? Math.copySign(0.0, x) : r;
  }

  /** Python's {@code f"{x:.5f}"}: correctly rounded (half-even on the exact binary value). */
  static String format5(double x) {
    if (Double.isNaN(x)) return "nan";
    if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
    String digits = new BigDecimal(x).setScale(5, RoundingMode.HALF_EVEN).abs().toPlainString();
    boolean negative = x < 0 || (x == 0 && 1 / x < 0);
    return negative ? "-" + digits : digits;
  }

  /** Python's {@code float()} of a {@code -?\d+\.\d+} match, whose digits may be any Unicode Nd. */
  private static double parseDecimal(String literal) {
    StringBuilder ascii = new StringBuilder(literal.length());
    for (int i = 0; i < literal.length(); ) {
      int c = literal.codePointAt(i);
      int digit = Character.digit(c, 10);
      ascii.append(digit >= 0 ? (char) ('0' + digit) : (char) c);
      i += Character.charCount(c);
    }
    return Double.parseDouble(ascii.toString());
  }

  /** Python's {@code urlparse(url).netloc}; "" for a bare path. */
  private static String hostOf(String url) {
    int scheme = url.indexOf("://");
    if (scheme <= 0 || !url.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) return "";
    int start = scheme + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
    return url.substring(start, end);
  }

  @Override
  public String toString() {
    return "OGX key scheme (test id " + testId + ")";
  }
}
