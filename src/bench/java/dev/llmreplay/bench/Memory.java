package dev.llmreplay.bench;

import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Path;
import okhttp3.OkHttpClient;

/**
 * Retained heap, run in a fresh JVM by {@link BenchSuite}: after building the interceptor over a
 * directory of seed-shaped fixtures and replaying one (the index is then built, however lazily),
 * and after replaying the first {@code REPLAYS} of them. Heap in use after full collections,
 * against the same figure before the interceptor existed.
 *
 * <pre>
 * java -cp ... dev.llmreplay.bench.Memory DIR REPLAYS
 * </pre>
 */
public final class Memory {
  private Memory() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int replays = Integer.parseInt(args[1]);
    // Load OkHttp and the JDK's HTTP pieces first, so the baseline holds their statics.
    OkHttpClient plain = new OkHttpClient();
    Seed.request(Seed.NOWHERE).body().contentLength();
    long baseline = retained();

    RecordReplayInterceptor interceptor =
        RecordReplayInterceptor.builder().recordings(dir).mode(Mode.REPLAY).build();
    OkHttpClient client = plain.newBuilder().addInterceptor(interceptor).build();
    Seed.call(client, Seed.request(Seed.NOWHERE, Fixtures.seedPrompt(0)));
    long indexed = retained();

    for (int i = 0; i < replays; i++) {
      Seed.call(client, Seed.request(Seed.NOWHERE, Fixtures.seedPrompt(i)));
    }
    long replayed = retained();
    Reference.reachabilityFence(client);
    Reference.reachabilityFence(interceptor);
    System.out.printf(
        "RESULT baseline_bytes=%d indexed_bytes=%d replayed_bytes=%d replays=%d%n",
        baseline, indexed - baseline, replayed - baseline, replays);
  }

  /** Heap in use after full collections, once it stops going down. */
  static long retained() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      long used = memory.getHeapMemoryUsage().getUsed();
      if (used >= best) break;
      best = used;
    }
    return best;
  }
}
