package dev.llmreplay.bench;

import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * One cold start, run in a fresh JVM by {@link BenchSuite}: build the interceptor over a directory
 * and replay one fixture from it, then exit. Prints how long main took from the JVM's own start
 * time and the process's CPU time; the suite times the whole process from the outside.
 *
 * <pre>
 * java -cp ... dev.llmreplay.bench.ColdStart DIR PATH BODY_FILE
 * </pre>
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    long mainStart = System.currentTimeMillis();
    Path dir = Path.of(args[0]);
    String path = args[1];
    String body = Files.readString(Path.of(args[2]));
    RecordReplayInterceptor interceptor =
        RecordReplayInterceptor.builder().recordings(dir).mode(Mode.REPLAY).build();
    OkHttpClient client = new OkHttpClient.Builder().addInterceptor(interceptor).build();
    long built = System.currentTimeMillis();
    Request request =
        new Request.Builder()
            .url(Seed.NOWHERE + path)
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    byte[] bytes = Seed.call(client, request);
    long done = System.currentTimeMillis();
    if (bytes.length == 0) throw new IllegalStateException("empty replay");
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    // CPU time of the whole process so far (all threads: JIT, GC, main): on a shared machine it
    // says more than wall time about the work done.
    long cpuNanos =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    System.out.printf(
        "RESULT jvm_to_main_ms=%d build_ms=%d first_replay_ms=%d jvm_to_done_ms=%d cpu_ms=%d"
            + " bytes=%d%n",
        mainStart - jvmStart,
        built - mainStart,
        done - built,
        done - jvmStart,
        cpuNanos / 1_000_000,
        bytes.length);
  }
}
