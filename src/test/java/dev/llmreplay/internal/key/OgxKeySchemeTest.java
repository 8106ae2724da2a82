package dev.llmreplay.internal.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.KeyRules;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.fixture.FixtureCodec;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.RecordedRequest;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * OGX names each recording by the full key of its request and test id; {@link KeyRules#ogx}
 * reproduces every one of the 172 shared names from the file alone. The expected values of the
 * normalization cases were computed by the rules in the data's README, run in Python.
 */
class OgxKeySchemeTest {
  static final int OGX_RECORDINGS = 172;

  static List<Path> recordings() {
    return FixtureStore.fixtureFiles(SharedData.ogx());
  }

  static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - ".json".length());
  }

  @Test
  void all172RecordingsAreThereInFiveAreas() {
    List<Path> files = recordings();
    assertThat(files).hasSize(OGX_RECORDINGS);
    assertThat(files.stream().map(f -> f.getParent().getFileName().toString()).distinct())
        .containsExactlyInAnyOrder("inference", "messages", "safety", "tool_runtime", "vector_io");
  }

  @TestFactory
  Stream<DynamicTest> everyFileIsNamedByItsOgxKey() {
    // The live test id plays no part: each recording is keyed with its own test_id.
    KeyRules rules = KeyRules.ogx("not/the/files.py::test");
    return recordings().stream()
        .map(
            file ->
                dynamicTest(
                    SharedData.ogx().relativize(file).toString(),
                    () -> {
                      RecordedRequest request = FixtureCodec.readRequest(file);
                      assertThat(request.testId()).startsWith("tests/integration/");
                      RequestKey key = request.keyUnder(Access.bridge().keys(rules));
                      assertThat(key.hex()).isEqualTo(stem(file));
                      assertThat(key.canonicalJson())
                          .contains("\"test_id\": ")
                          .contains("\"endpoint\": \"" + Endpoints.pathOfUrl(request.url()));
                    }));
  }

  @Test
  void anIndexUnderOgxRulesFindsEveryFileByItsName() {
    FixtureStore store =
        FixtureStore.open(
            SharedData.ogx(),
            Access.bridge().keys(KeyRules.ogx("x")),
            Access.bridge().scanner(dev.llmreplay.SecretScanner.defaults()));
    assertThat(store.problems()).isEmpty();
    assertThat(store.duplicates()).isEmpty();
    assertThat(store.entries()).hasSize(OGX_RECORDINGS);
    for (FixtureStore.Entry e : store.entries())
      assertThat(e.key().hex()).isEqualTo(stem(e.file()));
  }

  @Test
  void theDefaultKeyIsUnchangedAndIgnoresTheTestId() throws IOException {
    Path file = recordings().get(0);
    RecordedRequest request = FixtureCodec.readRequest(file);
    RequestKey key = request.keyUnder(Access.bridge().keys(KeyRules.defaults()));
    assertThat(key.canonicalJson()).doesNotContain("test_id").startsWith("{\"body\": ");
    assertThat(key.endpoint()).isEqualTo("/v1/chat/completions"); // /v1/v1 folded, as ever
    assertThat(key.hex()).isNotEqualTo(stem(file));
  }

  @Test
  void fileSearchMetadataThenLongDecimalsAreMadeConstantInStrings() {
    assertThat(
            OgxKeyScheme.normalizeString(
                "score: 0.87654321 and score:1e-3, attributes: {a: 1, b: 2} document_id:"
                    + " 123e4567-e89b-12d3-a456-426614174000 cite"
                    + " <|123e4567-e89b-12d3-a456-426614174000|>"))
        .isEqualTo(
            "score: __NORMALIZED__ and score: __NORMALIZED__ document_id: __NORMALIZED__ cite"
                + " <|__NORMALIZED__|>");
    assertThat(
            OgxKeyScheme.normalizeString(
                "pi is 3.14159265 and e is -2.718281828 and 1.2345 and 0.125000 and -0.000001 and"
                    + " 1.00005 and 2.000015 and 7.1234"))
        .isEqualTo(
            "pi is 3.14159 and e is -2.71828 and 1.23450 and 0.12500 and -0.00000 and 1.00005 and"
                + " 2.00001 and 7.12340");
    // Python's \d takes any decimal digit, and float() reads them.
    assertThat(OgxKeyScheme.normalizeString("x\u0663.\u0661\u0662\u0663\u0664\u0665y"))
        .isEqualTo("x3.12345y");
    assertThat(OgxKeyScheme.normalizeString("big 123456789012345678901234567890.123456"))
        .isEqualTo("big 123456789012345677877719597056.00000");
    assertThat(OgxKeyScheme.normalizeString("3.141 has only three"))
        .isEqualTo("3.141 has only three");
  }

  @Test
  void floatsAreRoundedAsPythonsRoundOfFiveDigits() {
    assertThat(OgxKeyScheme.round5(0.123456789)).isEqualTo(0.12346);
    assertThat(OgxKeyScheme.round5(1.000005)).isEqualTo(1.00001);
    assertThat(OgxKeyScheme.round5(2.675)).isEqualTo(2.675);
    assertThat(OgxKeyScheme.round5(5e-06)).isEqualTo(1e-05);
    assertThat(OgxKeyScheme.round5(1.5e-05)).isEqualTo(2e-05);
    assertThat(OgxKeyScheme.round5(1e300)).isEqualTo(1e300);
    assertThat(OgxKeyScheme.round5(12345.678915)).isEqualTo(12345.67892);
    assertThat(OgxKeyScheme.round5(0.1 + 0.2)).isEqualTo(0.3);
    assertThat(Double.doubleToRawLongBits(OgxKeyScheme.round5(-1e-06)))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  static final String BODY =
      "{\"model\":\"m\",\"temperature\":0.123456789,\"stream_options\":{\"include_usage\":true},"
          + "\"extra_body\":{\"project_id\":\"p\",\"keep\":1},\"messages\":[{\"extra_body\":"
          + "{\"project_id\":\"q\",\"k\":2}},{\"inner\":{\"extra_body\":{\"project_id\":\"r\"}}}],"
          + "\"n\":3}";

  static RequestKey liveKey(String url, String body) {
    return Access.bridge()
        .keys(KeyRules.ogx("tests/t.py::test_x[a]"))
        .keyOfUrl("POST", url, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void projectIdGoesFromTopLevelExtrasAndFromListElementsButNotFromMembers() {
    RequestKey key = liveKey("http://localhost:11434/v1/v1/chat/completions", BODY);
    assertThat(key.canonicalJson())
        .isEqualTo(
            "{\"body\": {\"extra_body\": {\"keep\": 1}, \"messages\": [{\"extra_body\": {\"k\":"
                + " 2}}, {\"inner\": {\"extra_body\": {\"project_id\": \"r\"}}}], \"model\":"
                + " \"m\", \"n\": 3, \"stream_options\": {\"include_usage\": true},"
                + " \"temperature\": 0.12346}, \"endpoint\": \"/v1/v1/chat/completions\","
                + " \"method\": \"POST\", \"test_id\": \"tests/t.py::test_x[a]\"}");
    assertThat(key.hex())
        .isEqualTo("0b669d2a49fb0558ed3176a1d6f908fe758a6e71ea67d1a8519751596b0f41ea");
  }

  @Test
  void aBedrockHostDropsTopLevelStreamOptions() {
    RequestKey key =
        liveKey("https://bedrock-runtime.us-west-2.amazonaws.com/openai/v1/chat/completions", BODY);
    assertThat(key.canonicalJson()).doesNotContain("stream_options");
    assertThat(key.hex())
        .isEqualTo("6a97f28ed5d7572b5e0055062ac73d35312a5e0271df3b4dc2e94fb152d36421");
    // Without a host (a bare path) nothing says Bedrock.
    assertThat(
            Access.bridge()
                .keys(KeyRules.ogx("tests/t.py::test_x[a]"))
                .keyOf(
                    "POST",
                    "/openai/v1/chat/completions",
                    null,
                    BODY.getBytes(StandardCharsets.UTF_8))
                .canonicalJson())
        .contains("stream_options");
  }

  @Test
  void modelListsAreKeyedWithoutTheTestId() {
    RequestKey key =
        Access.bridge()
            .keys(KeyRules.ogx("tests/t.py::test_x"))
            .keyOfUrl("GET", "http://h/v1/models", null);
    assertThat(key.canonicalJson())
        .isEqualTo("{\"body\": null, \"endpoint\": \"/v1/models\", \"method\": \"GET\"}");
    assertThat(key.hex())
        .isEqualTo("cf840ab5100301b900f54b8b515f55614e4f16cf73da5b937e4d9af34605ec0d");
  }

  @Test
  void theQueryAndUrlParamsAreNotPartOfTheEndpoint() {
    JsonNode body = Json.mapper().createObjectNode();
    assertThat(OgxKeyScheme.identity("post", "http://h/a/b;v=1?key=x#f", body, "t").toString())
        .contains("\"endpoint\":\"/a/b\"")
        .contains("\"method\":\"POST\"");
  }
}
