package dev.llmreplay.internal.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.llmreplay.internal.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PythonJson details the conformance vectors do not pin down on their own. */
class PythonJsonTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void sortsKeysByCodePointIncludingLoneSurrogates() throws Exception {
    // Expected text from CPython: json.dumps(json.loads(text), sort_keys=True).
    JsonNode node =
        Json.parse(
            "{\"\\udc00\": 1, \"\\ud83d\\ude00\": 2, \"\\ue000\": 3, \"\\ud83d\": 4,"
                + " \"\\ud83dx\": 5, \"\\ud83d\\ude00a\": 6, \"\\uffff\": 7, \"a\": 8}");
    assertThat(PythonJson.dumps(node))
        .isEqualTo(
            "{\"a\": 8, \"\\ud83d\": 4, \"\\ud83dx\": 5, \"\\udc00\": 1, \"\\ue000\": 3,"
                + " \"\\uffff\": 7, \"\\ud83d\\ude00\": 2, \"\\ud83d\\ude00a\": 6}");
  }

  @Test
  void keyOrderComparatorIsCodePointOrder() {
    List<String> keys = new ArrayList<>(List.of("\ud83d\ude00", "\uffff", "b", "B", "\u00e9"));
    keys.sort(PythonJson.keyOrder());
    assertThat(keys).containsExactly("B", "b", "\u00e9", "\uffff", "\ud83d\ude00");
  }

  @Test
  void escapesLikeEnsureAscii() {
    JsonNode node =
        NODES.textNode("a\"b\\c/\u0000\u001f\u007f\u0080\u00e9\u2028\ud83d\ude00\b\f\n\r\t~ ");
    assertThat(PythonJson.dumps(node))
        .isEqualTo(
            "\"a\\\"b\\\\c/\\u0000\\u001f\\u007f\\u0080\\u00e9\\u2028\\ud83d\\ude00"
                + "\\b\\f\\n\\r\\t~ \"");
  }

  @Test
  void writesEveryNumberNodeType() {
    ObjectNode node = NODES.objectNode();
    node.put("int", 7);
    node.put("long", 1L << 40);
    node.put("big", new BigInteger("-123456789012345678901234567890"));
    node.put("short", (short) -3);
    node.put("double", 0.1);
    node.put("negzero", -0.0);
    // A float node is keyed as the double its text reads back as (what a fixture round trip gives).
    node.put("float", 0.1f);
    node.put("decimal", new BigDecimal("2.50"));
    node.put("decimalInt", new BigDecimal("100"));
    node.put("decimalHuge", new BigDecimal("1e400"));
    assertThat(PythonJson.dumps(node))
        .isEqualTo(
            "{\"big\": -123456789012345678901234567890, \"decimal\": 2.5, \"decimalHuge\":"
                + " Infinity, \"decimalInt\": 100.0, \"double\": 0.1, \"float\": 0.1, \"int\": 7,"
                + " \"long\": 1099511627776, \"negzero\": -0.0, \"short\": -3}");
  }

  @Test
  void parsedNumbersFollowPython() throws Exception {
    JsonNode node = Json.parse("[-0, -0.0, 1E2, 1e400, 9007199254740993, 9007199254740993.0]");
    assertThat(PythonJson.dumps(node))
        .isEqualTo("[0, -0.0, 100.0, Infinity, 9007199254740993, 9007199254740992.0]");
  }

  @Test
  void nestedContainersAndScalars() throws Exception {
    JsonNode node =
        Json.parse("{\"z\":[{}, [], null, true, false, \"\"],\"a\":{\"y\":{},\"x\":1}}");
    assertThat(PythonJson.dumps(node))
        .isEqualTo("{\"a\": {\"x\": 1, \"y\": {}}, \"z\": [{}, [], null, true, false, \"\"]}");
  }

  @Test
  void dumpsToAppends() {
    StringBuilder out = new StringBuilder("prefix:");
    PythonJson.dumpsTo(out, NODES.arrayNode().add(1).add("x"));
    assertThat(out.toString()).isEqualTo("prefix:[1, \"x\"]");
  }

  @Test
  void binaryIsWrittenAsItsBase64Text() {
    assertThat(PythonJson.dumps(NODES.binaryNode(new byte[] {1, 2, 3}))).isEqualTo("\"AQID\"");
  }

  @Test
  void rejectsNodesWithoutJsonMeaning() {
    assertThatThrownBy(() -> PythonJson.dumps(new POJONode(new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("POJO");
  }
}
