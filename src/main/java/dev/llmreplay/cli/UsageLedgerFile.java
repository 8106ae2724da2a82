package dev.llmreplay.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.fixture.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the usage ledger the JUnit extension writes ({@code target/llm-replay/usage.json}): {@code
 * {"version": 1, "tests": [{"test": ..., "used": [paths], "recorded": [paths]}]}}, paths relative
 * to the project directory with {@code /} separators, or absolute.
 *
 * <p>A small reader of its own for now; to be replaced by {@code dev.llmreplay.usage.UsageLedger}
 * once that lands.
 */
final class UsageLedgerFile {
  final int tests;

  /** Every path listed as used or recorded, as written. */
  final Set<String> paths;

  private UsageLedgerFile(int tests, Set<String> paths) {
    this.tests = tests;
    this.paths = paths;
  }

  static UsageLedgerFile read(Path file) {
    String label = Labels.of(file);
    JsonNode root;
    try {
      root = Json.parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new CliException(
          "no usage ledger at "
              + label
              + ": run the tests first (mvn verify) so that the JUnit "
              + "extension writes it");
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new CliException(
          Main.location(
                  label, loc == null ? -1 : loc.getLineNr(), loc == null ? -1 : loc.getColumnNr())
              + ": invalid JSON: "
              + OneLine.of(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new CliException("cannot read " + label + ": " + Main.describe(e));
    }
    if (root == null || !root.isObject()) {
      throw new CliException(label + ": not a usage ledger (expected a JSON object)");
    }
    int version = root.path("version").asInt(-1);
    if (version != 1) {
      throw new CliException(
          label
              + ": unsupported usage ledger version "
              + root.path("version")
              + " (this llm-replay reads version 1)");
    }
    JsonNode tests = root.get("tests");
    if (tests == null || !tests.isArray()) {
      throw new CliException(label + ": not a usage ledger (no \"tests\" array)");
    }
    Set<String> paths = new LinkedHashSet<>();
    for (JsonNode test : tests) {
      for (String field : new String[] {"used", "recorded"}) {
        for (JsonNode p : test.path(field)) {
          if (p.isTextual()) paths.add(p.asText());
        }
      }
    }
    return new UsageLedgerFile(tests.size(), paths);
  }
}
