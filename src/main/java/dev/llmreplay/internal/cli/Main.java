package dev.llmreplay.internal.cli;

import dev.llmreplay.internal.fixture.FileLabel;
import dev.llmreplay.internal.fixture.FixtureFormatException;
import dev.llmreplay.internal.fixture.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code llm-replay} command line. Run it with {@code java -jar llm-replay-VERSION-all.jar
 * COMMAND ...}; {@link #commandLine(Main)} gives the configured picocli {@link CommandLine} for
 * running commands in-process.
 *
 * <p>Exit codes: 0 success; 1 {@code verify} found problems or {@code explain} found no matching
 * fixture; 2 the command could not run (bad option, unknown command, missing or unreadable input).
 * Every error is one line on stderr.
 */
@Command(
    name = "llm-replay",
    mixinStandardHelpOptions = true,
    versionProvider = Main.ManifestVersion.class,
    description = {"Serves, checks and explains llm-replay fixtures (recorded LLM API calls).", ""},
    subcommands = {
      ServeCommand.class,
      VerifyCommand.class,
      ShowCommand.class,
      ExplainCommand.class,
      PruneCommand.class,
      RefreshCommand.class,
      ReportCommand.class
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExamples:%n",
    footer = {
      "  llm-replay serve recordings",
      "  llm-replay verify recordings",
      "  llm-replay show 3f9a1c2b4d5e",
      "  llm-replay explain request.json --dir recordings",
      "  llm-replay prune recordings --usage target/llm-replay/usage.json --dry-run",
      "  llm-replay refresh recordings --target https://api.openai.com --api-key-env OPENAI_API_KEY --dry-run",
      "  llm-replay report before/recordings recordings --out report.md",
      "",
      "Exit codes: 0 success, 1 problems found (verify) or no match (explain), 2 error.",
      "Run 'llm-replay COMMAND --help' for a command's options."
    })
public final class Main implements Callable<Integer> {
  /** The command did what was asked. */
  public static final int EXIT_OK = 0;

  /** {@code verify} found problems; {@code explain} found no fixture for the request. */
  public static final int EXIT_FINDINGS = 1;

  /** The command could not run: usage error, missing or unreadable input. */
  public static final int EXIT_ERROR = 2;

  private final boolean terminal;
  private final InputStream stdin;
  private final ServeWait serveWait;

  @Spec CommandSpec spec;

  /** The command line as run from a shell: progress shown only when attached to a terminal. */
  public Main() {
    this(System.console() != null, System.in, ServeWait.UNTIL_SHUTDOWN);
  }

  /**
   * For tests: whether to draw progress, where {@code -} reads from, and how {@code serve} waits
   * once the server runs.
   */
  Main(boolean terminal, InputStream stdin, ServeWait serveWait) {
    this.terminal = terminal;
    this.stdin = stdin;
    this.serveWait = serveWait;
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    CommandLine cl = commandLine(new Main());
    cl.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    cl.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
    int code = cl.execute(args);
    cl.getOut().flush();
    cl.getErr().flush();
    System.exit(code);
  }

  /**
   * A picocli command line over {@code main} with llm-replay's error handling: every error is one
   * line on stderr ("llm-replay COMMAND: what went wrong") and exit code {@link #EXIT_ERROR}.
   */
  public static CommandLine commandLine(Main main) {
    return commandLine(main, CommandLine.defaultFactory());
  }

  /** Like {@link #commandLine(Main)}, creating the subcommands with {@code factory}. */
  public static CommandLine commandLine(Main main, CommandLine.IFactory factory) {
    CommandLine cl = new CommandLine(main, factory);
    verbatimFooters(cl);
    cl.setParameterExceptionHandler(Main::onBadParameters);
    cl.setExecutionExceptionHandler(Main::onFailure);
    return cl;
  }

  /**
   * Prints every command's footer (its examples) line by line as written: picocli would wrap an
   * example command at the help width, mid-token ({@code https://api.openai.} / {@code com}), and a
   * wrapped command breaks when copied into a shell.
   */
  private static void verbatimFooters(CommandLine cl) {
    cl.getHelpSectionMap()
        .put(
            CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
            help -> {
              StringBuilder out = new StringBuilder();
              for (String line : help.commandSpec().usageMessage().footer()) {
                // Footers hold no format specifiers but picocli's own %n and %%.
                out.append(line.replace("%n", System.lineSeparator()).replace("%%", "%"))
                    .append(System.lineSeparator());
              }
              return out.toString();
            });
    cl.getSubcommands().values().forEach(Main::verbatimFooters);
  }

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "llm-replay: missing command: use serve, verify, show, explain, prune, refresh or report"
                + " (see 'llm-replay --help')");
    return EXIT_ERROR;
  }

  boolean terminal() {
    return terminal;
  }

  InputStream stdin() {
    return stdin;
  }

  ServeWait serveWait() {
    return serveWait;
  }

  private static int onBadParameters(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String name = cl.getCommandSpec().qualifiedName();
    String message = e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException
        && cl.getCommandSpec().subcommands().size() > 0) {
      List<String> unmatched = ((CommandLine.UnmatchedArgumentException) e).getUnmatched();
      String first = unmatched.isEmpty() ? "" : unmatched.get(0);
      if (!first.startsWith("-")) {
        List<String> suggestions = ((CommandLine.UnmatchedArgumentException) e).getSuggestions();
        message =
            "unknown command '"
                + first
                + "'"
                + (suggestions.isEmpty() ? "" : " (did you mean '" + suggestions.get(0) + "'?)");
      }
    }
    cl.getErr()
        .println(name + ": " + OneLine.of(lowerFirst(message)) + " (see '" + name + " --help')");
    return EXIT_ERROR;
  }

  private static int onFailure(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
    String name = cl.getCommandSpec().qualifiedName();
    cl.getErr().println(name + ": " + OneLine.of(describe(e)));
    return e instanceof CliException ? ((CliException) e).exitCode() : EXIT_ERROR;
  }

  /** One line saying what went wrong, without a stack trace. */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException && e.getCause() != null) return describe(e.getCause());
    if (e instanceof CliException) return e.getMessage();
    if (e instanceof FixtureFormatException) {
      FixtureFormatException f = (FixtureFormatException) e;
      return location(FileLabel.of(f.file()), f.line(), f.column())
          + ": "
          + OneLine.of(f.problem());
    }
    if (e instanceof NoSuchFileException) return "no such file: " + e.getMessage();
    if (e instanceof AccessDeniedException) return "permission denied: " + e.getMessage();
    if (e instanceof IOException) return e.getMessage() == null ? e.toString() : e.getMessage();
    return "internal error: " + e;
  }

  /** {@code file:line:column}, leaving out what is unknown. */
  static String location(String file, int line, int column) {
    return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "");
  }

  private static String lowerFirst(String s) {
    if (s == null || s.isEmpty()) return "error";
    // Keep picocli's own capitalized words (e.g. "Unknown option") readable after "name: ".
    return Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** The version from the jar manifest ({@code Implementation-Version}), "dev" when unpackaged. */
  static final class ManifestVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"llm-replay " + Version.current()};
    }
  }
}
