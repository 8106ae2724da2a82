package dev.llmreplay.cli;

import dev.llmreplay.refresh.ChangeReport;
import dev.llmreplay.refresh.Refresher;
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
 * {@code refresh [DIR...] --target URL --api-key-env NAME [--dry-run] [--report FILE.md]}: re-sends
 * every fixture's recorded request to a live API and writes the new response in its place (see
 * {@link Refresher}). The API key is read from the named environment variable and goes nowhere but
 * the outgoing requests.
 *
 * <p>Exit codes: 0 every fixture refreshed (or checked, or skipped); 1 at least one fixture could
 * not be refreshed (it was left byte-identical); 2 the command could not run (no key, bad URL,
 * missing directory).
 */
@Command(
    name = "refresh",
    mixinStandardHelpOptions = true,
    description = {
      "Re-sends each fixture's recorded request to a live API and writes the new response in its"
          + " place: a drift check without running tests.",
      "A fixture is rewritten only when the call succeeds (2xx, complete body, no secret in it);"
          + " otherwise it is left byte-identical and the exit code is 1."
    })
public final class RefreshCommand implements Callable<Integer> {
  @Parameters(
      arity = "0..*",
      paramLabel = "DIR",
      description = "Fixture directories, searched recursively (default: recordings).")
  List<Path> dirs = new ArrayList<>();

  @Option(
      names = "--target",
      required = true,
      paramLabel = "URL",
      description = "The live API's base URL, e.g. https://api.openai.com.")
  String target;

  @Option(
      names = "--api-key-env",
      required = true,
      paramLabel = "NAME",
      description =
          "The environment variable holding the API key (the key itself is never an argument).")
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
          "Write ids as rec-<hash>, created as 0 and so on, so unchanged answers stay"
              + " byte-identical.")
  boolean normalize;

  @Option(
      names = "--auth-header",
      paramLabel = "NAME",
      description =
          "Send the key in this header (Authorization gets 'Bearer KEY') instead of where the"
              + " recording shows it went.")
  String authHeader;

  @Spec CommandSpec spec;

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
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String key = environment.apply(apiKeyEnv);
    if (key == null || key.isBlank()) {
      err.println("refresh: environment variable " + apiKeyEnv + " is not set or empty");
      err.flush();
      return 2;
    }
    List<Path> roots = dirs.isEmpty() ? List.of(Path.of("recordings")) : dirs;
    Refresher refresher;
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
      err.println("refresh: " + e.getMessage());
      err.flush();
      return 2;
    }
    ChangeReport result;
    try {
      result = refresher.refresh(roots);
    } catch (NoSuchFileException e) {
      err.println("refresh: no such directory: " + e.getFile());
      err.flush();
      return 2;
    }
    if (report != null) {
      Path parent = report.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(report, result.toMarkdown(), StandardCharsets.UTF_8);
    }
    out.println(result.summary());
    out.flush();
    if (!result.failed().isEmpty()) {
      err.println(
          "refresh: "
              + result.failed().size()
              + " fixture(s) could not be refreshed and were left as they were");
      err.flush();
      return 1;
    }
    return 0;
  }
}
