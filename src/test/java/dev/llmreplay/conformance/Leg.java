package dev.llmreplay.conformance;

import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.server.ReplayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import okhttp3.OkHttpClient;

/**
 * One half of a conformance scenario: the recording run (upstream is the mock) or the replay run
 * (upstream is gone). Gives the SDK the base URL to use and, on the interceptor route, the
 * interceptor to install.
 */
final class Leg implements AutoCloseable {
  private final String baseUrl;
  private final RecordReplayInterceptor interceptor;
  private final ReplayServer server;

  private Leg(String baseUrl, RecordReplayInterceptor interceptor, ReplayServer server) {
    this.baseUrl = baseUrl;
    this.interceptor = interceptor;
    this.server = server;
  }

  /** Records into {@code dir}, calling {@code upstream} (the mock's URL). */
  static Leg record(Route route, Path dir, String upstream) {
    return open(route, dir, Mode.RECORD, upstream);
  }

  /** Replays from {@code dir}; {@code deadUpstream} is where the mock was (nothing listens). */
  static Leg replay(Route route, Path dir, String deadUpstream) {
    return open(route, dir, Mode.REPLAY, deadUpstream);
  }

  /** Replays from {@code dir} with these faults injected. */
  static Leg replay(Route route, Path dir, String deadUpstream, String faults) {
    return open(route, dir, Mode.REPLAY, deadUpstream, faults);
  }

  private static Leg open(Route route, Path dir, Mode mode, String upstream) {
    return open(route, dir, mode, upstream, "none");
  }

  private static Leg open(Route route, Path dir, Mode mode, String upstream, String faults) {
    RecordReplayInterceptor interceptor =
        RecordReplayInterceptor.builder().recordings(dir).mode(mode).faults(faults).build();
    if (route == Route.INTERCEPTOR) return new Leg(upstream, interceptor, null);
    ReplayServer.Builder b = ReplayServer.builder().interceptor(interceptor);
    if (mode == Mode.RECORD) b.target(upstream);
    try {
      ReplayServer server = b.build().start();
      return new Leg(server.baseUrl(), null, server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL (scheme, host, port) the SDK is to use. */
  String baseUrl() {
    return baseUrl;
  }

  /** The interceptor to install in the SDK's client, or null on the server route. */
  RecordReplayInterceptor interceptor() {
    return interceptor;
  }

  /** An OkHttp client carrying the interceptor (on the server route, a plain client). */
  OkHttpClient okHttp() {
    OkHttpClient.Builder b = new OkHttpClient.Builder();
    if (interceptor != null) b.addInterceptor(interceptor);
    return b.build();
  }

  @Override
  public void close() {
    if (server != null) server.close();
  }
}
