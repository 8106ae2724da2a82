package dev.llmreplay.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.mockserver.integration.ClientAndServer;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark suite: replay latency (JMH, every contender in the same run), cold start in fresh
 * JVMs, the per-test cost of {@code @LlmReplay}, and retained heap. Prints one markdown table for
 * the README's "Performance" section and writes it to {@code target/bench/results.md}.
 *
 * <pre>
 * mvn -Pbench test-compile exec:exec                      # the full run, about 10 minutes
 * mvn -Pbench test-compile exec:exec -Dbench.args=quick   # a smoke run, about 2 minutes
 * mvn -Pbench test-compile exec:exec -Dbench.args="parts=latency forks=3"
 * </pre>
 *
 * Arguments: {@code quick}; {@code parts=latency,coldstart,pertest,memory} (default all); {@code
 * forks=N} (JMH forks per benchmark, default 2; 0 runs every contender in this one JVM, which JMH
 * warns against: their call sites then share profiles); {@code runs=N} (fresh JVMs per cold-start
 * set, default 10); {@code rounds=N} (per-test rounds in one JVM, default 8). Or {@code jmh}
 * followed by JMH's own arguments, such as {@code jmh ReplayLatency.interceptor -prof stack}.
 */
public final class BenchSuite {
  static final Path OUT = Path.of("target", "bench").toAbsolutePath();

  private BenchSuite() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      // JMH's own command line, for digging into one benchmark: jmh ReplayLatency.interceptor
      // -prof stack
      org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    Map<String, String> opts = new LinkedHashMap<>();
    for (String a : args) {
      if (a.isBlank()) continue;
      int eq = a.indexOf('=');
      opts.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "" : a.substring(eq + 1));
    }
    if (opts.containsKey("help")) {
      System.out.println(
          "arguments: quick | parts=latency,coldstart,pertest,memory | forks=N | runs=N |"
              + " rounds=N, or: jmh JMH-ARGUMENTS...");
      return;
    }
    boolean quick = opts.containsKey("quick");
    Set<String> parts =
        Set.of(opts.getOrDefault("parts", "latency,coldstart,pertest,memory").split(","));
    int forks = Integer.parseInt(opts.getOrDefault("forks", quick ? "1" : "2"));
    int runs = Integer.parseInt(opts.getOrDefault("runs", quick ? "3" : "10"));
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", quick ? "3" : "8"));
    Files.createDirectories(OUT);

    String machine =
        String.format(
            Locale.ROOT,
            "%d cores, Java %s (%s), load average %s at the start",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"),
            loadAverage());
    System.out.println("llm-replay benchmark suite: " + machine + (quick ? " (quick)" : ""));
    List<String[]> rows = new ArrayList<>();
    if (parts.contains("latency")) rows.addAll(latency(forks, quick));
    if (parts.contains("coldstart")) rows.addAll(coldStart(runs));
    if (parts.contains("pertest")) rows.addAll(perTest(rounds));
    if (parts.contains("memory")) rows.addAll(memory());

    StringBuilder md = new StringBuilder();
    md.append("| what | measured | relative | allocated per call |\n|---|---|---|---|\n");
    for (String[] r : rows) md.append("| ").append(String.join(" | ", r)).append(" |\n");
    md.append('\n')
        .append(machine)
        .append(", ")
        .append(loadAverage())
        .append(" at the end")
        .append(quick ? "; quick run (short JMH iterations, few cold starts): rough figures" : "")
        .append(".\n");
    Files.writeString(OUT.resolve("results.md"), md);
    System.out.println();
    System.out.print(md);
    System.out.println("(also in " + Path.of("").toAbsolutePath().relativize(OUT) + "/results.md)");
  }

  // ---- 1. Replay latency -------------------------------------------------------------------

  private static final String[][] ROUTES = {
    {"floor", "floor (an interceptor returning prebuilt bytes, no socket)"},
    {"interceptor", "`RecordReplayInterceptor`"},
    {"replayServer", "`ReplayServer` (an OkHttp client over loopback)"},
    {"mockWebServer", "MockWebServer %okhttp (TCP_NODELAY)"},
    {"wireMock", "WireMock %wiremock (static body)"},
    {"mockServer", "MockServer %mockserver (mockserver-netty)"},
  };

  private static List<String[]> latency(int forks, boolean quick) throws Exception {
    Path log = OUT.resolve("jmh.log");
    System.out.println(
        "replay latency: JMH, "
            + ROUTES.length
            + " benchmarks x "
            + forks
            + " fork(s), -prof gc (log: "
            + log
            + ")");
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(ReplayLatency.class.getName() + ".")
            .forks(forks)
            // MockServer logs through SLF4J, which finds no provider here and says so.
            .jvmArgsAppend("-Xms1g", "-Xmx1g", "-Dslf4j.internal.verbosity=ERROR")
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true)
            .output(log.toString());
    if (quick) {
      options
          .warmupIterations(2)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(3)
          .measurementTime(TimeValue.seconds(1));
    } else {
      options
          .warmupIterations(5)
          .warmupTime(TimeValue.seconds(2))
          .measurementIterations(5)
          .measurementTime(TimeValue.seconds(2));
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    Map<String, double[]> byName = new LinkedHashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      double median = r.getPrimaryResult().getStatistics().getPercentile(50);
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      byName.put(name, new double[] {median, alloc == null ? Double.NaN : alloc.getScore()});
    }
    double floor = byName.get("floor")[0];
    double mockWeb = byName.get("mockWebServer")[0];
    List<String[]> rows = new ArrayList<>();
    for (String[] route : ROUTES) {
      double[] m = byName.get(route[0]);
      rows.add(
          new String[] {
            "replay the seed: " + versions(route[1]),
            micros(m[0]) + " median",
            String.format(
                Locale.ROOT,
                "%s× floor, %s× MockWebServer",
                ratio(m[0] / floor),
                ratio(m[0] / mockWeb)),
            kilobytes(m[1])
          });
    }
    return rows;
  }

  // ---- 2. Cold start -----------------------------------------------------------------------

  private static List<String[]> coldStart(int runs) throws Exception {
    System.out.println("cold start: generating fixtures under " + Fixtures.ROOT);
    String[] llama = Fixtures.llamaRequest();
    Path seedBody = OUT.resolve("seed-request.json");
    Files.writeString(seedBody, Seed.body(Fixtures.seedPrompt(0)));
    Path llamaBody = OUT.resolve("llama-request.json");
    Files.writeString(llamaBody, llama[1]);
    List<Object[]> sets = new ArrayList<>(); // label, dir, path, body file
    Path seed10k = Fixtures.seedShaped(10_000);
    sets.add(new Object[] {"1 seed-shaped fixture", Fixtures.seedShaped(1), Seed.PATH, seedBody});
    sets.add(
        new Object[] {
          "1,000 seed-shaped fixtures", Fixtures.seedShaped(1_000), Seed.PATH, seedBody
        });
    sets.add(new Object[] {"10,000 seed-shaped fixtures", seed10k, Seed.PATH, seedBody});
    sets.add(
        new Object[] {
          "the 154 llama-stack recordings", Fixtures.llamaStack(), llama[0], llamaBody
        });
    sets.add(
        new Object[] {
          "3,159 llama-stack recordings (the 154, replicated with varied bodies)",
          Fixtures.llamaReplicated(),
          llama[0],
          llamaBody
        });
    System.out.println(
        "cold start: " + runs + " fresh JVMs per set, interleaved, after one untimed run each");
    double[][] wall = new double[sets.size()][runs];
    double[][] cpu = new double[sets.size()][runs];
    for (Object[] set : sets) coldRun(set, new double[1], 0); // also checks each set replays
    for (int run = 0; run < runs; run++) {
      for (int k = 0; k < sets.size(); k++) {
        int i = (k + run) % sets.size();
        wall[i][run] = coldRun(sets.get(i), cpu[i], run);
      }
    }
    List<String[]> rows = new ArrayList<>();
    double reference = median(wall[0]);
    double cpuReference = median(cpu[0]);
    for (int i = 0; i < sets.size(); i++) {
      Object[] set = sets.get(i);
      double[] w = wall[i].clone();
      Arrays.sort(w);
      String size = i == 0 ? "" : " (" + megabytes(Fixtures.sizeOf((Path) set[1])) + ")";
      rows.add(
          new String[] {
            "fresh JVM, build the interceptor, first replay: " + set[0] + size,
            String.format(
                Locale.ROOT,
                "%.2f s median (%.2f–%.2f); CPU %.2f s",
                median(w),
                w[0],
                w[w.length - 1],
                median(cpu[i])),
            i == 0
                ? "(reference)"
                : String.format(
                    Locale.ROOT,
                    "%+.2f s over 1 fixture (CPU %+.2f s)",
                    median(w) - reference,
                    median(cpu[i]) - cpuReference),
            ""
          });
    }
    return rows;
  }

  /**
   * Seconds from launching the JVM to its exit; {@code cpu[run]} gets the CPU seconds the process
   * had used when main was done.
   */
  private static double coldRun(Object[] set, double[] cpu, int run) throws Exception {
    long t0 = System.nanoTime();
    List<String> out =
        Jvm.run(List.of(), ColdStart.class, set[1].toString(), (String) set[2], set[3].toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    cpu[run] = Long.parseLong(Jvm.result(out).get("cpu_ms")) / 1e3;
    return seconds;
  }

  // ---- 3. Per-test overhead ----------------------------------------------------------------

  private static List<String[]> perTest(int rounds) throws Exception {
    System.out.println(
        "per-test overhead: 2 x " + PerTestOverhead.TESTS + " tests, " + rounds + " rounds");
    Path work = Fixtures.ROOT.resolve("per-test");
    Map<String, String> r =
        Jvm.result(
            Jvm.run(
                List.of("-Dllmreplay.ledger=" + work.resolve("usage.json")),
                PerTestOverhead.class,
                Fixtures.seedOnly().toString(),
                work.toString(),
                Integer.toString(rounds)));
    double extension = Double.parseDouble(r.get("llmreplay_ms"));
    double shared = Double.parseDouble(r.get("shared_ms"));
    double extensionCpu = Double.parseDouble(r.get("llmreplay_cpu_ms"));
    double sharedCpu = Double.parseDouble(r.get("shared_cpu_ms"));
    int n = PerTestOverhead.TESTS;
    return List.of(
        new String[] {
          n
              + " `@Test`s each replaying the seed through the `@LlmReplay`-injected `OkHttpClient`"
              + " (JUnit Platform, warm)",
          String.format(Locale.ROOT, "%.0f ms; CPU %.0f ms", extension, extensionCpu),
          String.format(
              Locale.ROOT,
              "%+.2f ms per test over one shared interceptor (CPU %+.2f ms)",
              (extension - shared) / n,
              (extensionCpu - sharedCpu) / n),
          ""
        },
        new String[] {
          "the same " + n + " through one shared interceptor",
          String.format(Locale.ROOT, "%.0f ms; CPU %.0f ms", shared, sharedCpu),
          "(reference)",
          ""
        });
  }

  // ---- 4. Memory ---------------------------------------------------------------------------

  private static List<String[]> memory() throws Exception {
    System.out.println("memory: retained heap, 10,000 seed-shaped fixtures");
    Path dir = Fixtures.seedShaped(10_000);
    Map<String, String> r = Jvm.result(Jvm.run(List.of(), Memory.class, dir.toString(), "1000"));
    long indexed = Long.parseLong(r.get("indexed_bytes"));
    long replayed = Long.parseLong(r.get("replayed_bytes"));
    long onDisk = Fixtures.sizeOf(dir);
    return List.of(
        new String[] {
          "retained heap after indexing 10,000 seed-shaped fixtures (" + megabytes(onDisk) + ")",
          megabytes(indexed),
          String.format(Locale.ROOT, "%s per fixture", kilobytes(indexed / 10_000.0)),
          ""
        },
        new String[] {
          "retained heap after replaying 1,000 of them",
          megabytes(replayed),
          String.format(
              Locale.ROOT,
              "%s per replayed fixture over the index",
              kilobytes((replayed - indexed) / 1_000.0)),
          ""
        });
  }

  // ---- formatting --------------------------------------------------------------------------

  private static String versions(String label) {
    return label
        .replace("%okhttp", versionOf(OkHttpClient.class))
        .replace("%wiremock", versionOf(WireMockServer.class))
        .replace("%mockserver", versionOf(ClientAndServer.class));
  }

  /** The version in the name of the jar a class came from. */
  static String versionOf(Class<?> c) {
    CodeSource source = c.getProtectionDomain().getCodeSource();
    if (source != null) {
      Matcher m =
          Pattern.compile("-(\\d+(\\.\\d+)+)\\.jar$").matcher(source.getLocation().getPath());
      if (m.find()) return m.group(1);
    }
    String v = c.getPackage().getImplementationVersion();
    return v == null ? "?" : v;
  }

  private static String micros(double us) {
    return String.format(Locale.ROOT, us < 100 ? "%.1f µs" : "%,.0f µs", us);
  }

  private static String ratio(double x) {
    return String.format(Locale.ROOT, x < 10 ? "%.2f" : "%,.0f", x);
  }

  /** Decimal units throughout (1 kB = 1,000 bytes), as the issue counts its 225 MB. */
  private static String kilobytes(double bytes) {
    if (Double.isNaN(bytes)) return "?";
    return String.format(Locale.ROOT, bytes < 10e3 ? "%.1f kB" : "%,.0f kB", bytes / 1e3);
  }

  private static String megabytes(double bytes) {
    return String.format(Locale.ROOT, bytes < 10e6 ? "%.1f MB" : "%,.0f MB", bytes / 1e6);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
