package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MainTest {
  @Test
  void noCommandIsOneLineAndExitCode2() {
    Cli r = Cli.run();
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.out).isEmpty();
    assertThat(r.err)
        .isEqualTo(
            "llm-replay: missing command: use serve, verify, show, explain, prune, refresh or report"
                + " (see 'llm-replay --help')\n");
  }

  @Test
  void helpListsEveryCommandWithExamples() {
    Cli r = Cli.run("--help");
    assertThat(r.exit).isEqualTo(0);
    assertThat(r.err).isEmpty();
    assertThat(r.out)
        .contains("Usage: llm-replay [-hV] [COMMAND]")
        .contains("  serve    Serve the fixtures over HTTP, for SDKs, Python, Node or curl.")
        .contains("  show     Show a fixture: the request in brief and the response as text.")
        .contains("  explain  Show how a request is keyed, and why it does or does not match.")
        .contains("  prune    Delete the fixtures the last test run did not use.")
        .contains("  verify   Check fixtures:")
        .contains("Examples:\n  llm-replay serve recordings\n")
        .contains(
            "Exit codes: 0 success, 1 problems found (verify) or no match (explain), 2 error.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "verify", "show", "explain", "prune"})
  void everyCommandHasHelpWithExamples(String command) {
    Cli r = Cli.run(command, "--help");
    assertThat(r.exit).isEqualTo(0);
    assertThat(r.err).isEmpty();
    // The one-line header, then the usage line.
    assertThat(r.out.split("\n")[1]).startsWith("Usage: llm-replay " + command + " ");
    assertThat(r.out.split("\n"))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    assertThat(r.out).contains("\nExamples:\n");
    assertThat(r.out.substring(r.out.indexOf("\nExamples:\n")))
        .contains("  llm-replay " + command + " ");
  }

  @Test
  void versionComesFromTheManifestAndIsDevWhenUnpackaged() {
    Cli r = Cli.run("--version");
    assertThat(r.exit).isEqualTo(0);
    assertThat(r.out).isEqualTo("llm-replay dev\n");
  }

  @Test
  void unknownCommandSuggestsTheNearestOne() {
    Cli r = Cli.run("shw", "x");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.out).isEmpty();
    assertThat(r.err)
        .isEqualTo(
            "llm-replay: unknown command 'shw' (did you mean 'show'?) (see 'llm-replay --help')\n");
    assertThat(Cli.run("xyzzy").err)
        .isEqualTo("llm-replay: unknown command 'xyzzy' (see 'llm-replay --help')\n");
  }

  @Test
  void unknownOptionIsOneLineNamingTheCommand() {
    Cli r = Cli.run("verify", "--bogus");
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err)
        .isEqualTo(
            "llm-replay verify: unknown option: '--bogus' (see 'llm-replay verify --help')\n");
    assertThat(Cli.run("--bogus").err)
        .isEqualTo("llm-replay: unknown option: '--bogus' (see 'llm-replay --help')\n");
  }

  @Test
  void missingParameterAndBadValueAreOneLine() {
    Cli missing = Cli.run("show");
    assertThat(missing.exit).isEqualTo(2);
    assertThat(missing.err)
        .isEqualTo(
            "llm-replay show: missing required parameter: 'FILE|KEY' (see 'llm-replay show"
                + " --help')\n");
    Cli badInt = Cli.run("serve", "--port", "abc");
    assertThat(badInt.exit).isEqualTo(2);
    assertThat(badInt.err)
        .isEqualTo(
            "llm-replay serve: invalid value for option '--port': 'abc' is not an int"
                + " (see 'llm-replay serve --help')\n");
  }
}
