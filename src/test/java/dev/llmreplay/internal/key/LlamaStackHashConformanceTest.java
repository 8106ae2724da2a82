package dev.llmreplay.internal.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * llama-stack names each recording after {@code sha256(json.dumps({"method", "endpoint": raw URL
 * path, "body"}, sort_keys=True))[:12]}; recomputing it here proves PythonJson byte-identical on
 * real request bodies.
 */
class LlamaStackHashConformanceTest {
  private static final int RECORDING_COUNT = 154;

  private static List<Path> recordings() throws IOException {
    Path dir = SharedData.resolve("conformance/llama-stack-2025-08");
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void allRecordingsArePresentIncludingVision() throws IOException {
    List<Path> recordings = recordings();
    assertThat(recordings).hasSize(RECORDING_COUNT);
    assertThat(recordings).anyMatch(p -> p.getParent().getFileName().toString().equals("vision"));
  }

  @TestFactory
  Stream<DynamicTest> fileNameIsTheHashOfTheRequest() throws IOException {
    Path dir = SharedData.resolve("conformance/llama-stack-2025-08");
    return recordings().stream()
        .map(
            file ->
                dynamicTest(
                    dir.relativize(file).toString(),
                    () -> {
                      JsonNode request = Json.parse(Files.readAllBytes(file)).get("request");
                      ObjectNode identity = JsonNodeFactory.instance.objectNode();
                      identity.set("method", request.get("method"));
                      identity.put("endpoint", Endpoints.pathOfUrl(request.get("url").textValue()));
                      identity.set("body", request.get("body"));
                      String hex =
                          Sha256.hex(PythonJson.dumps(identity).getBytes(StandardCharsets.UTF_8));
                      String name = file.getFileName().toString();
                      assertThat(hex.substring(0, 12))
                          .isEqualTo(name.substring(0, name.length() - ".json".length()));
                    }));
  }
}
