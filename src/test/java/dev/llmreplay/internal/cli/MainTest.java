package dev.llmreplay.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

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
  @ValueSource(strings = {"serve", "verify", "show", "explain", "prune", "refresh", "report"})
  void everyCommandHasHelpWithExamples(String command) {
    Cli r = Cli.run(command, "--help");
    assertThat(r.exit).isEqualTo(0);
    assertThat(r.err).isEmpty();
    // The header, then the usage line.
    assertThat(r.out).contains("\nUsage: llm-replay " + command + " ");
    // Wrapped text stays within 80 columns; example commands are never wrapped (copy-paste).
    String text = r.out.substring(0, r.out.indexOf("\nExamples:\n"));
    assertThat(text.split("\n"))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    assertThat(r.out).contains("\nExamples:\n");
    assertThat(r.out.substring(r.out.indexOf("\nExamples:\n")))
        .contains("  llm-replay " + command + " ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "serve", "verify", "show", "explain", "prune", "refresh", "report"})
  void helpNeverBreaksAnExampleCommandOrAUrl(String command) {
    Cli r = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");
    CommandLine cl = Main.commandLine(new Main(false, InputStream.nullInputStream(), s -> {}));
    CommandLine.Model.CommandSpec spec =
        command.isEmpty() ? cl.getCommandSpec() : cl.getSubcommands().get(command).getCommandSpec();
    // Every example line of the footer appears whole, on one line of the output.
    List<String> outLines = List.of(r.out.split("\n"));
    for (String example : spec.usageMessage().footer()) {
      if (example.isBlank()) continue;
      assertThat(outLines).as("help of '%s'", command).contains(example.replace("%%", "%"));
    }
    // Every URL the help mentions is printed unbroken.
    StringBuilder written = new StringBuilder(String.join(" ", spec.usageMessage().description()));
    spec.options().forEach(o -> written.append(' ').append(String.join(" ", o.description())));
    Matcher url = Pattern.compile("https?://[^\\s,;)]+[^\\s,;).]").matcher(written);
    while (url.find()) assertThat(r.out).as("help of '%s'", command).contains(url.group());
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
