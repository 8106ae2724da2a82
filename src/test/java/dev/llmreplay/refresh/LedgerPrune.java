package dev.llmreplay.refresh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.fixture.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Test stand-in for the command line's {@code prune} (not on this branch yet): deletes every
 * fixture under a recordings directory that no test in the usage ledger used or recorded. Reads the
 * ledger format of {@code target/llm-replay/usage.json}: paths relative to the project directory,
 * {@code /}-separated. Replace with {@code PruneCommand} once both are merged.
 */
final class LedgerPrune {
  private LedgerPrune() {}

  static List<Path> prune(Path projectDir, Path recordings, Path ledger) throws IOException {
    JsonNode root = Json.parse(Files.readAllBytes(ledger));
    if (root.path("version").asInt() != 1) throw new IOException("unknown ledger version");
    Set<Path> keep = new HashSet<>();
    for (JsonNode test : root.path("tests")) {
      for (String field : List.of("used", "recorded")) {
        for (JsonNode p : test.path(field))
          keep.add(projectDir.resolve(p.asText()).toAbsolutePath().normalize());
      }
    }
    List<Path> removed = new ArrayList<>();
    try (Stream<Path> s = Files.walk(recordings)) {
      for (Path f :
          s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList())) {
        if (!keep.contains(f.toAbsolutePath().normalize())) {
          Files.delete(f);
          removed.add(f);
        }
      }
    }
    return removed;
  }
}
