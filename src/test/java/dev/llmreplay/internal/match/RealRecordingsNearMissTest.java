package dev.llmreplay.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A miss against the real llama-stack recordings in the shared conformance data. */
class RealRecordingsNearMissTest {
  private static final String SET = "llama-stack-2025-08";

  private static Path recordings() {
    String shared = System.getProperty("llmreplay.shared", "src/test/shared");
    return Paths.get(shared, "conformance", SET);
  }

  private static JsonNode request(Path file) {
    try {
      return Json.parse(Files.readAllBytes(file)).get("request");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Candidates as a store would offer them: method and endpoint known, bodies read lazily. */
  private static List<Candidate> candidates(AtomicInteger bodyReads) throws IOException {
    try (Stream<Path> files = Files.list(recordings())) {
      return files
          .filter(f -> f.toString().endsWith(".json"))
          .sorted()
          .map(
              f -> {
                JsonNode request = request(f);
                String name = f.getFileName().toString();
                return Candidate.lazy(
                    request.get("method").asText(),
                    request.get("endpoint").asText(),
                    name.substring(0, 12),
                    SET + "/" + name,
                    () -> {
                      bodyReads.incrementAndGet();
                      return request(f).get("body");
                    });
              })
          .collect(Collectors.toList());
    }
  }

  @Test
  void findsTheRecordingARequestWithOneMoreFieldCameFrom() throws IOException {
    AtomicInteger bodyReads = new AtomicInteger();
    List<Candidate> candidates = candidates(bodyReads);
    ObjectNode body = (ObjectNode) request(recordings().resolve("6cb0285a7638.json")).get("body");
    body.put("temperature", 0.3);

    NearMiss nearest =
        NearestFixture.find("POST", "/v1/chat/completions", body, candidates).orElseThrow();
    MissReport report =
        MissReport.builder()
            .method("POST")
            .path("/v1/chat/completions")
            .keyHex("0".repeat(64))
            .recordingsDir("shared/conformance/" + SET)
            .fixtureCount(candidates.size())
            .nearest(nearest)
            .build();

    assertThat(candidates).hasSize(143); // the top-level files; vision/ holds more
    assertThat(bodyReads.get()).isEqualTo(26); // only the /v1/chat/completions recordings
    String expected;
    try (InputStream in = getClass().getResourceAsStream("real-recording-added-field.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
    assertThat(report.text() + "\n").isEqualTo(expected);
  }
}
