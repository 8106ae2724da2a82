package dev.llmreplay.internal.cli;

import dev.llmreplay.Faults;
import dev.llmreplay.Mode;
import dev.llmreplay.Pacing;
import dev.llmreplay.RecordReplayInterceptor;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.fixture.FileLabel;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.replay.Replayer;
import dev.llmreplay.server.ReplayServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code llm-replay serve}: answers HTTP calls from the recordings until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    header = "Serve the fixtures over HTTP, for SDKs, Python, Node or curl.",
    versionProvider = Main.ManifestVersion.class,
    description = {
      "Serves the fixtures over HTTP on loopback, for clients that cannot take the OkHttp "
          + "interceptor (SDKs, Python, Node, curl): point their base URL at the printed URL.",
      "Prints the URL, then one line per request (time, method, path, HIT/MISS/RECORDED, fixture "
          + "file, duration). A miss answers 404 with an OpenAI-shaped error naming the nearest "
          + "fixture. Runs until Ctrl-C.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llm-replay serve recordings",
      "  llm-replay serve recordings --port 0 --pacing recorded",
      "  llm-replay serve recordings --mode record-missing --target https://api.openai.com",
      "  llm-replay serve recordings --mode record-missing --normalize-volatile \\",
      "      --target https://api.openai.com",
      "  llm-replay serve recordings --faults 'status=429,retry-after=1@first=2;cut-after=5'",
      "",
      "  curl -N http://127.0.0.1:8787/v1/chat/completions -H 'Content-Type: application/json' \\",
      "       -d '{\"model\": \"gpt-4o-mini\", \"messages\": [...], \"stream\": true}'"
    })
final class ServeCommand implements Callable<Integer> {
  /** The port the README's examples use. */
  static final int DEFAULT_PORT = 8787;

  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin KeyOptions keys;

  @Parameters(
      paramLabel = "DIR",
      arity = "0..*",
      description =
          "Recordings directories (default: recordings), looked up in the order given;"
              + " new recordings go to the first.")
  List<Path> dirs = new ArrayList<>();

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port to listen on; 0 picks a free one (default: " + DEFAULT_PORT + ").")
  int port = DEFAULT_PORT;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Address to bind (default: 127.0.0.1, this machine only).")
  String host = "127.0.0.1";

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      description = "replay (default), record, record-missing or live. Recording needs --target.")
  String mode = "replay";

  @Option(
      names = "--target",
      paramLabel = "[/PATH=]URL",
      description =
          "Upstream base URL for record, record-missing and live, e.g. https://api.openai.com;"
              + " repeat with a path prefix for per-path upstreams, e.g."
              + " --target /v1/messages=https://api.anthropic.com (longest prefix wins).")
  List<String> targetSpecs = new ArrayList<>();

  String target;
  final java.util.Map<String, String> pathTargets = new java.util.LinkedHashMap<>();

  @Option(
      names = "--pacing",
      paramLabel = "PACING",
      description =
          "Stream pacing: none (default), recorded, recorded:0.5 (twice as fast) or fixed:20ms.")
  String pacing = "none";

  @Option(
      names = "--normalize-volatile",
      description =
          "When recording, write response ids as rec-<hash>, created as 0 (and so on), so that"
              + " re-recording an unchanged answer leaves the fixture byte-identical.")
  boolean normalize;

  @Option(
      names = "--faults",
      paramLabel = "SPEC",
      description =
          "Faults injected into the answers, rules separated by ';', each ACTION[@SCOPE]:"
              + " status=CODE[,retry-after=SECONDS], cut-after=N, eof-after=N,"
              + " error-event-after=N, stall-after=N:DURATION, delay=DURATION; scopes @first=K,"
              + " @call=K, @every=K, @rate=P:SEED, @path=PREFIX. Fixtures are never changed.")
  String faults = "none";

  @Option(
      names = "--record-failures",
      description =
          "While recording, write a live stream that fails mid-way with the events received and"
              + " its failure (replayed as such); by default nothing is written.")
  boolean recordFailures;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Mode m = parse(() -> Mode.parse(mode), "--mode");
    Pacing p = parse(() -> Pacing.parse(pacing), "--pacing");
    Faults f = parse(() -> Faults.parse(faults), "--faults");
    if (port < 0 || port > 65535) throw new CliException("--port must be 0..65535, got " + port);
    if (host == null || host.isBlank()) {
      throw new CliException("--host must name an address, e.g. 127.0.0.1 (this machine only)");
    }
    for (String spec : targetSpecs) {
      int eq = spec.indexOf('=');
      if (spec.startsWith("/") && eq > 0) {
        String url = spec.substring(eq + 1);
        checkTarget(url);
        pathTargets.put(spec.substring(0, eq), url);
      } else if (target == null) {
        checkTarget(spec);
        target = spec;
      } else {
        throw new CliException(
            "--target given twice without a path: "
                + target
                + " and "
                + spec
                + " (use --target /PATH=URL for per-path upstreams)");
      }
    }
    if (m != Mode.REPLAY && target == null && pathTargets.isEmpty()) {
      throw new CliException(
          "--mode "
              + m.id()
              + " calls the real API: give it with --target URL"
              + " (e.g. --target https://api.openai.com)");
    }
    Path dir = dirs.isEmpty() ? Path.of("recordings") : dirs.get(0);
    if (!Files.isDirectory(dir)) {
      if (m.isWritable()) {
        Files.createDirectories(dir);
      } else {
        throw new CliException("no such directory: " + dir);
      }
    }
    List<Path> more = dirs.size() > 1 ? dirs.subList(1, dirs.size()) : List.of();
    for (Path d : more) {
      if (!Files.isDirectory(d)) throw new CliException("no such directory: " + d);
    }
    // Looked up in the order given; new recordings go to the first directory.
    Replayer replayer =
        Access.replayer(
            keys.settings(dir)
                .fallbackRecordings(more)
                .mode(m)
                .pacing(p)
                .normalizeVolatileFields(normalize)
                .faults(f)
                .recordFailures(recordFailures)
                .build());
    // The server answers from this very index, so the counts below are what it serves.
    RecordReplayInterceptor interceptor = Access.bridge().interceptor(replayer);
    int fixtures = 0;
    int unreadable = 0;
    for (FixtureStore store : replayer.stores()) {
      fixtures += store.entries().size();
      unreadable += store.problems().size();
    }
    List<Path> all = new ArrayList<>();
    all.add(dir);
    all.addAll(more);
    String served = String.join(", ", all.stream().map(FileLabel::of).toArray(String[]::new));

    ReplayServer server;
    try {
      server =
          withPathTargets(ReplayServer.builder())
              .interceptor(interceptor)
              .target(target)
              .host(host)
              .port(port)
              .log(line -> log(out, line))
              .build()
              .start();
    } catch (BindException e) {
      throw new CliException(
          "cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); use --port 0 or another port");
    } catch (IOException e) {
      throw new CliException(
          "cannot start the server on " + host + ":" + port + ": " + e.getMessage());
    }
    try {
      out.println(
          "llm-replay serving "
              + served
              + " ("
              + fixtures
              + " fixture"
              + (fixtures == 1 ? "" : "s")
              + ", mode "
              + m.id()
              + (target != null ? ", target " + target : "")
              + (f.isNone() ? "" : ", faults " + f)
              + pathTargets.entrySet().stream()
                  .map(e -> ", target " + e.getKey() + "=" + e.getValue())
                  .collect(java.util.stream.Collectors.joining())
              + ") at "
              + server.baseUrl());
      if (!isLoopback(host)) {
        err.println(
            "WARNING: listening on "
                + host
                + ", beyond this machine: anyone who can reach it gets the recorded responses"
                + (m.isWritable() || m == Mode.LIVE
                    ? " and, in mode " + m.id() + ", calls the real API with your key"
                    : "")
                + ". Use --host 127.0.0.1 unless that is what you want.");
      }
      if (unreadable > 0) {
        err.println(
            "warning: "
                + unreadable
                + " fixture file"
                + (unreadable == 1 ? "" : "s")
                + " cannot be read; run: llm-replay verify "
                + String.join(" ", all.stream().map(FileLabel::of).toArray(String[]::new)));
      }
      if (main.terminal()) out.println("Press Ctrl-C to stop.");
      out.flush();
      main.serveWait().await(server);
    } finally {
      server.close();
    }
    return Main.EXIT_OK;
  }

  private static void log(PrintWriter out, String line) {
    // Handler threads log concurrently; one println per line keeps lines whole.
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** Whether {@code host} is this machine only (127.0.0.1, ::1, localhost). */
  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void checkTarget(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() != null
          && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
          && uri.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // falls through to the message
    }
    throw new CliException(
        "--target must be an http(s) URL such as https://api.openai.com, got '" + url + "'");
  }

  private ReplayServer.Builder withPathTargets(ReplayServer.Builder b) {
    pathTargets.forEach(b::target);
    return b;
  }

  private static <T> T parse(java.util.function.Supplier<T> parser, String option) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new CliException(option + ": " + e.getMessage());
    }
  }
}
