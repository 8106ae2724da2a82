package dev.llmreplay.internal.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.RequestKey;
import dev.llmreplay.SecretFinding;
import dev.llmreplay.SecretScanner;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.fixture.Body;
import dev.llmreplay.internal.fixture.FileLabel;
import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.FixtureFormatException;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.RecordedFailure;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.inspect.Transcript;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.key.Endpoints;
import dev.llmreplay.internal.key.OgxKeyScheme;
import dev.llmreplay.internal.key.PythonJson;
import dev.llmreplay.internal.key.Sha256;
import dev.llmreplay.internal.redact.Scanner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The checks behind {@code verify}. The file set, parse errors and duplicate keys come from the
 * same {@link FixtureStore} index the interceptor and server use; each indexed file is then read
 * whole once for the remaining checks.
 */
final class Verifier {
  /** A fixture named by its key: 12 hex characters, or all 64 when 12 collided. */
  private static final Pattern HASH_NAME = Pattern.compile("([0-9a-f]{12}|[0-9a-f]{64})\\.json");

  private final KeyOptions keys;
  private final Scanner scanner;
  private final Duration maxAge;
  private final Instant now;
  private final boolean recursiveLookup;

  /**
   * @param recursiveLookup judge duplicates as one store over each whole directory tree (an
   *     interceptor or {@code serve}); false: each directory is its own lookup scope, as the JUnit
   *     extension gives every test its own directory and a test never reads a sibling's
   */
  Verifier(
      KeyOptions keys,
      SecretScanner scanner,
      Duration maxAge,
      Instant now,
      boolean recursiveLookup) {
    this.keys = keys;
    this.scanner = Access.bridge().scanner(scanner);
    this.maxAge = maxAge;
    this.now = now;
    this.recursiveLookup = recursiveLookup;
  }

  /** What a run found over some directories. */
  static final class Result {
    int files;
    final List<Finding> findings = new ArrayList<>();
    final TreeSet<String> filesWithFindings = new TreeSet<>();
  }

  Result verify(List<Path> dirs, PrintWriter err, boolean terminal) {
    Result result = new Result();
    for (Path dir : dirs) {
      FixtureStore store = keys.replayer(dir).store();
      List<Path> files = new ArrayList<>();
      store.entries().forEach(e -> files.add(e.file()));
      for (FixtureFormatException p : store.problems()) {
        result.findings.add(parseError(p));
      }
      for (List<Path> pair : store.duplicates()) {
        files.add(pair.get(1));
        if (recursiveLookup) result.findings.add(duplicate(pair.get(0), pair.get(1)));
      }
      files.sort(null);
      // The first file of each (directory, key), in the order the store lists them.
      Map<List<String>, Path> firstInDirectory = new HashMap<>();
      result.files += files.size() + store.problems().size();
      try (Progress progress =
          Progress.start(err, terminal, "verify " + FileLabel.of(dir), files.size())) {
        for (Path file : files) {
          check(file, store, firstInDirectory, result.findings);
          progress.step();
        }
      }
    }
    result.findings.sort(Finding.ORDER);
    result.findings.forEach(f -> result.filesWithFindings.add(f.file()));
    return result;
  }

  private static Finding duplicate(Path first, Path second) {
    return new Finding(
        Finding.Kind.DUPLICATE_KEY,
        FileLabel.of(second),
        -1,
        -1,
        duplicateMessage(first, second),
        Map.of("other_file", FileLabel.of(first)));
  }

  private static String duplicateMessage(Path first, Path second) {
    boolean identical;
    try {
      identical = Files.mismatch(first, second) == -1;
    } catch (IOException e) {
      identical = false;
    }
    return identical
        ? "identical copy of " + FileLabel.of(first) + " (delete one of them)"
        : "same request key as "
            + FileLabel.of(first)
            + ", another response (only that one is replayed; delete one of them)";
  }

  private void check(
      Path file, FixtureStore store, Map<List<String>, Path> firstInDirectory, List<Finding> out) {
    String label = FileLabel.of(file);
    byte[] bytes;
    JsonNode tree;
    Fixture fixture;
    try {
      bytes = Files.readAllBytes(file);
      tree = Json.parse(bytes);
      fixture = FixtureCodec.read(file, bytes);
    } catch (FixtureFormatException e) {
      out.add(parseError(e));
      return;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      out.add(
          new Finding(
              Finding.Kind.PARSE_ERROR,
              label,
              loc == null ? -1 : loc.getLineNr(),
              loc == null ? -1 : loc.getColumnNr(),
              "invalid JSON: " + OneLine.of(e.getOriginalMessage()),
              Map.of()));
      return;
    } catch (IOException e) {
      out.add(Finding.of(Finding.Kind.PARSE_ERROR, label, "cannot read: " + Main.describe(e)));
      return;
    }
    RequestKey key = store.keyOf(fixture.request());
    checkName(file, label, key, fixture.request(), out);
    if (!recursiveLookup) {
      Path first =
          firstInDirectory.putIfAbsent(List.of(String.valueOf(file.getParent()), key.hex()), file);
      if (first != null) out.add(duplicate(first, file));
    }
    checkStreams(label, fixture, out);
    for (SecretFinding s : scanner.scan(tree)) {
      out.add(
          new Finding(
              Finding.Kind.SECRET,
              label,
              -1,
              -1,
              s.toString() + " (remove it, revoke the key, and re-record with redaction)",
              Map.of("pointer", s.pointer(), "secret_kind", s.kind(), "masked", s.masked())));
    }
    if (maxAge != null && fixture.provenance() != null) {
      Instant at = fixture.provenance().recordedAt();
      // Compared as durations: at.plus(maxAge) overflows Instant for ages such as 99999999999999d.
      if (Duration.between(at, now).compareTo(maxAge) > 0) {
        long days = Duration.between(at, now).toDays();
        out.add(
            new Finding(
                Finding.Kind.TOO_OLD,
                label,
                -1,
                -1,
                "recorded " + at + " (" + days + " days ago), older than --max-age; re-record it",
                Map.of("recorded_at", at.toString())));
      }
    }
  }

  /**
   * A hash-named file must be named after its request: our key, or the hash llama-stack names its
   * recordings by (the raw URL path and body, e.g. {@code /v1/v1/chat/completions}).
   */
  private static void checkName(
      Path file, String label, RequestKey key, RecordedRequest request, List<Finding> out) {
    String name = file.getFileName().toString();
    if (!HASH_NAME.matcher(name).matches()) return;
    String stem = name.substring(0, name.length() - ".json".length());
    if (key.hex().startsWith(stem)) return;
    String raw = llamaStackHash(request);
    if (raw != null && raw.startsWith(stem)) return;
    String ogx = ogxHash(request);
    if (ogx != null && ogx.equals(stem)) return;
    String expected = stem.length() == 64 ? key.hex() : key.shortHex();
    out.add(
        new Finding(
            Finding.Kind.MISNAMED,
            label,
            -1,
            -1,
            "named "
                + stem
                + " but its request has key "
                + key.shortHex()
                + " (rename it to "
                + expected
                + ".json, or re-record it)",
            Map.of("key", key.hex(), "expected_name", expected + ".json")));
  }

  /** llama-stack's name: sha256 of {method, endpoint: raw URL path, body: raw body}; or null. */
  static String llamaStackHash(RecordedRequest request) {
    Body body = request.body();
    ObjectNode identity = JsonNodeFactory.instance.objectNode();
    identity.put("method", request.method());
    identity.put("endpoint", Endpoints.pathOfUrl(request.url()));
    if (body.kind() == Body.Kind.JSON) {
      identity.set("body", body.json());
    } else if (body.kind() == Body.Kind.EMPTY) {
      identity.putNull("body");
    } else {
      return null;
    }
    return Sha256.hex(PythonJson.dumps(identity).getBytes(StandardCharsets.UTF_8));
  }

  /** OGX's name: the full key of {method, raw path, normalized body, test_id}; or null. */
  static String ogxHash(RecordedRequest request) {
    Body body = request.body();
    JsonNode json;
    if (body.kind() == Body.Kind.JSON) {
      json = body.json();
    } else if (body.kind() == Body.Kind.EMPTY) {
      json = JsonNodeFactory.instance.nullNode();
    } else {
      return null;
    }
    ObjectNode identity =
        OgxKeyScheme.identity(request.method(), request.url(), json, request.testId());
    return Sha256.hex(PythonJson.dumps(identity).getBytes(StandardCharsets.UTF_8));
  }

  private static void checkStreams(String label, Fixture fixture, List<Finding> out) {
    int n = fixture.responses().size();
    for (int i = 0; i < n; i++) {
      if (!fixture.responses().get(i).isStreaming()) continue;
      String which = n == 1 ? "" : "response " + (i + 1) + " of " + n + ": ";
      RecordedFailure failure = fixture.responses().get(i).failure();
      if (failure != null) {
        out.add(
            new Finding(
                Finding.Kind.RECORDED_FAILURE,
                label,
                -1,
                -1,
                which
                    + "recorded failing on purpose: "
                    + OneLine.of(failure.describe())
                    + " (replays as that failure; not a problem)",
                Map.of(
                    "failure_kind",
                    failure.kind().id(),
                    "after_events",
                    String.valueOf(failure.afterEvents()))));
        continue;
      }
      String incomplete = Transcript.of(fixture.responses().get(i)).incomplete();
      if (incomplete != null) {
        out.add(
            Finding.of(
                Finding.Kind.INCOMPLETE_STREAM,
                label,
                which + incomplete + " (cut short while recording? re-record it)"));
      }
    }
  }

  private static Finding parseError(FixtureFormatException e) {
    return new Finding(
        Finding.Kind.PARSE_ERROR,
        FileLabel.of(e.file()),
        e.line(),
        e.column(),
        OneLine.of(e.problem()),
        Map.of());
  }
}
