package dev.llmreplay.internal.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every vector of python-json-vectors.json: parsed by Json.parse, dumped like Python. */
class PythonJsonConformanceTest {
  private static final int CASE_COUNT = 359;

  private static List<JsonNode> cases() throws IOException {
    byte[] bytes = Files.readAllBytes(SharedData.resolve("conformance/python-json-vectors.json"));
    List<JsonNode> cases = new ArrayList<>();
    Json.parse(bytes).get("cases").forEach(cases::add);
    return cases;
  }

  @Test
  void allCasesArePresent() throws IOException {
    assertThat(cases()).hasSize(CASE_COUNT);
  }

  @TestFactory
  Stream<DynamicTest> dumpsEqualsPython() throws IOException {
    List<JsonNode> cases = cases();
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      JsonNode c = cases.get(i);
      String name = "#" + i + " " + c.path("note").asText();
      tests.add(
          dynamicTest(
              name,
              () -> {
                JsonNode input = Json.parse(c.get("input").textValue());
                String dumped = PythonJson.dumps(input);
                assertThat(dumped).isEqualTo(c.get("python_dumps").textValue());
                assertThat(Sha256.hex(dumped.getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(c.get("sha256").textValue());
              }));
    }
    return tests.stream();
  }
}
