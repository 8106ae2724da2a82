package dev.llmreplay.internal.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmreplay.KeyRules;
import dev.llmreplay.RequestKey;
import dev.llmreplay.internal.access.Access;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Key rules as settings, and the keys their engine computes under them. */
class KeyRulesTest {
  private static final String CHAT =
      "{\"model\":\"gpt-4o\",\"user\":\"u-42\",\"metadata\":{\"run\":\"7\"},"
          + "\"messages\":[{\"role\":\"user\",\"name\":\"ann\",\"content\":\"Hi\"},"
          + "{\"role\":\"assistant\",\"name\":\"bot\",\"content\":\"Yo\"}],"
          + "\"tools\":[{\"n\":0},{\"n\":1},{\"n\":2}],\"temperature\":0.7}";

  private static KeyFunction keys(KeyRules rules) {
    return Access.bridge().keys(rules);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode json(String s) throws Exception {
    return Json.parse(s);
  }

  @Test
  void defaultsKeyTheMethodNormalizedEndpointAndWholeBody() {
    RequestKey key =
        keys(KeyRules.defaults())
            .keyOf(
                "post", "/openai/v1/chat/completions", null, bytes("{\"b\":1,\"a\":[0.5,-0.0]}"));
    String canonical =
        "{\"body\": {\"a\": [0.5, -0.0], \"b\": 1}, \"endpoint\": \"/v1/chat/completions\","
            + " \"method\": \"POST\"}";
    assertThat(key.canonicalJson()).isEqualTo(canonical);
    assertThat(key.hex()).isEqualTo(Sha256.hex(bytes(canonical)));
    assertThat(KeyRules.defaults().ignoredBodyFields()).isEmpty();
    assertThat(KeyRules.defaults().ignoredQueryParams()).isEmpty();
  }

  @Test
  void emptyOrAbsentBodyIsNull() {
    KeyRules rules = KeyRules.defaults();
    RequestKey empty = keys(rules).keyOf("GET", "/v1/models", null, new byte[0]);
    RequestKey absent = keys(rules).keyOf("GET", "/v1/models", null, null);
    assertThat(empty.canonicalJson())
        .isEqualTo("{\"body\": null, \"endpoint\": \"/v1/models\", \"method\": \"GET\"}");
    assertThat(absent).isEqualTo(empty);
    assertThat(keys(rules).keyOfRecorded("GET", "https://h/v1/models", null, false))
        .isEqualTo(empty);
  }

  @Test
  void nonJsonBodyIsKeyedByTheHashOfItsBytes() {
    KeyRules rules = KeyRules.defaults();
    String helloHash = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    assertThat(keys(rules).keyOf("POST", "/v1/audio", null, bytes("hello")).body().textValue())
        .isEqualTo(helloHash);
    assertThat(KeyFunction.bodyOf(bytes("hello")).textValue()).isEqualTo(helloHash);
    // One JSON value followed by more bytes is not JSON, nor is whitespace alone.
    assertThat(KeyFunction.bodyOf(bytes("{} x")).textValue())
        .isEqualTo("sha256:" + Sha256.hex(bytes("{} x")));
    assertThat(KeyFunction.bodyOf(bytes("  ")).textValue())
        .isEqualTo("sha256:" + Sha256.hex(bytes("  ")));
    assertThat(KeyFunction.bodyOf(bytes(" [1] ")).toString()).isEqualTo("[1]");
  }

  @Test
  void ignoredBodyFieldsIncludingNestedAndArrayIndex() throws Exception {
    KeyRules rules =
        KeyRules.builder()
            .ignoreBodyField("/user")
            .ignoreBodyField("/metadata/run")
            .ignoreBodyField("/messages/0/name")
            .ignoreBodyField("/tools/1")
            .ignoreBodyField("/not/there")
            .ignoreBodyField("/messages/9")
            .ignoreBodyField("/model/x")
            .build();
    RequestKey key = keys(rules).keyOf("POST", "/v1/chat/completions", null, bytes(CHAT));
    assertThat(PythonJson.dumps(key.body()))
        .isEqualTo(
            "{\"messages\": [{\"content\": \"Hi\", \"role\": \"user\"},"
                + " {\"content\": \"Yo\", \"name\": \"bot\", \"role\": \"assistant\"}],"
                + " \"metadata\": {}, \"model\": \"gpt-4o\", \"temperature\": 0.7,"
                + " \"tools\": [{\"n\": 0}, {\"n\": 2}]}");
    assertThat(rules.ignoredBodyFields())
        .containsExactly(
            "/user",
            "/metadata/run",
            "/messages/0/name",
            "/tools/1",
            "/not/there",
            "/messages/9",
            "/model/x");
  }

  @Test
  void ignoredFieldMakesRequestsThatDifferOnlyThereEqual() {
    KeyRules rules = KeyRules.builder().ignoreBodyField("/user").build();
    RequestKey a =
        keys(rules).keyOf("POST", "/v1/chat/completions", null, bytes("{\"m\":1,\"user\":\"a\"}"));
    RequestKey b =
        keys(rules).keyOf("POST", "/v1/chat/completions", null, bytes("{\"user\":\"b\",\"m\":1}"));
    RequestKey c = keys(rules).keyOf("POST", "/v1/chat/completions", null, bytes("{\"m\":1}"));
    RequestKey d = keys(rules).keyOf("POST", "/v1/chat/completions", null, bytes("{\"m\":2}"));
    assertThat(a).isEqualTo(b).isEqualTo(c).isNotEqualTo(d);
    assertThat(
            keys(KeyRules.defaults())
                .keyOf("POST", "/v1/chat/completions", null, bytes("{\"m\":1}")))
        .isEqualTo(c);
  }

  @Test
  void pointerWithEscapes() throws Exception {
    KeyRules rules = KeyRules.builder().ignoreBodyField("/a~1b/c~0d").build();
    RequestKey key =
        keys(rules).keyOfRecorded("POST", "/v1/x", json("{\"a/b\":{\"c~d\":1,\"e\":2}}"), false);
    assertThat(PythonJson.dumps(key.body())).isEqualTo("{\"a/b\": {\"e\": 2}}");
  }

  @Test
  void recordedBodyIsNeverModified() throws Exception {
    JsonNode stored =
        json(
            "{\"user\":\"x\",\"extra_body\":{\"k\":1},\"timeout\":5,\"nested\":{\"drop\":1,\"keep\":2}}");
    JsonNode before = stored.deepCopy();
    KeyRules rules =
        KeyRules.builder().ignoreBodyField("/user").ignoreBodyField("/nested/drop").build();
    RequestKey key = keys(rules).keyOfRecorded("POST", "https://h/v1/x", stored, true);
    assertThat(PythonJson.dumps(key.body())).isEqualTo("{\"k\": 1, \"nested\": {\"keep\": 2}}");
    assertThat(stored).isEqualTo(before);
    RequestKey plain = keys(rules).keyOfRecorded("POST", "https://h/v1/x", stored, false);
    assertThat(PythonJson.dumps(plain.body()))
        .isEqualTo("{\"extra_body\": {\"k\": 1}, \"nested\": {\"keep\": 2}, \"timeout\": 5}");
    assertThat(stored).isEqualTo(before);
  }

  @Test
  void invalidPointersAreRejectedAtBuildTime() {
    assertThatThrownBy(() -> KeyRules.builder().ignoreBodyField("user").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ignoreBodyField: JSON pointer must start with '/', e.g. \"/user\"; got \"user\"");
    assertThatThrownBy(() -> KeyRules.builder().ignoreBodyField("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty pointer");
    assertThatThrownBy(() -> KeyRules.builder().ignoreBodyField(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got null");
    assertThatThrownBy(() -> KeyRules.builder().ignoreBodyField("/a~2").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'~'")
        .hasMessageContaining("/a~2");
  }

  @Test
  void ignoredQueryParams() {
    KeyRules rules =
        KeyRules.builder().ignoreQueryParam("api-version").ignoreQueryParam("key").build();
    assertThat(keys(rules).endpointOf("/openai/v1/chat/completions", "api-version=2024-06-01"))
        .isEqualTo("/v1/chat/completions");
    assertThat(keys(rules).endpointOf("/v1/models", "limit=2&key=s3cret&order=asc&key=again"))
        .isEqualTo("/v1/models?limit=2&order=asc");
    assertThat(keys(rules).endpointOf("/v1/models", "api%2Dversion=1&keys=1"))
        .isEqualTo("/v1/models?keys=1");
    assertThat(keys(rules).endpointOf("/v1/models", "key")).isEqualTo("/v1/models");
    assertThat(rules.ignoredQueryParams()).containsExactly("api-version", "key");
    RequestKey live = keys(rules).keyOf("GET", "/v1/models", "key=a&limit=2", null);
    RequestKey recorded =
        keys(rules).keyOfRecorded("GET", "https://h/v1/models?limit=2&key=b", null, false);
    assertThat(live).isEqualTo(recorded);
    assertThat(live.endpoint()).isEqualTo("/v1/models?limit=2");
    assertThat(
            keys(KeyRules.defaults()).keyOf("GET", "/v1/models", "key=a&limit=2", null).endpoint())
        .isEqualTo("/v1/models?key=a&limit=2");
  }

  @Test
  void customEndpointRuleReplacesTheDefault() {
    KeyRules rules =
        KeyRules.builder()
            .endpointRule(p -> p.replaceFirst("^/openai/deployments/[^/]+", "/v1"))
            .ignoreQueryParam("api-version")
            .build();
    assertThat(
            keys(rules)
                .keyOf(
                    "POST", "/openai/deployments/gpt4o/chat/completions", "api-version=1&x=2", null)
                .endpoint())
        .isEqualTo("/v1/chat/completions?x=2");
    assertThat(
            keys(rules)
                .keyOfRecorded(
                    "POST",
                    "https://h.openai.azure.com/openai/deployments/d/embeddings",
                    null,
                    false)
                .endpoint())
        .isEqualTo("/v1/embeddings");
    // The default rule no longer applies: /v1/v1 stays as it is.
    assertThat(keys(rules).endpointOfUrl("https://api.together.xyz/v1/v1/completions"))
        .isEqualTo("/v1/v1/completions");
    assertThat(
            keys(KeyRules.defaults()).endpointOfUrl("https://api.together.xyz/v1/v1/completions"))
        .isEqualTo("/v1/completions");
  }

  @Test
  void pythonKwargsMergeExtraBodyAndDropSdkOnlyKeys() throws Exception {
    JsonNode kwargs =
        json(
            "{\"model\":\"m\",\"stream\":false,\"extra_body\":{\"guided_choice\":[\"a\"],"
                + "\"model\":\"override\"},\"extra_headers\":{\"X-Y\":\"z\"},"
                + "\"extra_query\":{\"q\":1},\"timeout\":30.0}");
    RequestKey recorded =
        keys(KeyRules.defaults())
            .keyOfRecorded("POST", "http://h/v1/chat/completions", kwargs, true);
    assertThat(PythonJson.dumps(recorded.body()))
        .isEqualTo("{\"guided_choice\": [\"a\"], \"model\": \"override\", \"stream\": false}");
    RequestKey live =
        keys(KeyRules.defaults())
            .keyOf(
                "POST",
                "/v1/chat/completions",
                null,
                bytes("{\"model\":\"override\",\"stream\":false,\"guided_choice\":[\"a\"]}"));
    assertThat(recorded).isEqualTo(live);
    // A null extra_body just goes; a body without SDK keys is taken as it is.
    JsonNode nullExtra = json("{\"model\":\"m\",\"extra_body\":null}");
    assertThat(
            PythonJson.dumps(
                keys(KeyRules.defaults()).keyOfRecorded("POST", "/v1/x", nullExtra, true).body()))
        .isEqualTo("{\"model\": \"m\"}");
    JsonNode plain = json("{\"model\":\"m\"}");
    assertThat(keys(KeyRules.defaults()).keyOfRecorded("POST", "/v1/x", plain, true).body())
        .isSameAs(plain);
  }

  @Test
  void seedRecordingKeysLikeTheLiveRequest() throws Exception {
    JsonNode request =
        Json.parse(Files.readAllBytes(SharedData.resolve("seeds/000_690cb578917db9ae.txt")))
            .get("request");
    assertThat(request.get("url").textValue())
        .isEqualTo("https://api.together.xyz/v1/v1/completions");
    RequestKey recorded =
        keys(KeyRules.defaults())
            .keyOfRecorded(
                request.get("method").textValue(),
                request.get("url").textValue(),
                request.get("body"),
                true);
    ObjectNode wire = (ObjectNode) request.get("body").deepCopy();
    wire.remove("extra_body");
    RequestKey live =
        keys(KeyRules.defaults()).keyOf("POST", "/v1/completions", null, bytes(Json.compact(wire)));
    assertThat(recorded).isEqualTo(live);
    assertThat(recorded.endpoint()).isEqualTo("/v1/completions");
    assertThat(recorded.body().has("extra_body")).isFalse();
    // Computed independently with CPython: sha256(json.dumps({...}, sort_keys=True)).
    assertThat(recorded.hex())
        .isEqualTo("b75cf83cf231dea4f934a35df8533af17e82ff956dc20bd738116a58928b1d7a");
    assertThat(request.get("body").has("extra_body")).isTrue();
  }

  @Test
  void newBuilderKeepsTheRulesAndAddsMore() {
    KeyRules base = KeyRules.builder().ignoreBodyField("/user").ignoreQueryParam("k").build();
    KeyRules more = base.newBuilder().ignoreBodyField("/metadata").build();
    assertThat(more.ignoredBodyFields()).containsExactly("/user", "/metadata");
    assertThat(more.ignoredQueryParams()).containsExactly("k");
    assertThat(base.ignoredBodyFields()).containsExactly("/user");
    assertThat(more.toString())
        .isEqualTo(
            "KeyRules{ignoredBodyFields=[/user, /metadata], ignoredQueryParams=[k],"
                + " endpointRule=last /v1/ segment}");
  }

  @Test
  void endpointRuleMustNotReturnNull() {
    KeyRules rules = KeyRules.builder().endpointRule(p -> null).build();
    assertThatThrownBy(() -> keys(rules).endpointOf("/v1/x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("endpointRule returned null");
  }
}
