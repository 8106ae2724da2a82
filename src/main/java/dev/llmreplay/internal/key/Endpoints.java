package dev.llmreplay.internal.key;

/**
 * The default endpoint rule: the URL path from its last {@code /v1/} segment on, so that the same
 * call keys alike whatever prefix or base URL the client used ({@code /openai/v1/chat/completions}
 * and {@code /v1/v1/chat/completions} both become {@code /v1/chat/completions}). Paths without a
 * {@code /v1} segment (Ollama's {@code /api/generate}) are kept as they are. A non-empty query is
 * kept after a {@code ?}.
 */
public final class Endpoints {
  private static final String V1 = "/v1";

  private Endpoints() {}

  /**
   * The endpoint of a request.
   *
   * @param path the raw (encoded) URL path; null or empty means {@code /}
   * @param rawQuery the raw (encoded) query without {@code ?}, or null
   */
  public static String endpointOf(String path, String rawQuery) {
    return withQuery(normalizePath(path), rawQuery);
  }

  /**
   * The endpoint of a full URL string as stored in fixtures (e.g. {@code
   * https://api.together.xyz/v1/v1/completions}); a bare path (with or without query) works too.
   */
  public static String endpointOfUrl(String url) {
    return endpointOf(pathOfUrl(url), queryOfUrl(url));
  }

  /**
   * The path from its last {@code /v1/} segment on ({@code /v1} when the path ends in a {@code /v1}
   * segment); other paths unchanged. Null or empty means {@code /}.
   */
  public static String normalizePath(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    int last = path.lastIndexOf("/v1/");
    if (last >= 0) {
      return path.substring(last);
    }
    if (path.endsWith(V1)) {
      return V1;
    }
    return path;
  }

  /**
   * The raw path of a URL string, as Python's {@code urlparse(url).path} gives it: what follows the
   * authority, up to {@code ?} or {@code #}. A string without {@code scheme://} is taken as a path.
   * Never null; may be empty (e.g. {@code https://host}).
   */
  public static String pathOfUrl(String url) {
    int start = pathStart(url);
    int end = start;
    while (end < url.length() && url.charAt(end) != '?' && url.charAt(end) != '#') {
      end++;
    }
    return url.substring(start, end);
  }

  /** The raw query of a URL string (without {@code ?} and fragment), or null if it has none. */
  public static String queryOfUrl(String url) {
    int q = url.indexOf('?', pathStart(url));
    if (q < 0) {
      return null;
    }
    int hash = url.indexOf('#', q);
    return url.substring(q + 1, hash < 0 ? url.length() : hash);
  }

  /** {@code endpoint + "?" + rawQuery}, or just the endpoint when the query is null or empty. */
  public static String withQuery(String endpoint, String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return endpoint;
    }
    return endpoint + "?" + rawQuery;
  }

  /** Index where the path begins: after {@code scheme://authority}, or 0 for a bare path. */
  private static int pathStart(String url) {
    int scheme = url.indexOf("://");
    if (scheme < 0 || !isScheme(url, scheme)) {
      return 0;
    }
    int i = scheme + 3;
    while (i < url.length()) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        break;
      }
      i++;
    }
    return i;
  }

  /** Whether {@code url[0, end)} is a URL scheme (a letter, then letters, digits, + - .). */
  private static boolean isScheme(String url, int end) {
    if (end == 0 || !isAsciiLetter(url.charAt(0))) {
      return false;
    }
    for (int i = 1; i < end; i++) {
      char c = url.charAt(i);
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
