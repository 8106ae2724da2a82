package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fixture.Fixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
  private static final String SEED_BODY =
      "{\"model\": \"meta-llama/Llama-3.3-70B-Instruct-Turbo-Free\", \"prompt\": \"Respond to this"
          + " question and explain your answer. Complete the sentence using one word: Roses are"
          + " red, violets are \", \"max_tokens\": 50, \"stream\": true}";
  private static final String SEED_CANONICAL =
      "{\"body\": {\"max_tokens\": 50, \"model\": \"meta-llama/Llama-3.3-70B-Instruct-Turbo-Free\","
          + " \"prompt\": \"Respond to this question and explain your answer. Complete the sentence"
          + " using one word: Roses are red, violets are \", \"stream\": true}, \"endpoint\":"
          + " \"/v1/completions\", \"method\": \"POST\"}";
  private static final String SEED_KEY =
      "b75cf83cf231dea4f934a35df8533af17e82ff956dc20bd738116a58928b1d7a";

  @TempDir Path dir;

  @Test
  void aBareBodyPrintsItsCanonicalJsonAndKey() throws Exception {
    Path body = Fixtures.writeText(dir, "body.json", SEED_BODY + "\n");
    Cli r = Cli.run("explain", body.toString(), "--path", "/v1/completions");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.err).isEmpty();
    assertThat(r.outLines())
        .containsExactly(
            "input     " + body + " (request body)",
            "method    POST",
            "endpoint  /v1/completions",
            "key       " + SEED_KEY,
            "new file  b75cf83cf231.json (what a recording of it would be named)",
            "",
            "Canonical JSON (these exact UTF-8 bytes are hashed with SHA-256):",
            SEED_CANONICAL);
  }

  @Test
  void stdinWithDirFindsTheMatchingFixture() {
    Cli r =
        Cli.withStdin(
            SEED_BODY, "explain", "-", "--path", "/openai/v1/completions", "--dir", "recordings");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.outLines().get(0)).isEqualTo("input     <stdin> (request body)");
    assertThat(r.outLines()).contains("key       " + SEED_KEY);
    assertThat(r.outLines().get(r.outLines().size() - 1))
        .isEqualTo("match     " + Path.of("recordings", "seed-legacy-completion-stream.json"));
  }

  @Test
  void aFixtureShapedInputIsKeyedAsTheIndexKeysIt() {
    // The seed is a llama-stack-shaped file: extra_body is merged away, /v1/v1 normalized.
    Cli r = Cli.run("explain", "recordings/seed-legacy-completion-stream.json");
    assertThat(r.exit).isEqualTo(0);
    assertThat(r.outLines())
        .contains("endpoint  /v1/completions", "key       " + SEED_KEY, SEED_CANONICAL);
    assertThat(r.outLines().get(0)).endsWith(" (fixture request)");
  }

  @Test
  void aMissShowsTheNearestFixtureAndItsDiffAndExits1() throws Exception {
    Path body = Fixtures.writeText(dir, "body.json", SEED_BODY.replace("50", "40"));
    Cli r = Cli.run("explain", body.toString(), "--path", "/v1/completions", "--dir", "recordings");
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.out)
        .contains("\nNo recorded response for POST /v1/completions\n")
        .contains(
            "Nearest recorded request: "
                + Path.of("recordings", "seed-legacy-completion-stream.json")
                + " (same method and endpoint, 1 field differs)\n  changed  /max_tokens: 50 → 40\n")
        .contains("-  \"max_tokens\": 50,\n+  \"max_tokens\": 40,\n")
        .endsWith(
            "To record it, serve in record-missing mode against the real API:\n"
                + "  llm-replay serve DIR --mode record-missing --target https://api.openai.com\n");
  }

  @Test
  void ignoredFieldsLeaveTheKeyAndMethodAndQueryCount() throws Exception {
    Fixture f = Fixtures.fixture(Fixtures.chat("hi"), Fixtures.chatStream("Hello", true));
    Path recorded = Fixtures.write(dir.resolve("rec"), f);
    Path body =
        Fixtures.writeText(
            dir,
            "body.json",
            "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"stream\":true,\"user\":\"u-123\"}");
    Cli plain = Cli.run("explain", body.toString(), "--dir", dir.resolve("rec").toString());
    assertThat(plain.exit).isEqualTo(1);
    Cli ignoring =
        Cli.run(
            "explain",
            body.toString(),
            "--dir",
            dir.resolve("rec").toString(),
            "--ignore-field",
            "/user");
    assertThat(ignoring.exit).as(ignoring.toString()).isEqualTo(0);
    assertThat(ignoring.outLines()).contains("ignored   /user", "match     " + recorded);

    Cli get =
        Cli.run(
            "explain",
            body.toString(),
            "--method",
            "get",
            "--path",
            "/v1/models?limit=2&key=secret");
    assertThat(get.outLines()).contains("method    GET", "endpoint  /v1/models?limit=2");
  }

  @Test
  void errors() throws Exception {
    Cli missing = Cli.run("explain", dir.resolve("nope.json").toString());
    assertThat(missing.exit).isEqualTo(2);
    assertThat(missing.out).isEmpty();
    assertThat(missing.err)
        .isEqualTo("llm-replay explain: no such file: " + dir.resolve("nope.json") + "\n");

    Path bad = Fixtures.writeText(dir, "bad.json", "{\"model\": \"x\",\n \"messages\": [}\n");
    Cli badJson = Cli.run("explain", bad.toString());
    assertThat(badJson.exit).isEqualTo(2);
    assertThat(badJson.err)
        .isEqualTo(
            "llm-replay explain: "
                + bad
                + ":2:15: invalid JSON: Unexpected close marker '}':"
                + " expected ']' (for Array starting at line 2, column 14)\n");

    Cli empty = Cli.withStdin("", "explain", "-");
    assertThat(empty.exit).isEqualTo(2);
    assertThat(empty.err).isEqualTo("llm-replay explain: <stdin>: empty input, expected JSON\n");

    Cli noDir = Cli.withStdin("{}", "explain", "-", "--dir", dir.resolve("none").toString());
    assertThat(noDir.exit).isEqualTo(2);
    assertThat(noDir.err)
        .isEqualTo("llm-replay explain: no such directory: " + dir.resolve("none") + "\n");

    Cli directory = Cli.run("explain", dir.toString());
    assertThat(directory.exit).isEqualTo(2);
    assertThat(directory.err)
        .isEqualTo("llm-replay explain: " + dir + " is a directory, not a request file\n");

    Cli badFixture = Cli.withStdin("{\"request\": {\"url\": \"/v1/x\"}}", "explain", "-");
    assertThat(badFixture.exit).isEqualTo(2);
    assertThat(badFixture.err)
        .isEqualTo("llm-replay explain: <stdin>: \"request\" has no \"method\"\n");
  }
}
