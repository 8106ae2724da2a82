package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmreplay.internal.fixture.FileLabel;
import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.Provenance;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.internal.json.Json;
import dev.llmreplay.internal.stream.StreamEvent;
import dev.llmreplay.internal.stream.StreamFormat;
import dev.llmreplay.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  @TempDir Path dir;

  @Test
  void theProjectsOwnRecordingsPass() {
    Cli r = Cli.run("verify", "recordings");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.out).isEqualTo("1 fixture file in recordings: no problems\n");
    assertThat(r.err).isEmpty();
  }

  @Test
  void aCleanDirectoryPasses() throws Exception {
    Fixtures.write(dir, Fixtures.fixture(Fixtures.chat("hi"), Fixtures.chatStream("Hello", true)));
    Fixtures.write(
        dir,
        "named-by-hand.json",
        Fixtures.fixture(Fixtures.chat("bye"), Fixtures.chatStream("Bye", true)));
    Cli r = Cli.run("verify", dir.toString());
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.out).isEqualTo("2 fixture files in " + dir + ": no problems\n");
  }

  @Test
  void parseErrorsNameFileLineAndColumn() throws Exception {
    Fixtures.writeText(dir, "broken.json", "{\n  \"request\": {\"method\": \"POST\",,}\n}\n");
    Fixtures.writeText(dir, "norequest.json", "{\"response\": {}}\n");
    Cli r = Cli.run("verify", dir.toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.outLines())
        .containsExactly(
            dir.resolve("broken.json")
                + ":2:32: parse-error: invalid JSON: Unexpected character (',' (code 44)): was"
                + " expecting double-quote to start field name",
            dir.resolve("norequest.json") + ": parse-error: no \"request\" object",
            "2 problems in 2 of 2 fixture files in " + dir);
  }

  @Test
  void aBrokenResponseIsAParseErrorToo() throws Exception {
    Fixtures.writeText(
        dir,
        "half.json",
        "{\"llm_replay\": {\"format\": 1}, \"request\": {\"method\": \"POST\", \"url\": \"/v1/x\","
            + " \"body\": {}},\n"
            + " \"response\": {\"status\": 200, \"body\": [}\n");
    Cli r = Cli.run("verify", dir.toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.outLines())
        .containsExactly(
            dir.resolve("half.json")
                + ":2:39: parse-error: invalid JSON: Unexpected close marker '}':"
                + " expected ']' (for Array starting at line 2, column 38)",
            "1 problem in 1 of 1 fixture file in " + dir);
  }

  @Test
  void duplicateKeysAndMisnamedFiles() throws Exception {
    Fixture a = Fixtures.fixture(Fixtures.chat("same"), Fixtures.chatStream("A", true));
    Fixture b = Fixtures.fixture(Fixtures.chat("same"), Fixtures.chatStream("B", true));
    Path first = Fixtures.write(dir, a);
    Fixtures.write(dir, "zz-copy.json", b);
    Fixture c = Fixtures.fixture(Fixtures.chat("other"), Fixtures.chatStream("C", true));
    Fixtures.write(dir, "0123456789ab.json", c);
    String key = Fixtures.key(c).shortHex();
    Cli r = Cli.run("verify", dir.toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.outLines())
        .containsExactly(
            dir.resolve("0123456789ab.json")
                + ": misnamed: named 0123456789ab but its request has key "
                + key
                + " (rename it to "
                + key
                + ".json, or re-record it)",
            dir.resolve("zz-copy.json")
                + ": duplicate-key: same request key as "
                + first
                + ", another response (only that one is replayed; delete one of them)",
            "2 problems in 2 of 3 fixture files in " + dir);
  }

  @Test
  void incompleteStreamsOfEachApi() throws Exception {
    Fixtures.write(
        dir, Fixtures.fixture(Fixtures.chat("openai"), Fixtures.chatStream("cut", false)));
    RecordedResponse anthropic =
        RecordedResponse.builder()
            .streamFormat(StreamFormat.SSE)
            .events(
                List.of(
                    StreamEvent.builder()
                        .event("message_start")
                        .data("{\"type\":\"message_start\",\"message\":{}}")
                        .build(),
                    StreamEvent.builder()
                        .event("content_block_delta")
                        .data(
                            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}")
                        .build()))
            .build();
    Path anthropicFile =
        Fixtures.write(dir, Fixtures.fixture(Fixtures.chat("anthropic"), anthropic));
    RecordedResponse ollama =
        RecordedResponse.builder()
            .streamFormat(StreamFormat.NDJSON)
            .events(List.of(StreamEvent.data("{\"response\":\"x\",\"done\":false}")))
            .build();
    Path ollamaFile = Fixtures.write(dir, Fixtures.fixture(Fixtures.chat("ollama"), ollama));
    Path openAiFile =
        dir.resolve(
            Fixtures.key(Fixtures.fixture(Fixtures.chat("openai"), Fixtures.chatStream("", true)))
                    .shortHex()
                + ".json");
    Cli r = Cli.run("verify", dir.toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.outLines())
        .containsExactlyInAnyOrder(
            openAiFile
                + ": incomplete-stream: the stream ends without data: [DONE] (cut short while"
                + " recording? re-record it)",
            anthropicFile
                + ": incomplete-stream: the stream ends without a message_stop event (cut short"
                + " while recording? re-record it)",
            ollamaFile
                + ": incomplete-stream: the stream ends without a line holding \"done\": true (cut"
                + " short while recording? re-record it)",
            "3 problems in 3 of 3 fixture files in " + dir);
  }

  @Test
  void secretsAreReportedMaskedWithTheirPointer() throws Exception {
    String key = "sk-proj-" + "abcdefghijklmnopqrstuvwxyz0123456789";
    Fixture f =
        Fixtures.fixture(
            Fixtures.chat("my key is " + key).newBuilder().build(),
            Fixtures.chatStream("ok", true));
    Path file = Fixtures.write(dir, f);
    Cli r = Cli.run("verify", dir.toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.out).doesNotContain(key);
    assertThat(r.outLines())
        .containsExactly(
            file
                + ": secret: OpenAI API key at /request/body/messages/0/content: sk-pro…44"
                + " (remove it, revoke the key, and re-record with redaction)",
            "1 problem in 1 of 1 fixture file in " + dir);
  }

  @Test
  void fixturesOlderThanMaxAge() throws Exception {
    Fixture old =
        new Fixture(
            Fixtures.chat("old"),
            List.of(Fixtures.chatStream("x", true)),
            new Provenance(Instant.now().minus(40, ChronoUnit.DAYS), "api.openai.com", "0.1.0"));
    Path oldFile = Fixtures.write(dir, old);
    Fixtures.write(
        dir,
        new Fixture(
            Fixtures.chat("new"),
            List.of(Fixtures.chatStream("y", true)),
            new Provenance(Instant.now().minus(2, ChronoUnit.DAYS), "api.openai.com", "0.1.0")));
    Cli r = Cli.run("verify", dir.toString(), "--max-age", "30d");
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.outLines()).hasSize(2);
    assertThat(r.outLines().get(0))
        .startsWith(oldFile + ": too-old: recorded ")
        .endsWith(" (40 days ago), older than --max-age; re-record it");
    assertThat(Cli.run("verify", dir.toString(), "--max-age", "6w").exit).isEqualTo(0);
    // Ages beyond what an Instant can reach are just very long, not an internal error.
    Cli huge = Cli.run("verify", dir.toString(), "--max-age", "99999999999999d");
    assertThat(huge.exit).as(huge.toString()).isEqualTo(0);
    Cli weeks = Cli.run("verify", dir.toString(), "--max-age", "9999999999999999999w");
    assertThat(weeks.exit).isEqualTo(2);
    assertThat(weeks.err).contains("is not an age");
    assertThat(Cli.run("verify", dir.toString(), "--max-age", "3000000000000000w").exit)
        .isEqualTo(2);
    assertThat(Cli.run("verify", dir.toString()).exit).isEqualTo(0);
  }

  @Test
  void jsonOutputForTools() throws Exception {
    Fixtures.writeText(dir, "broken.json", "{\"request\": [}");
    Fixture a = Fixtures.fixture(Fixtures.chat("same"), Fixtures.chatStream("A", true));
    Fixtures.write(dir, a);
    Fixtures.write(dir, "copy.json", a);
    Cli r = Cli.run("verify", dir.toString(), "--json");
    assertThat(r.exit).isEqualTo(1);
    JsonNode json = Json.parse(r.out);
    assertThat(json.get("files").asInt()).isEqualTo(3);
    assertThat(json.get("problems").asInt()).isEqualTo(2);
    JsonNode broken = json.get("findings").get(0);
    assertThat(broken.get("kind").asText()).isEqualTo("parse-error");
    assertThat(broken.get("file").asText()).isEqualTo(dir.resolve("broken.json").toString());
    assertThat(broken.get("line").asInt()).isEqualTo(1);
    assertThat(broken.get("column").asInt()).isEqualTo(14);
    JsonNode dup = json.get("findings").get(1);
    assertThat(dup.get("kind").asText()).isEqualTo("duplicate-key");
    assertThat(dup.get("other_file").asText())
        .isEqualTo(dir.resolve(Fixtures.key(a).shortHex() + ".json").toString());
    assertThat(dup.get("message").asText()).startsWith("identical copy of ");
    assertThat(dup.has("line")).isFalse();
  }

  @Test
  void jsonOutputWhenClean() throws Exception {
    Cli r = Cli.run("verify", dir.toString(), "--json");
    assertThat(r.exit).isEqualTo(0);
    assertThat(Json.parse(r.out))
        .isEqualTo(Json.parse("{\"files\":0,\"problems\":0,\"findings\":[]}"));
  }

  @Test
  void llamaStackRecordingsJudgedAsOneRecursiveStore() {
    Path llama = SharedData.llamaStack();
    Cli r = Cli.run("verify", "--recursive", llama.toString());
    // Files under the working directory are named relative to it.
    llama = Path.of(FileLabel.of(llama));
    assertThat(r.exit).isEqualTo(1);
    String v = llama.resolve("vision") + java.io.File.separator;
    assertThat(r.outLines())
        .containsExactly(
            llama.resolve("dbc41d2417e1.json")
                + ": duplicate-key: same request key as "
                + llama.resolve("6f96090aa955.json")
                + ", another response (only that one is replayed; delete one of them)",
            llama.resolve("f1ea938b0b0d.json")
                + ": duplicate-key: same request key as "
                + llama.resolve("a4c8d19bb1eb.json")
                + ", another response (only that one is replayed; delete one of them)",
            v
                + "3877ecf1bc62.json: duplicate-key: identical copy of "
                + llama.resolve("3877ecf1bc62.json")
                + " (delete one of them)",
            dupOf(llama, "4096743baf8e"),
            dupOf(llama, "4a3a4447b16b"),
            dupOf(llama, "67198cbad48f"),
            dupOf(llama, "830a1fe14938"),
            dupOf(llama, "9c007f300365"),
            dupOf(llama, "c9667519ad7c"),
            dupOf(llama, "d0ac68cbde69"),
            dupOf(llama, "d4f56d7d1996"),
            "11 problems in 11 of 154 fixture files in " + llama);
  }

  @Test
  void llamaStackRecordingsJudgedDirectoryByDirectory() {
    Path llama = SharedData.llamaStack();
    Cli r = Cli.run("verify", llama.toString());
    llama = Path.of(FileLabel.of(llama));
    assertThat(r.exit).isEqualTo(1);
    // vision/ repeats recordings of the directory above: each is its own lookup scope.
    assertThat(r.outLines())
        .containsExactly(
            llama.resolve("dbc41d2417e1.json")
                + ": duplicate-key: same request key as "
                + llama.resolve("6f96090aa955.json")
                + ", another response (only that one is replayed; delete one of them)",
            llama.resolve("f1ea938b0b0d.json")
                + ": duplicate-key: same request key as "
                + llama.resolve("a4c8d19bb1eb.json")
                + ", another response (only that one is replayed; delete one of them)",
            "2 problems in 2 of 154 fixture files in " + llama);
  }

  @Test
  void twoTestsRecordingTheSameRequestAreAHealthyJunitLayout() throws Exception {
    // What @LlmReplay writes when two tests send one request: <root>/<Class>/<method>/.
    Fixture same = Fixtures.fixture(Fixtures.chat("same"), Fixtures.chatStream("A", true));
    Fixtures.write(Files.createDirectories(dir.resolve("OpenAiSdkTest/streamed")), same);
    Fixtures.write(Files.createDirectories(dir.resolve("OpenAiSdkTest/blocking")), same);
    Fixtures.write(Files.createDirectories(dir.resolve("OtherTest")), same);
    Fixtures.write(dir, same);
    Cli r = Cli.run("verify", dir.toString());
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.outLines()).containsExactly("4 fixture files in " + dir + ": no problems");

    Cli recursive = Cli.run("verify", "--recursive", dir.toString());
    assertThat(recursive.exit).isEqualTo(1);
    assertThat(recursive.outLines()).hasSize(4).last().asString().startsWith("3 problems");
  }

  private static String dupOf(Path llama, String name) {
    return llama.resolve("vision").resolve(name + ".json")
        + ": duplicate-key: same request key as "
        + llama.resolve(name + ".json")
        + ", another response (only that one is replayed; delete one of them)";
  }

  @Test
  void severalDirectoriesAreCheckedTogether() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other"));
    Path one = Files.createDirectories(dir.resolve("one"));
    Fixtures.write(one, Fixtures.fixture(Fixtures.chat("1"), Fixtures.chatStream("1", true)));
    Fixtures.write(other, Fixtures.fixture(Fixtures.chat("2"), Fixtures.chatStream("2", true)));
    Cli r = Cli.run("verify", one.toString(), other.toString());
    assertThat(r.exit).isEqualTo(0);
    assertThat(r.out).isEqualTo("2 fixture files in " + one + ", " + other + ": no problems\n");
  }

  @Test
  void errors() {
    Cli missing = Cli.run("verify", dir.resolve("nope").toString());
    assertThat(missing.exit).isEqualTo(2);
    assertThat(missing.out).isEmpty();
    assertThat(missing.err)
        .isEqualTo("llm-replay verify: no such directory: " + dir.resolve("nope") + "\n");

    Cli badAge = Cli.run("verify", dir.toString(), "--max-age", "soon");
    assertThat(badAge.exit).isEqualTo(2);
    assertThat(badAge.err)
        .isEqualTo(
            "llm-replay verify: invalid value for option '--max-age': 'soon' is not an age: use"
                + " e.g. 30d, 12h, 90m, 2w or P30D (see 'llm-replay verify --help')\n");

    Cli badPointer = Cli.run("verify", dir.toString(), "--ignore-field", "user");
    assertThat(badPointer.exit).isEqualTo(2);
    assertThat(badPointer.err)
        .startsWith("llm-replay verify: ignoreBodyField: JSON pointer must start with '/'");
  }
}
