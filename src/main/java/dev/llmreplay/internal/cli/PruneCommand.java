package dev.llmreplay.internal.cli;

import dev.llmreplay.internal.fixture.FileLabel;
import dev.llmreplay.internal.fixture.FixtureFormatException;
import dev.llmreplay.internal.fixture.FixtureStore;
import dev.llmreplay.internal.fixture.FixtureWriter;
import dev.llmreplay.internal.usage.UsageLedger;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code llm-replay prune}: deletes fixtures the last test run did not use. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    header = "Delete the fixtures the last test run did not use.",
    versionProvider = Main.ManifestVersion.class,
    description = {
      "Deletes the fixtures under DIR that the usage ledger of the last test run lists neither "
          + "as used nor as recorded, and prints each one. Run the WHOLE test suite first (a run "
          + "of only some tests makes every other test's fixtures look unused); try --dry-run.",
      "Refuses to run (exit 2) when the ledger is missing, lists no tests, or none of the "
          + "fixtures it lists exists (paths from another project directory?). Unreadable "
          + "fixture files are kept and reported.",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  mvn -B verify",
      "  llm-replay prune recordings --usage target/llm-replay/usage.json --dry-run",
      "  llm-replay prune recordings --usage target/llm-replay/usage.json"
    })
final class PruneCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;
  @Mixin KeyOptions keys;

  @Parameters(
      paramLabel = "DIR",
      arity = "0..*",
      description = "Fixture directories to prune (default: recordings).")
  List<Path> dirs = new ArrayList<>();

  @Option(
      names = "--usage",
      paramLabel = "FILE",
      required = true,
      description = "The usage ledger written by the tests, e.g. target/llm-replay/usage.json.")
  Path usage;

  @Option(
      names = "--project-dir",
      paramLabel = "DIR",
      description =
          "What the ledger's relative paths are relative to (default: the directory "
              + "holding target/ when the ledger is target/llm-replay/usage.json, else the working "
              + "directory).")
  Path projectDir;

  @Option(names = "--dry-run", description = "Print what would be removed; remove nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws IOException {
    List<Path> targets = dirs.isEmpty() ? List.of(Path.of("recordings")) : dirs;
    for (Path dir : targets) {
      if (!Files.isDirectory(dir)) throw new CliException("no such directory: " + dir);
    }
    if (!Files.isRegularFile(usage)) {
      throw new CliException(
          "no usage ledger at "
              + FileLabel.of(usage)
              + ": run the tests first (mvn verify) so that the JUnit extension writes it");
    }
    Path base = (projectDir != null ? projectDir : baseOf(usage)).toAbsolutePath().normalize();
    UsageLedger ledger = UsageLedger.at(usage, base);
    Set<Path> keep;
    try {
      if (ledger.read().isEmpty()) {
        throw new CliException(
            FileLabel.of(usage)
                + " lists no tests: refusing to prune (run the whole test suite first)");
      }
      keep = new HashSet<>(ledger.referencedFiles());
    } catch (IOException e) {
      throw new CliException(OneLine.of(e.getMessage()));
    }
    if (!keep.isEmpty() && keep.stream().noneMatch(Files::isRegularFile)) {
      throw new CliException(
          "none of the "
              + keep.size()
              + " fixtures listed in "
              + FileLabel.of(usage)
              + " exists under "
              + base
              + ": refusing to prune (use --project-dir)");
    }

    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int total = 0;
    int removed = 0;
    for (Path dir : targets) {
      FixtureStore store = keys.replayer(dir).store();
      TreeSet<Path> files = new TreeSet<>();
      store.entries().forEach(e -> files.add(e.file()));
      store.duplicates().forEach(pair -> files.add(pair.get(1)));
      for (FixtureFormatException p : store.problems()) {
        total++;
        err.println("kept " + FileLabel.of(p.file()) + ": unreadable, fix or delete it by hand");
      }
      total += files.size();
      for (Path file : files) {
        if (keep.contains(file.toAbsolutePath().normalize())) continue;
        if (!dryRun) FixtureWriter.delete(file, store.root());
        out.println((dryRun ? "would remove " : "removed ") + FileLabel.of(file));
        removed++;
      }
    }
    String verb = dryRun ? "would remove " : "removed ";
    out.println(
        removed == 0
            ? "nothing to remove: all "
                + VerifyCommand.plural(total, "fixture file")
                + " are in use"
            : verb
                + removed
                + " of "
                + VerifyCommand.plural(total, "fixture file")
                + " ("
                + (total - removed)
                + " kept)");
    out.flush();
    return Main.EXIT_OK;
  }

  /** The project directory of {@code PROJECT/target/llm-replay/usage.json}, else the cwd. */
  static Path baseOf(Path ledger) {
    Path abs = ledger.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    if (dir != null
        && dir.getFileName() != null
        && dir.getFileName().toString().equals("llm-replay")
        && dir.getParent() != null
        && dir.getParent().getFileName() != null
        && dir.getParent().getFileName().toString().equals("target")
        && dir.getParent().getParent() != null) {
      return dir.getParent().getParent();
    }
    return Path.of("");
  }
}
