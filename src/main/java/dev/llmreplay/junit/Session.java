package dev.llmreplay.junit;

import dev.llmreplay.RecordReplayInterceptor;
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
    this.dir = scope.dir(settings.root);
    this.fallbacks = scope.fallbacks(settings.root);
    this.recordings = new Recordings(settings.mode, dir, fallbacks);
  }

  /** The interceptor: reads the test's directory, then the ones above; records into the test's. */
  synchronized RecordReplayInterceptor interceptor() {
    checkOpen();
    if (interceptor == null) {
      interceptor =
          RecordReplayInterceptor.builder()
              .recordings(dir)
              .fallbackRecordings(fallbacks)
              // Subdirectories belong to other tests (invocations, methods, nested classes).
              .searchSubdirectories(false)
              .mode(settings.mode)
              .pacing(settings.pacing)
              .keyRules(settings.keyRules)
              .redactor(settings.redactor)
              .secretScanner(settings.scanner)
              .testName(scope.id())
              .faults(settings.faults)
              .recordFailures(settings.recordFailures)
              .listener(recordings.listener())
              .build();
    }
    return interceptor;
  }

  /** A client carrying the interceptor. */
  synchronized OkHttpClient client() {
    if (client == null) client = new OkHttpClient.Builder().addInterceptor(interceptor()).build();
    return client;
  }

  /** A started loopback server answering through the interceptor. */
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
