package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmreplay.internal.fixture.Fixture;
import dev.llmreplay.internal.fixture.RecordedResponse;
import dev.llmreplay.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowCommandTest {
  @TempDir Path dir;

  @Test
  void theSeedReadsAsText() {
    Cli r = Cli.run("show", "recordings/seed-legacy-completion-stream.json");
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.err).isEmpty();
    assertThat(r.outLines())
        .containsExactly(
            "file      recordings/seed-legacy-completion-stream.json"
                .replace("/", java.io.File.separator),
            "key       b75cf83cf231dea4f934a35df8533af17e82ff956dc20bd738116a58928b1d7a",
            "endpoint  /v1/completions (as keyed)",
            "",
            "request   POST https://api.together.xyz/v1/v1/completions",
            "model     meta-llama/Llama-3.3-70B-Instruct-Turbo-Free",
            "prompt    Respond to this question and explain your answer. Complete the sentence"
                + " using one word: Roses are red, violets are ",
            "params    max_tokens=50, stream=true, extra_body={}",
            "",
            "response  200 (OpenAI completion, streamed, 51 events)",
            "model     meta-llama/Llama-3.3-70B-Instruct-Turbo-Free",
            "text       _______________________. ",
            "          ",
            "          ## Step 1: Identify the traditional completion of the sentence.",
            "          The traditional completion of the sentence \"Roses are red, violets are...\""
                + " is based on a well-known poem.",
            "          ",
            "          ## Step 2: Recall the poem",
            "finish    length",
            "usage     25 in, 50 out, 75 total");
  }

  @Test
  void aKeyPrefixIsLookedUpInDir() throws Exception {
    Fixture f = Fixtures.fixture(Fixtures.chat("What is 2+2?"), Fixtures.chatStream("4", true));
    Path file = Fixtures.write(dir, "sub/by-hand.json", f);
    String key = Fixtures.key(f).hex();
    Cli r = Cli.run("show", key.substring(0, 12), "--dir", dir.toString());
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.outLines())
        .containsExactly(
            "file      " + file,
            "key       " + key,
            "endpoint  /v1/chat/completions (as keyed)",
            "recorded  2025-01-02T03:04:05Z from api.openai.com by llm-replay test",
            "",
            "request   POST https://api.openai.com/v1/chat/completions",
            "model     gpt-4o-mini",
            "user      What is 2+2?",
            "params    stream=true",
            "",
            "response  200 (OpenAI chat completion, streamed, 2 events)",
            "model     gpt-4o-mini",
            "text      4",
            "finish    stop");
  }

  @Test
  void llamaStackFilesAreFoundByTheirOwnNameAndShowToolCalls() {
    Path llama = SharedData.llamaStack();
    // 35db283fef1d is llama-stack's hash of /v1/v1/completions; our key differs.
    Cli r = Cli.run("show", "35db283fef1d", "--dir", llama.toString());
    assertThat(r.exit).as(r.toString()).isEqualTo(0);
    assertThat(r.outLines())
        .contains(
            "key       e48e1bf1df5a4543ef3762e4d968424ee97b2ff0c2a5e6d627b06268a6cce3a2",
            "user      What's the weather in Tokyo? Use the get_weather function to get the"
                + " weather.",
            "tools     get_weather",
            "response  200 (OpenAI chat completion, not streamed)",
            "tool call get_weather({\"city\":\"Tokyo\"}) [call_99dd5wna]",
            "finish    tool_calls",
            "usage     177 in, 15 out, 192 total");
  }

  @Test
  void ollamaStreamsAreJoined() {
    Cli r = Cli.run("show", SharedData.llamaStack().resolve("04172112ffbb.json").toString());
    assertThat(r.exit).isEqualTo(0);
    assertThat(r.out)
        .contains(
            "response  200 (Ollama generate, streamed, 18 events)\n"
                + "model     llama3.2:3b-instruct-fp16\n"
                + "text      Here's one:\n"
                + "          \n"
                + "          What do you call a fake noodle?\n"
                + "          \n"
                + "          An impasta!\n"
                + "finish    stop\n"
                + "usage     56 in, 18 out\n");
  }

  @Test
  void longPromptsAreCutUnlessFull() {
    String file = SharedData.llamaStack().resolve("04172112ffbb.json").toString();
    assertThat(Cli.run("show", file).outLines())
        .anySatisfy(
            l -> assertThat(l).startsWith("prompt    <|begin_of_text|>").endsWith("… (365 chars)"));
    assertThat(Cli.run("show", file, "--full").out)
        .contains(
            "prompt    <|begin_of_text|><|start_header_id|>system<|end_header_id|>\n          \n");
  }

  @Test
  void severalResponsesAreShownInOrder() throws Exception {
    Fixture f =
        new Fixture(
            Fixtures.chat("again"),
            List.of(Fixtures.chatStream("first", true), Fixtures.chatStream("second", true)),
            null);
    Path file = Fixtures.write(dir, f);
    Cli r = Cli.run("show", file.toString());
    assertThat(r.out)
        .contains("\ncall 1 of 2:\nresponse  200")
        .contains("text      first\n")
        .contains("\ncall 2 of 2 (repeats for later calls):\nresponse  200")
        .contains("text      second\n");
  }

  @Test
  void errors() throws Exception {
    Cli missing = Cli.run("show", dir.resolve("nope.json").toString());
    assertThat(missing.exit).isEqualTo(2);
    assertThat(missing.out).isEmpty();
    assertThat(missing.err)
        .isEqualTo("llm-replay show: no such file: " + dir.resolve("nope.json") + "\n");

    Path broken = Fixtures.writeText(dir, "broken.json", "{\"request\":\n  {\"method\" \"POST\"}}");
    Cli bad = Cli.run("show", broken.toString());
    assertThat(bad.exit).isEqualTo(2);
    assertThat(bad.err)
        .isEqualTo(
            "llm-replay show: "
                + broken
                + ":2:13: invalid JSON: Unexpected character"
                + " ('\"' (code 34)): was expecting a colon to separate field name and value\n");

    Cli noKey = Cli.run("show", "abcdefabcdef", "--dir", dir.toString());
    assertThat(noKey.exit).isEqualTo(2);
    assertThat(noKey.err)
        .isEqualTo("llm-replay show: no fixture with key abcdefabcdef in " + dir + "\n");

    Cli noDir = Cli.run("show", "abcdefabcdef", "--dir", dir.resolve("none").toString());
    assertThat(noDir.exit).isEqualTo(2);
    assertThat(noDir.err)
        .isEqualTo(
            "llm-replay show: no file named abcdefabcdef, and no directory "
                + dir.resolve("none")
                + " to look the key up in (use --dir)\n");
  }

  @Test
  void anAmbiguousKeyPrefixListsTheCandidates() throws Exception {
    RecordedResponse ok = Fixtures.chatStream("x", true);
    Fixture a = Fixtures.fixture(Fixtures.chat("a"), ok);
    Fixture b = Fixtures.fixture(Fixtures.chat("b"), ok);
    Path fa = Fixtures.write(dir, "aaaaaaaaaaaa1.json", a);
    Path fb = Fixtures.write(dir, "aaaaaaaaaaaa2.json", b);
    Cli r = Cli.run("show", "aaaaaaaaaaaa", "--dir", dir.toString());
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err)
        .isEqualTo(
            "llm-replay show: key aaaaaaaaaaaa matches 2 fixtures in "
                + dir
                + ": "
                + fa
                + ", "
                + fb
                + " (give more characters)\n");
  }
}
