package dev.llmreplay.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.llmreplay.Mode;
import dev.llmreplay.RecordReplayInterceptor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import okhttp3.OkHttpClient;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * What {@code @LlmReplay} costs a test, run in a fresh JVM by {@link BenchSuite}: two generated
 * classes of {@value #TESTS} {@code @Test} methods each replay the seed once, one through the
 * {@code OkHttpClient} the extension injects, the other through one client with one interceptor
 * shared by all. Both run on the JUnit Platform through the launcher, alternately, several rounds
 * in this JVM; the last round counts (the JIT and the class loading are done by then).
 *
 * <pre>
 * java -cp ... dev.llmreplay.bench.PerTestOverhead SEED_DIR WORK_DIR ROUNDS
 * </pre>
 */
public final class PerTestOverhead {
  static final int TESTS = 300;
  private static final String PACKAGE = "dev.llmreplay.bench.generated";

  private static volatile OkHttpClient shared;

  private PerTestOverhead() {}

  /** What every generated test does: one call for the seed, its stream read to the end. */
  public static void replaySeed(OkHttpClient client) throws IOException {
    Seed.call(client, Seed.request(Seed.NOWHERE));
  }

  /** The one client of the shared-interceptor class (built by its first test). */
  public static OkHttpClient sharedClient() {
    OkHttpClient c = shared;
    if (c == null) {
      synchronized (PerTestOverhead.class) {
        if (shared == null) {
          Path dir = Path.of(System.getProperty("bench.seedDir"));
          shared =
              new OkHttpClient.Builder()
                  .addInterceptor(
                      RecordReplayInterceptor.builder().recordings(dir).mode(Mode.REPLAY).build())
                  .build();
        }
        c = shared;
      }
    }
    return c;
  }

  public static void main(String[] args) throws Exception {
    Path seedDir = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    int rounds = Integer.parseInt(args[2]);
    System.setProperty("bench.seedDir", seedDir.toString());

    Path src = work.resolve("src");
    Path classes = work.resolve("classes");
    Files.createDirectories(src);
    Files.createDirectories(classes);
    Path withExtension = write(src, "ThreeHundredLlmReplayTest", seedDir, true);
    Path withShared = write(src, "ThreeHundredSharedTest", seedDir, false);
    compile(classes, withExtension, withShared);

    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, PerTestOverhead.class.getClassLoader())) {
      Class<?> extension = loader.loadClass(PACKAGE + ".ThreeHundredLlmReplayTest");
      Class<?> sharedOne = loader.loadClass(PACKAGE + ".ThreeHundredSharedTest");
      Launcher launcher = LauncherFactory.create();
      double[] a = null;
      double[] b = null;
      for (int round = 1; round <= rounds; round++) {
        // Alternate which goes first, so neither always runs right after the other's garbage.
        boolean extensionFirst = round % 2 == 1;
        if (extensionFirst) a = run(launcher, extension);
        b = run(launcher, sharedOne);
        if (!extensionFirst) a = run(launcher, extension);
        System.out.printf(
            Locale.ROOT,
            "round %d: @LlmReplay %.1f ms (CPU %.1f), shared interceptor %.1f ms (CPU %.1f)%n",
            round,
            a[0],
            a[1],
            b[0],
            b[1]);
      }
      System.out.printf(
          Locale.ROOT,
          "RESULT tests=%d llmreplay_ms=%.1f shared_ms=%.1f llmreplay_cpu_ms=%.1f"
              + " shared_cpu_ms=%.1f%n",
          TESTS,
          a[0],
          b[0],
          a[1],
          b[1]);
    }
  }

  /**
   * Runs one class's tests, failing unless every test passed: wall milliseconds, and the CPU
   * milliseconds of this thread (the one the tests run on), which a loaded machine disturbs less.
   */
  private static double[] run(Launcher launcher, Class<?> testClass) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
        listener);
    double[] ms = {
      (System.nanoTime() - t0) / 1e6, (threads.getCurrentThreadCpuTime() - cpu0) / 1e6
    };
    TestExecutionSummary summary = listener.getSummary();
    if (summary.getTestsSucceededCount() != TESTS || summary.getTotalFailureCount() != 0) {
      StringBuilder why = new StringBuilder();
      summary.getFailures().stream()
          .limit(3)
          .forEach(f -> why.append('\n').append(f.getException()));
      throw new IllegalStateException(
          testClass.getSimpleName()
              + ": "
              + summary.getTestsSucceededCount()
              + " of "
              + TESTS
              + " passed"
              + why);
    }
    return ms;
  }

  private static Path write(Path src, String name, Path seedDir, boolean extension)
      throws IOException {
    StringBuilder s = new StringBuilder();
    s.append("package ").append(PACKAGE).append(";\n\n");
    s.append("import dev.llmreplay.bench.PerTestOverhead;\n");
    s.append("import okhttp3.OkHttpClient;\n");
    s.append("import org.junit.jupiter.api.Test;\n\n");
    if (extension) {
      s.append("@dev.llmreplay.junit.LlmReplay(dir = ")
          .append(Seed.jsonString(seedDir.toString()))
          .append(")\n");
    }
    s.append("public class ").append(name).append(" {\n");
    for (int i = 0; i < TESTS; i++) {
      String method = String.format("replaysSeed%03d", i);
      if (extension) {
        s.append("  @Test public void ")
            .append(method)
            .append("(OkHttpClient client) throws Exception {\n")
            .append("    PerTestOverhead.replaySeed(client);\n  }\n");
      } else {
        s.append("  @Test public void ")
            .append(method)
            .append("() throws Exception {\n")
            .append("    PerTestOverhead.replaySeed(PerTestOverhead.sharedClient());\n  }\n");
      }
    }
    s.append("}\n");
    Path file = src.resolve(PACKAGE.replace('.', '/')).resolve(name + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, s);
    return file;
  }

  private static void compile(Path classes, Path... sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) throw new IllegalStateException("needs a JDK (no system Java compiler)");
    List<String> args = new ArrayList<>();
    args.add("-d");
    args.add(classes.toString());
    args.add("-cp");
    args.add(System.getProperty("java.class.path"));
    args.add("-proc:none");
    for (Path p : sources) args.add(p.toString());
    int rc = javac.run(null, null, null, args.toArray(new String[0]));
    if (rc != 0) throw new IllegalStateException("javac failed on the generated tests: " + rc);
  }
}
