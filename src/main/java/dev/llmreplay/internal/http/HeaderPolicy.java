package dev.llmreplay.internal.http;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;

/**
 * Which headers are dropped where, and why: one list per place a header crosses from one message
 * into another. Names compare case-insensitively; headers named by a {@code Connection} header are
 * dropped too, since RFC 9110 §7.6.1 makes them hop-by-hop as well.
 */
public enum HeaderPolicy {
  /** Response headers not written into a fixture. */
  NOT_RECORDED(union(hopByHop(), reframedBody())),

  /** Recorded request headers not sent again when a fixture is refreshed. */
  NOT_RESENT(union(hopByHop(), reframedBody(), setByOkHttp())),

  /** Request headers the loopback server does not forward upstream. */
  NOT_FORWARDED(union(hopByHop(), framedByOkHttp(), setByOkHttp())),

  /** Response headers the loopback server does not copy back to its client. */
  NOT_RELAYED(union(hopByHop(), reframedBody()));

  private final Set<String> dropped;

  HeaderPolicy(Set<String> dropped) {
    this.dropped = dropped;
  }

  /** The lower-case names this policy drops (besides those a {@code Connection} header names). */
  public Set<String> dropped() {
    return dropped;
  }

  /** Whether a header of this name is dropped. */
  public boolean drops(String name) {
    return dropped.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The headers this policy keeps, in OkHttp's name order ({@link Headers#names()}). */
  public Map<String, List<String>> keptOf(Headers headers) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (String name : headers.names()) map.put(name, headers.values(name));
    return keptOf(map);
  }

  /** The headers this policy keeps, in their order and spelling; the input is not modified. */
  public Map<String, List<String>> keptOf(Map<String, List<String>> headers) {
    Set<String> alsoDropped = new HashSet<>();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (!e.getKey().equalsIgnoreCase("connection") || e.getValue() == null) continue;
      for (String value : e.getValue()) {
        for (String token : value.split(",")) {
          if (!token.isBlank()) alsoDropped.add(token.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    Map<String, List<String>> kept = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      String lower = e.getKey().toLowerCase(Locale.ROOT);
      if (!dropped.contains(lower) && !alsoDropped.contains(lower)) {
        kept.put(e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(kept);
  }

  /** Headers about one connection, not the message: the next hop has its own (RFC 9110 §7.6.1). */
  private static Set<String> hopByHop() {
    return Set.of(
        "connection", // lists this hop's options and the other hop-by-hop headers
        "keep-alive", // persistence of this connection
        "proxy-connection", // the old non-standard twin of Connection
        "te", // transfer codings this hop accepts (§10.1.4)
        "trailer", // announces trailer fields of this hop's framing (§6.6.2)
        "transfer-encoding", // chunked framing of this hop (RFC 9112 §6.1)
        "upgrade", // a protocol switch of this connection (§7.8)
        "proxy-authenticate", // a challenge from a proxy, not from the API (§11.7.1)
        "proxy-authorization"); // credentials for a proxy, not for the API (§11.7.2)
  }

  /** Headers that describe body bytes which are stored decoded and framed anew on the way out. */
  private static Set<String> reframedBody() {
    return Set.of(
        "content-length", // the body is framed again (replayed events, normalized values)
        "content-encoding"); // the body is kept and passed on decoded (gzip undone)
  }

  /**
   * The length of a forwarded request body, which OkHttp frames itself. Its Content-Encoding is
   * kept: the body bytes are forwarded unchanged, so their coding must go with them.
   */
  private static Set<String> framedByOkHttp() {
    return Set.of("content-length");
  }

  /** Request headers OkHttp sets itself for the URL and connection it actually uses. */
  private static Set<String> setByOkHttp() {
    return Set.of(
        "host", // the recorded or loopback host is not the upstream's
        "accept-encoding"); // OkHttp asks for gzip and decodes it; a copied value stops that
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new HashSet<>();
    for (Set<String> s : sets) all.addAll(s);
    return Set.copyOf(all);
  }
}
