package dev.llmreplay.internal.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.llmreplay.internal.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BodyDiffTest {
  private static JsonNode json(String text) throws IOException {
    return Json.parse(text.replace('\'', '"'));
  }

  private static List<String> changes(BodyDiff diff) {
    return diff.changes().stream().map(Change::toString).collect(Collectors.toList());
  }

  @Test
  void listsChangedAddedAndRemovedFieldsInSortedKeyOrder() throws IOException {
    BodyDiff diff =
        BodyDiff.of(
            json("{'temperature':0.7,'model':'gpt-4o','stream_options':{'include_usage':true}}"),
            json("{'user':'alice','model':'gpt-4o','temperature':0.2}"));

    assertThat(changes(diff))
        .containsExactly(
            "removed /stream_options: {\"include_usage\":true}",
            "changed /temperature: 0.7 → 0.2",
            "added /user: \"alice\"");
    assertThat(diff.distance()).isEqualTo(3);
    assertThat(diff.changes().get(1))
        .isEqualTo(Change.changed("/temperature", json("0.7"), json("0.2")));
    assertThat(diff.changes().get(1).kind()).isEqualTo(Change.Kind.CHANGED);
  }

  @Test
  void comparesArraysByIndexAndReportsExtraElements() throws IOException {
    BodyDiff diff =
        BodyDiff.of(
            json(
                "{'messages':[{'role':'system','content':'Be brief.'},"
                    + "{'role':'user','content':'Hi'}]}"),
            json(
                "{'messages':[{'role':'system','content':'Be brief.'},"
                    + "{'role':'user','content':'Hi!'},"
                    + "{'role':'assistant','content':'Hello'}],'stop':[]}"));

    assertThat(changes(diff))
        .containsExactly(
            "changed /messages/1/content: \"Hi\" → \"Hi!\"",
            "added /messages/2: {\"content\":\"Hello\",\"role\":\"assistant\"}",
            "added /stop: []");
  }

  @Test
  void removedArrayElementsAndTypeChanges() throws IOException {
    BodyDiff diff =
        BodyDiff.of(json("{'a':[1,2,3],'b':{'x':1},'c':'1'}"), json("{'a':[1],'b':[1],'c':1}"));

    assertThat(changes(diff))
        .containsExactly(
            "removed /a/1: 2",
            "removed /a/2: 3",
            "changed /b: {\"x\":1} → [1]",
            "changed /c: \"1\" → 1");
  }

  @Test
  void numbersCompareAsTheKeyHashesThem() throws IOException {
    BodyDiff diff =
        BodyDiff.of(
            json("{'same_float':0.7,'int_vs_float':1,'big':123456789012345678901234567890}"),
            json("{'same_float':0.70,'int_vs_float':1.0,'big':123456789012345678901234567890}"));

    assertThat(changes(diff)).containsExactly("changed /int_vs_float: 1 → 1.0");
  }

  @Test
  void equalBodiesHaveNoChangesAndRenderNothing() throws IOException {
    BodyDiff diff = BodyDiff.of(json("{'a':[1,{'b':null}]}"), json("{'a':[1,{'b':null}]}"));

    assertThat(diff.isEmpty()).isTrue();
    assertThat(diff.distance()).isZero();
    assertThat(diff.unifiedDiff("x.json")).isEmpty();
    assertThat(diff.render("x.json")).isEmpty();
  }

  @Test
  void escapesPointerSegments() throws IOException {
    BodyDiff diff = BodyDiff.of(json("{'a/b':1,'m~n':1,'':1}"), json("{'a/b':2,'m~n':2,'':2}"));

    assertThat(changes(diff))
        .containsExactly("changed /: 1 → 2", "changed /a~1b: 1 → 2", "changed /m~0n: 1 → 2");
  }

  @Test
  void longStringsShowTheRegionAroundTheFirstDifference() throws IOException {
    String prompt =
        "You are a careful summarizer. Summarize the following text: the quick brown fox jumps"
            + " over the lazy dog. Keep it short and keep it plain.";
    BodyDiff diff =
        BodyDiff.of(
            Json.mapper().createObjectNode().put("prompt", prompt),
            Json.mapper().createObjectNode().put("prompt", prompt.replace("fox", "cat")));

    assertThat(changes(diff))
        .containsExactly(
            "changed /prompt: \"…the quick brown [fox] jumps over the lazy…\""
                + " → \"…the quick brown [cat] jumps over the lazy…\"");
    assertThat(diff.changeLines(20))
        .containsExactly(
            "changed  /prompt:",
            "         - \"…the quick brown [fox] jumps over the lazy…\"",
            "         + \"…the quick brown [cat] jumps over the lazy…\"");
  }

  @Test
  void excerptsWidenToWholeWordsAndShowInsertions() {
    assertThat(JsonText.excerpts("a sentence with fox in it", "a sentence with fog in it"))
        .containsExactly("\"a sentence with [fox] in it\"", "\"a sentence with [fog] in it\"");
    assertThat(JsonText.excerpts("the brown fox", "the brown red fox"))
        .containsExactly("\"the brown []fox\"", "\"the brown [red ]fox\"");
    assertThat(JsonText.excerpts("tab\there", "tab here"))
        .containsExactly("\"tab[\\t]here\"", "\"tab[ ]here\"");
    // U+1F600 and U+1F603 share their high surrogate: the pair must not be split.
    assertThat(JsonText.excerpts("hi \uD83D\uDE00 there", "hi \uD83D\uDE03 there"))
        .containsExactly("\"hi [\uD83D\uDE00] there\"", "\"hi [\uD83D\uDE03] there\"");
  }

  @Test
  void longValuesAreCutAtEightyCharacters() throws IOException {
    String longText = "x".repeat(100);
    BodyDiff diff =
        BodyDiff.of(json("{}"), Json.mapper().createObjectNode().put("system", longText));

    assertThat(changes(diff)).containsExactly("added /system: \"" + "x".repeat(78) + "…");
  }

  @Test
  void nonObjectBodiesDiffAsOneValue() throws IOException {
    assertThat(changes(BodyDiff.of(json("'sha256:0a1b'"), json("'sha256:ffee'"))))
        .containsExactly("changed (body): \"sha256:0a1b\" → \"sha256:ffee\"");
    assertThat(changes(BodyDiff.of(json("{'a':1}"), null)))
        .containsExactly("changed (body): {\"a\":1} → null");
    assertThat(BodyDiff.of(null, JsonNodeFactory.instance.nullNode()).isEmpty()).isTrue();
    assertThat(BodyDiff.of(json("'sha256:0a1b'"), null).unifiedDiff("n.json"))
        .containsExactly(
            "--- recorded (n.json)",
            "+++ this request",
            "@@ -1,1 +1,1 @@",
            "-\"sha256:0a1b\"",
            "+null");
  }

  @Test
  void unifiedDiffOfSortedPrettyBodiesWithTwoLinesOfContext() throws IOException {
    BodyDiff diff =
        BodyDiff.of(
            json(
                "{'model':'gpt-4o','messages':[{'role':'user','content':'Hello'}],"
                    + "'temperature':0.7,'n':1,'max_tokens':50}"),
            json(
                "{'model':'gpt-4o','messages':[{'role':'user','content':'Hello!'}],"
                    + "'temperature':0.7,'n':1,'max_tokens':50}"));

    assertThat(String.join("\n", diff.unifiedDiff("abc123abc123.json")))
        .isEqualTo(
            String.join(
                "\n",
                "--- recorded (abc123abc123.json)",
                "+++ this request",
                "@@ -3,5 +3,5 @@",
                "   \"messages\": [",
                "     {",
                "-      \"content\": \"Hello\",",
                "+      \"content\": \"Hello!\",",
                "       \"role\": \"user\"",
                "     }"));
  }

  @Test
  void longDiffLinesAreCutAroundTheirDifference() throws IOException {
    String prompt = "word ".repeat(40) + "fox " + "tail ".repeat(40);
    BodyDiff diff =
        BodyDiff.of(
            Json.mapper().createObjectNode().put("prompt", prompt),
            Json.mapper().createObjectNode().put("prompt", prompt.replace("fox", "cat")));

    List<String> lines = diff.unifiedDiff("p.json");
    assertThat(lines.subList(3, 6))
        .containsExactly(
            " {",
            "-  \"prompt\": \"…word word word word fox" + " tail".repeat(16) + " …",
            "+  \"prompt\": \"…word word word word cat" + " tail".repeat(16) + " …");
    assertThat(lines.get(4)).hasSize(120);
  }

  @Test
  void capsChangesAndDiffLines() throws IOException {
    StringBuilder before = new StringBuilder("{");
    StringBuilder after = new StringBuilder("{");
    for (int i = 0; i < 50; i++) {
      String sep = i == 0 ? "" : ",";
      before.append(sep).append(String.format("\"k%02d\":%d", i, i));
      after.append(sep).append(String.format("\"k%02d\":%d", i, i + 1));
    }
    BodyDiff diff = BodyDiff.of(json(before + "}"), json(after + "}"));

    List<String> changeLines = diff.changeLines(3);
    assertThat(changeLines)
        .containsExactly(
            "changed  /k00: 0 → 1",
            "changed  /k01: 1 → 2",
            "changed  /k02: 2 → 3",
            "… 47 more changes");
    List<String> diffLines = diff.unifiedDiff("big.json", 5);
    assertThat(diffLines)
        .containsExactly(
            "--- recorded (big.json)",
            "+++ this request",
            "@@ -1,52 +1,52 @@",
            " {",
            "-  \"k00\": 0,",
            "… 100 more lines");
    assertThat(diff.render("big.json").split("\n")).hasSize(20 + 1 + 1 + 60 + 1);
  }

  @Test
  void boundedDistanceAgreesWithTheChangeCount() throws IOException {
    JsonNode a = json("{'a':[1,2,3],'b':{'x':1,'y':2},'c':'s','d':null}");
    JsonNode b = json("{'a':[1,5],'b':{'x':2,'z':2},'e':true,'d':null}");

    assertThat(BodyDiff.of(a, b).distance()).isEqualTo(7);
    assertThat(BodyDiff.distance(a, b, Integer.MAX_VALUE)).isEqualTo(7);
    assertThat(BodyDiff.distance(a, b, 3)).isEqualTo(3);
    assertThat(BodyDiff.distance(a, a, 3)).isZero();
  }
}
