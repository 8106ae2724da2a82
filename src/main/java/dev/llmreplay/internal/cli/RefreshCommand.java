package dev.llmreplay.internal.cli;

import dev.llmreplay.internal.refresh.ChangeReport;
import dev.llmreplay.internal.refresh.Refresher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llm-replay refresh [DIR...] --target URL --api-key-env NAME [--dry-run] [--report
 * FILE.md]}: re-sends every fixture's recorded request to a live API and writes the new response in
 * its place (see {@link Refresher}). The API key is read from the named environment variable and
 * goes nowhere but the outgoing requests.
 *
 * <p>Exit codes: 0 every fixture refreshed (or checked, or skipped); 1 at least one fixture could
 * not be refreshed (it was left byte-identical); 2 the command could not run (no key, bad URL,
 * missing directory).
 */
@Command(
    name = "refresh",
    mixinStandardHelpOptions = true,
    header = "Re-send each fixture's request to a live API and record the new response in place.",
    versionProvider = Main.ManifestVersion.class,
    description = {
      "Re-sends each fixture's recorded request to --target and writes the new response in its"
          + " place: a drift check without running tests. The API key comes from the environment"
          + " variable named by --api-key-env and goes where the recording shows a credential was"
          + " redacted (else Authorization: Bearer); it is never written or printed.",
      "A fixture is rewritten only when every call succeeds (2xx, complete body, no secret in"
          + " it); otherwise it stays byte-identical. Fixtures that recorded an error response,"
          + " and llama-stack recordings, are skipped.",
      "Exit code 0 when every fixture was refreshed, 1 when any could not be, 2 on errors.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llm-replay refresh recordings --target https://api.openai.com --api-key-env OPENAI_API_KEY",
      "  llm-replay refresh recordings/anthropic --target https://api.anthropic.com \\",
      "      --api-key-env ANTHROPIC_API_KEY --dry-run --report drift.md"
    })
public final class RefreshCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..*",
      paramLabel = "DIR",
      description = "Fixture directories, searched recursively (default: recordings).")
  List<Path> dirs = new ArrayList<>();

  @Option(
      names = "--target",
      required = true,
      paramLabel = "URL",
      description = "The live API's base URL (for example https://api.openai.com).")
  String target;

  @Option(
      names = "--api-key-env",
      required = true,
      paramLabel = "NAME",
      description = "The environment variable holding the API key (never the key itself).")
  String apiKeyEnv;

  @Option(names = "--dry-run", description = "Only report what would change; write nothing.")
  boolean dryRun;

  @Option(
      names = "--report",
      paramLabel = "FILE.md",
      description = "Also write the change report as Markdown (e.g. for a pull request body).")
  Path report;

  @Option(
      names = "--normalize-volatile",
      description =
          "Write response ids as rec-<hash>, created as 0 (and so on), so that an unchanged"
              + " answer leaves the fixture's response byte-identical.")
  boolean normalize;

  @Option(
      names = "--auth-header",
      paramLabel = "NAME",
      description =
          "Send the key in this header (Authorization gets 'Bearer KEY') instead of where the"
              + " recording shows it went.")
  String authHeader;

  private final Function<String, String> environment;

  /** Reads the key from the process environment. */
  public RefreshCommand() {
    this(System::getenv);
  }

  /** For tests and embedding: {@code environment} maps a variable name to its value (or null). */
  public RefreshCommand(Function<String, String> environment) {
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public Integer call() throws IOException {
    String key = environment.apply(apiKeyEnv);
    if (key == null || key.isBlank()) {
      throw new CliException("environment variable " + apiKeyEnv + " is not set or empty");
    }
    Refresher refresher;
    PrintWriter out = spec.commandLine().getOut();
    try {
      refresher =
          Refresher.builder()
              .target(target)
              .apiKey(key)
              .dryRun(dryRun)
              .normalizeVolatileFields(normalize)
              .authHeader(authHeader)
              .log(out::println)
              .build();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    ChangeReport result;
    try {
      result = refresher.refresh(dirs.isEmpty() ? List.of(Path.of("recordings")) : dirs);
    } catch (NoSuchFileException e) {
      throw new CliException("no such directory: " + e.getFile());
    }
    if (report != null) {
      Path parent = report.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(report, result.toMarkdown(), StandardCharsets.UTF_8);
    }
    out.println(result.summary());
    out.flush();
    if (result.failed().isEmpty()) return Main.EXIT_OK;
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        spec.qualifiedName()
            + ": "
            + VerifyCommand.plural(result.failed().size(), "fixture")
            + " not refreshed (left byte-identical)");
    err.flush();
    return Main.EXIT_FINDINGS;
  }
}
