package dev.llmreplay.junit;

import dev.llmreplay.KeyRules;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.config.Listeners;
import dev.llmreplay.server.ReplayServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * The llm-replay state of one test (or one test class, for constructor and {@code @BeforeAll}
 * parameters): its directories, its {@link Recordings}, and the interceptor, client and server
 * handed to it, each made on first use and closed with the session. Lives in the scope's {@code
 * ExtensionContext.Store}; thread-safe.
 */
final class Session {
  final Settings settings;
  final TestScope scope;
  final Path dir;
  final List<Path> fallbacks;
  final Recordings recordings;

  private RecordReplayInterceptor interceptor;
  private OkHttpClient client;
  private ReplayServer server;
  private boolean missesReported;
  private boolean closed;

  Session(Settings settings, TestScope scope) {
    this.settings = settings;
    this.scope = scope;
    this.dir = scope.dir(settings.replay.recordings());
    this.fallbacks = scope.fallbacks(settings.replay.recordings());
    this.recordings = new Recordings(settings.replay.mode(), dir, fallbacks);
  }

  /** The interceptor: reads the test's directory, then the ones above; records into the test's. */
  synchronized RecordReplayInterceptor interceptor() {
    checkOpen();
    if (interceptor == null) {
      interceptor =
          Access.interceptor(
              settings.replay.toBuilder()
                  .recordings(dir)
                  .fallbackRecordings(fallbacks)
                  // Subdirectories belong to other tests (invocations, methods, nested classes).
                  .searchSubdirectories(false)
                  .testName(scope.id())
                  // The test's own record first: a user listener that throws must not hide a call.
                  .listener(Listeners.both(recordings.listener(), settings.replay.listener()))
                  .build());
    }
    return interceptor;
  }

  /** The key rules requests are looked up by (also once the session is closed). */
  synchronized KeyRules keyRules() {
    return interceptor != null ? interceptor.keyRules() : settings.replay.effectiveKeyRules();
  }

  /** A client carrying the interceptor. */
  synchronized OkHttpClient client() {
    if (client == null) client = new OkHttpClient.Builder().addInterceptor(interceptor()).build();
    return client;
  }

  /** A started loopback server answering through the interceptor (and its fixture index). */
  synchronized ReplayServer server() throws IOException {
    if (server == null) {
      ReplayServer.Builder b = ReplayServer.builder().interceptor(interceptor());
      if (settings.target != null) b.target(settings.target);
      server = b.build().start();
    }
    return server;
  }

  /** Whether anything was handed out (so there is usage to record). */
  synchronized boolean used() {
    return interceptor != null;
  }

  /** True the first time only: the misses are reported once, by whoever gets here first. */
  synchronized boolean claimMissReport() {
    if (missesReported) return false;
    missesReported = true;
    return true;
  }

  /** Stops the server and the client's threads; idempotent. */
  synchronized void close() {
    if (closed) return;
    closed = true;
    if (server != null) server.close();
    if (client != null) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  private void checkOpen() {
    if (closed)
      throw new IllegalStateException(
          "llm-replay: " + scope.id() + " has finished; its recordings are closed");
  }
}
