package dev.llmreplay.internal.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.KeyRules;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.fixture.FileLabel;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.FixtureFormatException;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.key.Endpoints;
import dev.llmreplay.internal.match.MissReports;
import dev.llmreplay.internal.replay.Replayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code llm-replay explain}: how a request is keyed, and why it does (not) match a fixture. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    header = "Show how a request is keyed, and why it does or does not match.",
    versionProvider = Main.ManifestVersion.class,
    description = {
      "Prints the exact canonical JSON that is hashed for a request, and its key. With --dir, "
          + "also the fixture it matches, or the nearest fixture and what differs: the tool for "
          + "\"why does my request not match?\".",
      "The input is a request body (sent to --method and --path) or a fixture-shaped "
          + "{\"request\": {...}} document. Exit code 0 when it matches (or without --dir), 1 "
          + "when --dir holds no fixture for it, 2 on errors.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llm-replay explain body.json",
      "  llm-replay explain body.json --dir recordings --path /v1/messages",
      "  llm-replay explain recordings/3f9a1c2b4d5e.json",
      "  llm-replay explain --scheme ogx tests/integration/recordings/0a2adfcb...d2a.json",
      "  pbpaste | llm-replay explain - --dir recordings"
    })
final class ExplainCommand implements Callable<Integer> {
  static final String HOW_TO_RECORD =
      "To record it, serve in record-missing mode against the real API:\n"
          + "  llm-replay serve DIR --mode record-missing --target https://api.openai.com";

  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin KeyOptions keys;

  @Parameters(
      index = "0",
      paramLabel = "REQUEST",
      description = "A JSON file with the request body or a fixture; - reads standard input.")
  String input;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Fixture directory to match against (shows the nearest fixture on a miss).")
  Path dir;

  @Option(
      names = "--method",
      paramLabel = "METHOD",
      description = "HTTP method of a bare body (default: POST); overrides a fixture's.")
  String method;

  @Option(
      names = "--path",
      paramLabel = "PATH",
      description =
          "URL path (and query) of a bare body (default: /v1/chat/completions); overrides "
              + "a fixture's URL.")
  String path;

  @Option(
      names = "--scheme",
      paramLabel = "SCHEME",
      description =
          "The key scheme: default (llm-replay's key), or ogx (OGX's: raw URL path, normalized "
              + "body and the recording's test_id; the full 64-hex key is its file name, and is "
              + "printed alone on the first line).")
  String scheme = "default";

  @Option(
      names = "--test-id",
      paramLabel = "ID",
      description =
          "With --scheme ogx: the test id (pytest node id) a bare body is keyed with; a "
              + "recording is keyed with its own test_id.")
  String testId;

  @Override
  public Integer call() throws IOException {
    if (dir != null && !Files.isDirectory(dir)) throw new CliException("no such directory: " + dir);
    String label = input.equals("-") ? "<stdin>" : input;
    byte[] bytes = read();
    JsonNode parsed = parse(label, bytes);
    Path storeDir = dir != null ? dir : Path.of("recordings");
    boolean ogx = isOgx(scheme);
    boolean fixture = isFixture(parsed);
    if (ogx && !fixture && testId == null) {
      throw new CliException(
          label + ": a bare body has no test_id: give --test-id under --scheme ogx");
    }
    KeyRules base = ogx ? KeyRules.ogx(testId != null ? testId : "") : KeyRules.defaults();
    Replayer replayer = keys.replayer(storeDir, base);
    KeyRules rules = replayer.settings().effectiveKeyRules();

    RequestKey key;
    String requestPath;
    String shape;
    String keyedTestId = testId;
    if (fixture) {
      RecordedRequest request = fixtureRequest(label, (ObjectNode) parsed);
      keyedTestId = request.testId();
      if (method != null) request = request.newBuilder().method(method).build();
      if (path != null) request = request.newBuilder().url(path).build();
      key = replayer.store().keyOf(request);
      requestPath = Endpoints.pathOfUrl(request.url());
      shape = "fixture request";
    } else {
      String m = method != null ? method : "POST";
      String p = path != null ? path : "/v1/chat/completions";
      requestPath = Endpoints.pathOfUrl(p);
      key = replayer.keys().keyOf(m, requestPath, Endpoints.queryOfUrl(p), bytes);
      shape = "request body";
    }

    PrintWriter out = spec.commandLine().getOut();
    List<String> lines = new ArrayList<>();
    if (ogx) lines.add(key.hex()); // alone, for scripts
    lines.add(pad("input") + label + " (" + shape + ")");
    lines.add(pad("method") + key.method());
    lines.add(pad("endpoint") + key.endpoint());
    if (ogx) lines.add(pad("test id") + (keyedTestId == null ? "(none)" : keyedTestId));
    if (!rules.ignoredBodyFields().isEmpty()) {
      lines.add(pad("ignored") + String.join(", ", rules.ignoredBodyFields()));
    }
    lines.add(pad("key") + key.hex());
    // Not a file that exists: the name a recording of this request would get.
    lines.add(
        pad("new file")
            + (ogx ? key.hex() : key.shortHex())
            + ".json (what a recording of it would be named)");
    lines.add("");
    lines.add("Canonical JSON (these exact UTF-8 bytes are hashed with SHA-256):");
    lines.add(key.canonicalJson());
    int exit = Main.EXIT_OK;
    if (dir != null) {
      FixtureStore store = replayer.store();
      Optional<FixtureStore.Entry> hit = store.find(key);
      lines.add("");
      if (hit.isPresent()) {
        lines.add(pad("match") + FileLabel.of(hit.get().file()));
      } else {
        lines.add(MissReports.forStore(store, key, requestPath, null, HOW_TO_RECORD));
        exit = Main.EXIT_FINDINGS;
      }
    }
    lines.forEach(out::println);
    out.flush();
    return exit;
  }

  private static boolean isOgx(String scheme) {
    switch (scheme.toLowerCase(Locale.ROOT)) {
      case "ogx":
        return true;
      case "default":
        return false;
      default:
        throw new CliException("unknown --scheme " + scheme + ": use default or ogx");
    }
  }

  private byte[] read() throws IOException {
    if (input.equals("-")) {
      InputStream in = main.stdin();
      return in.readAllBytes();
    }
    Path file = Path.of(input);
    if (Files.isDirectory(file))
      throw new CliException(input + " is a directory, not a request file");
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException("no such file: " + input);
    }
  }

  private static JsonNode parse(String label, byte[] bytes) {
    try {
      JsonNode node = Json.parse(bytes);
      if (node == null || node.isMissingNode())
        throw new CliException(label + ": empty input, expected JSON");
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new CliException(
          Main.location(
                  label, loc == null ? -1 : loc.getLineNr(), loc == null ? -1 : loc.getColumnNr())
              + ": invalid JSON: "
              + OneLine.of(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new CliException(label + ": " + e.getMessage());
    }
  }

  /** A document with a {@code request} object naming a method or URL is a fixture, not a body. */
  private static boolean isFixture(JsonNode node) {
    JsonNode request = node.get("request");
    return node.isObject()
        && request != null
        && request.isObject()
        && (request.has("method") || request.has("url") || request.has("endpoint"));
  }

  /** The request read exactly as the fixture index reads it (the response is not needed). */
  private static RecordedRequest fixtureRequest(String label, ObjectNode fixture)
      throws IOException {
    // The codec wants a response too; a placeholder stands in for whatever the input holds.
    ObjectNode copy = fixture.deepCopy();
    copy.remove("responses");
    copy.putObject("response");
    byte[] bytes = Json.compact(copy).getBytes(StandardCharsets.UTF_8);
    try {
      return FixtureCodec.read(Path.of(label.equals("<stdin>") ? "stdin" : label), bytes).request();
    } catch (FixtureFormatException e) {
      throw new CliException(label + ": " + e.problem());
    }
  }

  private static String pad(String label) {
    return String.format(Locale.ROOT, "%-10s", label);
  }
}
