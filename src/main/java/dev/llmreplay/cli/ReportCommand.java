package dev.llmreplay.cli;

import dev.llmreplay.refresh.ChangeReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code report BEFORE AFTER [--out FILE.md] [--label NAME]}: compares two fixture directories
 * (typically a copy taken before a recording run, and the recordings directory after it) and prints
 * the change report as Markdown: fixtures added, changed (text, tool calls, finish reason, usage,
 * fields added or gone), removed. Volatile values never count as a change.
 *
 * <p>Exit codes: 0 report written; 2 the command could not run (AFTER missing).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Compares fixtures before and after a recording run and prints a Markdown change report"
          + " (for a pull request body)."
    })
public final class ReportCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "BEFORE",
      description = "The fixtures as they were (may be missing).")
  Path before;

  @Parameters(index = "1", paramLabel = "AFTER", description = "The fixtures as they are now.")
  Path after;

  @Option(
      names = "--out",
      paramLabel = "FILE.md",
      description = "Write the report here instead of standard output.")
  Path out;

  @Option(
      names = "--label",
      paramLabel = "NAME",
      description = "Prefix for fixture paths in the report (default: AFTER as given).")
  String label;

  @Option(names = "--title", paramLabel = "TEXT", description = "The report's heading.")
  String title;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(after)) {
      err.println("report: no such directory: " + after);
      err.flush();
      return 2;
    }
    String prefix = label != null ? label : after.toString().replace('\\', '/');
    while (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
    ChangeReport report = ChangeReport.compare(before, after, prefix);
    String markdown =
        title == null
            ? report.toMarkdown()
            : report
                .toMarkdown()
                .replaceFirst(
                    "^## .*\n", java.util.regex.Matcher.quoteReplacement("## " + title + "\n"));
    if (out != null) {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(out, markdown, StandardCharsets.UTF_8);
      stdout.println(report.summary());
    } else {
      stdout.print(markdown);
    }
    stdout.flush();
    return 0;
  }
}
